import Foundation

/// ISO-8601 timestamps as the API writes and reads them: UTC, millisecond precision on output,
/// fractional seconds optional on input.
enum ISO8601 {
    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withoutFraction = Date.ISO8601FormatStyle()

    /// Formats `date` as `2024-01-31T12:00:00.000Z`.
    static func string(from date: Date) -> String {
        withFraction.format(date)
    }

    /// Parses `2024-01-31T12:00:00Z` or `2024-01-31T12:00:00.250Z`; nil when neither matches.
    static func date(from text: String) -> Date? {
        if let date = try? withFraction.parse(text) { return date }
        return try? withoutFraction.parse(text)
    }
}

/// Parses and formats the durations of scenario files: `500us`, `200ms`, `1.5s`, `2m`, `1h`.
public enum DurationText {
    private static let units: [(suffix: String, nanos: Double)] = [
        ("ns", 1), ("us", 1_000), ("µs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000),
        ("h", 3_600_000_000_000),
    ]

    /// Nanoseconds of a duration literal, or nil when it has no unit, is negative, or is not a number.
    public static func parseNanos(_ text: String) -> Int64? {
        let trimmed = text.trimmingSpaces()
        // Longest suffix first so "ms" is not read as "m" + "s".
        for unit in units.sorted(by: { $0.suffix.count > $1.suffix.count }) where trimmed.hasSuffix(unit.suffix) {
            let number = trimmed.dropLast(unit.suffix.count).trimmingSpaces()
            guard !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "." }),
                  let value = Double(number), value.isFinite, value >= 0
            else { return nil }
            let nanos = value * unit.nanos
            guard nanos < 9.2e18 else { return nil }
            return Int64(nanos.rounded())
        }
        return nil
    }

    /// Short text for microseconds: `850us`, `200ms`, `1.5s`.
    public static func format(micros: Int64) -> String {
        if micros < 1_000 { return "\(micros)us" }
        if micros < 1_000_000 { return trim(Double(micros) / 1_000) + "ms" }
        return trim(Double(micros) / 1_000_000) + "s"
    }

    private static func trim(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        if rounded == rounded.rounded() { return String(Int64(rounded)) }
        return String(rounded)
    }
}

extension ReportFormat {
    /// What `--format` values ask for (comma-separated or repeated; `all`; `markdown` for `md`), in order, without
    /// repeats; a problem names the unknown value.
    public static func parse(_ values: [String]) -> Result<[ReportFormat], ReportFormatError> {
        var result: [ReportFormat] = []
        for value in values.flatMap({ $0.split(separator: ",").map { String($0.filter { !$0.isWhitespace }).lowercased() } }) {
            if value == "all" {
                result += ReportFormat.allCases
            } else if let format = ReportFormat(rawValue: value == "markdown" ? "md" : value) {
                result.append(format)
            } else {
                return .failure(ReportFormatError(value: value))
            }
        }
        var seen = Set<ReportFormat>()
        return .success(result.filter { seen.insert($0).inserted })
    }
}

/// A `--format` value that names no report.
public struct ReportFormatError: Error, CustomStringConvertible, Sendable {
    public let value: String
    public var description: String { "unknown report format '\(value)' (use html, md, csv, junit or all)" }
}

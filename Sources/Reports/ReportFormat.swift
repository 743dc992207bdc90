/// The report files a run folder gets.
public enum ReportFormat: String, CaseIterable, Sendable {
    case html
    case md
    case csv
    case junit

    /// The file name of this report in a run folder.
    public var fileName: String {
        switch self {
        case .html: return "report.html"
        case .md: return "summary.md"
        case .csv: return "timeseries.csv"
        case .junit: return "junit.xml"
        }
    }
}

import BenchCore

/// The entry point for writing reports: every report of a run, by file name. Pure: the caller writes the files.
///
/// ```swift
/// for (name, text) in ReportSet.render(result) { try write(text, to: runFolder + "/" + name) }
/// ```
public enum ReportSet {
    /// Every report of `result` (`report.html`, `summary.md`, `timeseries.csv`, `junit.xml`), keyed by file name.
    /// `sweep` adds the throughput- and latency-against-load charts to the HTML.
    public static func render(_ result: RunResult, sweep: SweepSeries? = nil, plan: PlanView? = nil) -> [String: String] {
        render(result, formats: ReportFormat.allCases, sweep: sweep, plan: plan)
    }

    /// The chosen reports of `result`, keyed by file name.
    public static func render(_ result: RunResult, formats: [ReportFormat], sweep: SweepSeries? = nil,
                              plan: PlanView? = nil) -> [String: String] {
        var files: [String: String] = [:]
        for format in formats { files[format.fileName] = render(result, format: format, sweep: sweep, plan: plan) }
        return files
    }

    /// One report of `result`.
    public static func render(_ result: RunResult, format: ReportFormat, sweep: SweepSeries? = nil, plan: PlanView? = nil) -> String {
        switch format {
        case .html: return HTMLReport.render(result, sweep: sweep ?? result.sweep.map(SweepSeries.init), plan: plan)
        case .md: return MarkdownSummary.render(result)
        case .csv: return TimeSeriesCSV.render(result)
        case .junit: return JUnitReport.render(result)
        }
    }
}

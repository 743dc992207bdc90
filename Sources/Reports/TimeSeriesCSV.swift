import BenchCore

/// `timeseries.csv`: one row per second of the run, with a header row. Seconds missing from the series (none
/// completed) are written as zero rows, so row n is always second n — up to `maxFilledRows` zero rows in all: a
/// series whose seconds jump further than that (which `ResultValidator` refuses when reading a result) keeps its
/// jumps rather than writing rows without end.
public enum TimeSeriesCSV {
    /// The most zero rows written to fill gaps: a day of seconds.
    public static let maxFilledRows = 86_400

    /// The column names, in order; one `errors_<kind>` column per error kind, always all of them.
    public static let header: [String] = ["second", "requests", "errors", "bytes_sent", "bytes_received", "p50_us", "p90_us",
                                          "p99_us", "max_us", "service_p50_us", "service_p99_us"]
        + ErrorKind.allCases.map { "errors_" + $0.rawValue }

    /// The CSV text of a result's time series.
    public static func render(_ result: RunResult) -> String {
        var out = header.joined(separator: ",") + "\n"
        let points = ReportCharts.timeSeries(result)
        out.reserveCapacity(points.count * 80)
        var expected = points.first.map { min(0, $0.second) } ?? 0
        let zeroKinds = String(repeating: ",0", count: ErrorKind.allCases.count)
        var filled = 0
        for p in points {
            let gap = p.second.subtractingReportingOverflow(expected)
            if p.second > expected, gap.overflow || gap.partialValue > maxFilledRows - filled { expected = p.second }
            while expected < p.second {
                out += "\(expected),0,0,0,0,0,0,0,0,0,0" + zeroKinds + "\n"
                expected += 1
                filled += 1
            }
            guard p.second >= expected else { continue }
            var row = "\(p.second),\(p.requests),\(p.errors),\(p.bytesSent),\(p.bytesReceived),\(p.p50Micros),\(p.p90Micros),"
            row += "\(p.p99Micros),\(p.maxMicros),\(p.serviceP50Micros),\(p.serviceP99Micros)"
            for kind in ErrorKind.allCases { row += ",\(p.errorsByKind[kind.rawValue] ?? 0)" }
            out += row + "\n"
            expected = p.second &+ 1
        }
        return out
    }
}

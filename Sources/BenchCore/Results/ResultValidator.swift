/// One inconsistency in a decoded result: where it is (a JSON path) and what was expected there.
public struct ResultIssue: Equatable, Sendable, CustomStringConvertible {
    /// The JSON path, e.g. `histograms.endpoints[0].latency.buckets[3]`.
    public var path: String
    public var expected: String
    public var description: String { "\(path): expected \(expected)" }

    public init(path: String, expected: String) {
        self.path = path
        self.expected = expected
    }
}

/// Checks that a result which decoded is also internally consistent, so that no report, comparison, merge or plan
/// reads a bucket that is not a `[value, count]` pair, fills a gap of a trillion seconds or sums counts past
/// `UInt64`. `ResultCodec.decode` runs it on every result it reads.
///
/// The rules hold by construction for every result crmbench writes (and merges): histogram totals equal the
/// summary counts read off them, percentiles are in order, seconds ascend within the run's duration.
public enum ResultValidator {
    /// The largest count accepted in one histogram or summary: 2^53, exact as a `Double`, and far above what a
    /// run can count, so that adding the counts of many results cannot overflow.
    public static let maxCount: UInt64 = 1 << 53
    /// The longest run accepted: one year, in seconds.
    public static let maxDurationSeconds: Double = 366 * 86_400
    /// Time-series points may lie this far after the run's duration (the drain of the last requests).
    public static let drainAllowanceSeconds = 3_600

    /// Every inconsistency found, in document order; empty when the result is consistent.
    public static func issues(in result: RunResult) -> [ResultIssue] {
        var check = ResultChecks()
        check.duration(result.meta.durationSeconds, at: "meta.durationSeconds")
        check.duration(result.config.durationSeconds, at: "config.durationSeconds")
        if let rate = result.config.ratePerSecond { check.nonNegative(rate, at: "config.ratePerSecond") }
        check.summary(result.summary.overall, histograms: result.histograms.overall, at: "summary.overall",
                      histogramsPath: "histograms.overall")
        let summaries = result.summary.endpoints, histograms = result.histograms.endpoints
        check.expect(summaries.count == histograms.count, "histograms.endpoints",
                     "one entry per summary.endpoints entry (\(summaries.count)), found \(histograms.count)")
        for (i, (s, h)) in zip(summaries, histograms).enumerated() {
            check.expect(s.name == h.name, "histograms.endpoints[\(i)].name", "\"\(s.name)\" as in summary.endpoints[\(i)], found \"\(h.name)\"")
            check.summary(s, histograms: h, at: "summary.endpoints[\(i)]", histogramsPath: "histograms.endpoints[\(i)]")
        }
        check.generator(result.generator, lag: result.histograms.lag)
        let durations = [result.meta.durationSeconds, result.config.durationSeconds].filter { $0.isFinite && $0 <= maxDurationSeconds }
        let lastSecond = Int((durations.max() ?? 0).rounded(.up)) + drainAllowanceSeconds
        check.timeSeries(result.timeSeries, lastSecond: lastSecond)
        for (i, h) in histograms.enumerated() {
            if let windows = h.windows { check.windows(windows, at: "histograms.endpoints[\(i)].windows", lastSecond: lastSecond) }
        }
        if let scenario = result.scenario { check.scenario(scenario, lastSecond: lastSecond) }
        if let sweep = result.sweep { check.sweep(sweep) }
        if let server = result.server { check.server(server, at: "server") }
        return check.issues
    }
}

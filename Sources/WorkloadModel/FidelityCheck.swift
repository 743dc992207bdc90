/// Compares a run with the log it was modelled on, figure by figure.
public enum FidelityCheck {
    /// One compared figure.
    public struct Figure: Sendable, Equatable {
        public var name: String
        /// The log's value and the run's (shares in percent, or the KS statistic as `run`).
        public var log: Double
        public var run: Double
        /// The distance compared with the limit (percentage points, or the KS statistic).
        public var distance: Double
        public var limit: Double
        public var passed: Bool { distance <= limit }
        public var detail: String
    }

    /// Tolerances of the check.
    public struct Limits: Sendable {
        /// Per endpoint: |run share − log share| in percentage points.
        public var mixPercentagePoints = 2.0
        /// Two-sample KS statistic of session lengths, durations, pauses and session start times.
        public var ksStatistic = 0.1
        /// Sessions started per second: |run ÷ (log × scale) − 1| in percent.
        public var arrivalRatePercent = 10.0
        public init() {}
    }

    /// Mix per endpoint: every endpoint of either side, by share of requests.
    public static func mix(log: [String: Int], run: [String: Int], limits: Limits = Limits()) -> [Figure] {
        let logTotal = Double(max(log.values.reduce(0, +), 1)), runTotal = Double(max(run.values.reduce(0, +), 1))
        return Set(log.keys).union(run.keys).sorted().map { key in
            let a = Double(log[key] ?? 0) / logTotal * 100, b = Double(run[key] ?? 0) / runTotal * 100
            return Figure(name: "mix \(key)", log: a, run: b, distance: abs(a - b), limit: limits.mixPercentagePoints,
                          detail: "\(log[key] ?? 0) of \(Int(logTotal)) vs \(run[key] ?? 0) of \(Int(runTotal)) requests")
        }
    }

    /// A two-sample KS figure of two samples.
    public static func distribution(_ name: String, log: [Double], run: [Double], limits: Limits = Limits()) -> Figure {
        let d = KolmogorovSmirnov.statistic(log, run)
        return Figure(name: name, log: Double(log.count), run: Double(run.count), distance: d, limit: limits.ksStatistic,
                      detail: "KS D \(ScenarioWriter.format(d)) (n=\(log.count), m=\(run.count), p≈\(ScenarioWriter.format(KolmogorovSmirnov.pValue(statistic: d, n: log.count, m: run.count))))")
    }

    /// A KS figure of a sample against a weighted distribution (a histogram's buckets).
    public static func distribution(_ name: String, log: [Double], runBuckets: [(value: Double, weight: Double)], limits: Limits = Limits()) -> Figure {
        let d = KolmogorovSmirnov.statistic(log, weighted: runBuckets)
        let m = Int(runBuckets.reduce(0) { $0 + $1.weight })
        return Figure(name: name, log: Double(log.count), run: Double(m), distance: d, limit: limits.ksStatistic,
                      detail: "KS D \(ScenarioWriter.format(d)) (n=\(log.count), m=\(m))")
    }

    /// The arrival profile: when sessions started (two-sample KS of the start times as seconds from each side's
    /// first start: the generated load lasts as long as the log, so the profiles line up) and how many per second
    /// (first to last start), the run's against the log's times `scale`.
    public static func arrivals(
        log: (offsetsSeconds: [Double], sessions: Int, spanSeconds: Double),
        run: (offsetsSeconds: [Double], sessions: Int, spanSeconds: Double), scale: Double, limits: Limits = Limits()
    ) -> [Figure] {
        var shape = distribution("arrival profile (session starts)", log: log.offsetsSeconds, run: run.offsetsSeconds,
                                 limits: limits)
        shape.detail += String(format: " over %.1f s of log and %.1f s of run", log.spanSeconds, run.spanSeconds)
        let logRate = log.spanSeconds > 0 ? Double(log.sessions) / log.spanSeconds : 0
        let runRate = run.spanSeconds > 0 ? Double(run.sessions) / run.spanSeconds : 0
        let expected = logRate * scale
        let off = expected > 0 ? abs(runRate / expected - 1) * 100 : (runRate > 0 ? 100 : 0)
        let rate = Figure(
            name: "arrival rate (sessions/s)", log: expected, run: runRate, distance: off, limit: limits.arrivalRatePercent,
            detail: String(format: "%.2f/s in the run vs %.2f/s in the log%@ (%d and %d sessions)", runRate, logRate,
                           scale == 1 ? "" : String(format: " × %.2f", scale), run.sessions, log.sessions))
        return [shape, rate]
    }
}

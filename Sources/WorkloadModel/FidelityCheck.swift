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
        /// Two-sample KS statistic of session lengths, durations and pauses.
        public var ksStatistic = 0.1
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
}

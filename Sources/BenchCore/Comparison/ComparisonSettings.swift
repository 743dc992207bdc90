/// How `compare` decides: confidence, resampling and the smallest change worth reporting.
public struct ComparisonSettings: Codable, Sendable, Equatable {
    /// Confidence level of the intervals.
    public var confidence: Double = 0.95
    /// Bootstrap resamples per metric.
    public var resamples: Int = 1_000
    /// Seed of the resampling, so the same inputs always give the same output.
    public var seed: UInt64 = 0x00C0_FFEE
    /// Smallest relative change (fraction) of throughput or a latency percentile that counts, however
    /// significant: below it the verdict is "no significant change", so tiny real differences do not flap.
    /// 5%: back-to-back runs of one configuration against the reference CRM (20 ms of server latency, 4 s each)
    /// drifted by 1.5% in p50 and 1.7% in throughput over six runs, and by over 2% in p50 in another pair: a
    /// drift no single run's own noise shows.
    public var minRelativeChange: Double = 0.05
    /// Smallest absolute latency change (µs) that counts: a 2% change of a 40 µs p50 is noise of the clock.
    public var minLatencyChangeMicros: Double = 5
    /// Smallest change of the error rate (absolute, as a fraction: 0.001 is 0.1 percentage point) that counts.
    public var minErrorRateChange: Double = 0.001
    /// Expected share of false "improved"/"regressed" rows among those flagged (Benjamini–Hochberg over every row).
    public var falseDiscoveryRate: Double = 0.05

    public init() {}

    /// Every problem with the settings, empty when valid.
    public func validate() -> [String] {
        var problems: [String] = []
        if !(confidence > 0.5 && confidence < 1) { problems.append("confidence must be between 0.5 and 1 (got \(confidence))") }
        if resamples < 100 { problems.append("resamples must be at least 100 (got \(resamples))") }
        if minRelativeChange < 0 { problems.append("the minimum relative change cannot be negative") }
        if minLatencyChangeMicros < 0 { problems.append("the minimum latency change cannot be negative") }
        if !(falseDiscoveryRate > 0 && falseDiscoveryRate < 1) { problems.append("the false discovery rate must be between 0 and 1 (got \(falseDiscoveryRate))") }
        if minErrorRateChange < 0 { problems.append("the minimum error-rate change cannot be negative") }
        return problems
    }
}

/// What a plan can honestly say about its objective.
public enum PlanVerdict: String, Equatable, Sendable, Codable {
    /// The recommended change (or today's deployment) meets the objective everywhere inside the 95 % intervals.
    case met
    /// Nothing searched meets it, even at the optimistic end of the intervals.
    case notMet = "not met"
    /// The data cannot decide: a poor fit, an answer that flips inside the intervals, or a target far past anything
    /// measured with no saturation seen.
    case insufficientEvidence = "insufficient evidence"
}

/// One evaluation's predicted figures with their 95 % intervals (delta method over the USL coefficients and the
/// measured demands).
public struct PredictedEvaluation: Equatable, Sendable, Codable {
    /// The options applied (empty for today's deployment).
    public let options: [CapacityOption]
    /// Highest sustainable throughput, req/s.
    public let peakThroughputPerSecond: Estimate
    /// The SLO percentile of latency at the target, seconds; nil when saturated at the fitted values.
    public let percentileLatencySeconds: Estimate?
    /// Utilization of the busiest station at the target.
    public let bottleneckUtilization: Estimate
}

/// The prediction error at the highest measured level of a fit made without it.
public struct Backtest: Equatable, Sendable, Codable {
    /// The sweep level left out (VUs or req/s, as the sweep counted).
    public let leftOutLevel: Double
    /// Its concurrency N (VUs, or X·R for a rate level).
    public let concurrency: Double
    /// Throughput measured there, req/s.
    public let measuredThroughputPerSecond: Double
    /// What the fit without it predicts there.
    public let predictedThroughputPerSecond: Estimate
    /// (predicted − measured) / measured × 100.
    public var errorPercent: Double { (predictedThroughputPerSecond.value - measuredThroughputPerSecond) / measuredThroughputPerSecond * 100 }
}

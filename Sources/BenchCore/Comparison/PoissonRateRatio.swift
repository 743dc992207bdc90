import Foundation

/// The ratio of two Poisson rates (counts over durations), for throughputs without a time series.
public enum PoissonRateRatio {
    /// The relative change of the candidate's rate against the baseline's, with the log-normal interval of the
    /// rate ratio: log(r) ± z·√(1/a + 1/b). A zero count is replaced by 0.5 (the usual continuity correction).
    public static func relativeChange(baselineCount: UInt64, baselineSeconds: Double, candidateCount: UInt64,
                                      candidateSeconds: Double, confidence: Double) -> ChangeEstimate {
        guard baselineSeconds > 0, candidateSeconds > 0 else { return ChangeEstimate(change: 0, low: -.infinity, high: .infinity) }
        let a = max(Double(baselineCount), 0.5)
        let b = max(Double(candidateCount), 0.5)
        let ratio = (b / candidateSeconds) / (a / baselineSeconds)
        let z = NormalDistribution.criticalValue(confidence: confidence)
        let spread = z * (1 / a + 1 / b).squareRoot()
        let observed = (Double(candidateCount) / candidateSeconds) / max(Double(baselineCount) / baselineSeconds, .leastNonzeroMagnitude)
        let change = baselineCount == 0 ? (candidateCount == 0 ? 0 : .infinity) : observed - 1
        return ChangeEstimate(change: change, low: ratio * exp(-spread) - 1, high: ratio * exp(spread) - 1)
    }
}

/// A point estimate of a change with its confidence interval, all in the same unit (a relative change as a
/// fraction, or an absolute difference).
public struct ChangeEstimate: Codable, Sendable, Equatable {
    /// The observed change (candidate against baseline).
    public var change: Double
    /// Lower bound of the confidence interval.
    public var low: Double
    /// Upper bound of the confidence interval.
    public var high: Double

    public init(change: Double, low: Double, high: Double) {
        self.change = change
        self.low = low
        self.high = high
    }

    /// True when the interval excludes zero.
    public var excludesZero: Bool { low > 0 || high < 0 }

    /// The interval stretched around the point estimate by `factor` (≥ 1), for a design effect.
    public func widened(by factor: Double) -> ChangeEstimate {
        guard factor > 1, factor.isFinite else { return self }
        return ChangeEstimate(change: change, low: change - (change - low) * factor, high: change + (high - change) * factor)
    }

    /// The percentile interval of bootstrap draws around a point estimate.
    public static func fromDraws(_ draws: [Double], change: Double, confidence: Double) -> ChangeEstimate {
        let finite = draws.filter(\.isFinite).sorted()
        guard !finite.isEmpty else { return ChangeEstimate(change: change, low: -.infinity, high: .infinity) }
        let tail = (1 - confidence) / 2
        return ChangeEstimate(change: change, low: quantile(finite, tail), high: quantile(finite, 1 - tail))
    }

    /// Linear-interpolated quantile of sorted values.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let weight = position - Double(lower)
        return sorted[lower] * (1 - weight) + sorted[upper] * weight
    }
}

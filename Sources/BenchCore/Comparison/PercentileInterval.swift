import Foundation

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

    /// The interval stretched by `factor` (≥ 1) in log space: for relative changes, so that the bounds stay
    /// above −100 % (a latency or a throughput cannot fall by more than all of it).
    public func widenedRelative(by factor: Double) -> ChangeEstimate {
        guard factor > 1, factor.isFinite, change > -1, low > -1, high > -1 else { return widened(by: factor) }
        let l = log1p(change), lo = log1p(low), hi = log1p(high)
        return ChangeEstimate(change: change, low: expm1(l - (l - lo) * factor), high: expm1(l + (hi - l) * factor))
    }

    /// The two-sided p-value of "no change", from the interval read as a normal one (in log space for relative
    /// changes, where the ratio's sampling distribution is close to symmetric).
    public func pValue(relative: Bool, confidence: Double) -> Double {
        guard low.isFinite, high.isFinite, change.isFinite else { return 1 }
        let z = NormalDistribution.criticalValue(confidence: confidence)
        let point: Double, lo: Double, hi: Double
        if relative {
            guard change > -1, low > -1, high > -1 else { return 1 }
            (point, lo, hi) = (log1p(change), log1p(low), log1p(high))
        } else {
            (point, lo, hi) = (change, low, high)
        }
        let standardError = (hi - lo) / (2 * z)
        guard standardError > 0 else { return point == 0 ? 1 : 0 }
        return NormalDistribution.twoSidedP(abs(point) / standardError)
    }

    /// A relative change whose interval comes from bootstrap draws of the ratio (candidate / baseline − 1): the
    /// percentile interval of the log ratio, moved from the draws' own centre `drawnChange` to the point estimate
    /// `change` (they differ when the draws come from coarser data than the point estimate).
    public static func fromRatioDraws(_ draws: [Double], change: Double, drawnChange: Double, confidence: Double) -> ChangeEstimate {
        let logs = draws.filter { $0.isFinite && $0 > -1 }.map(log1p).sorted()
        guard !logs.isEmpty, change > -1, change.isFinite, drawnChange > -1, drawnChange.isFinite else {
            return ChangeEstimate(change: change, low: -.infinity, high: .infinity)
        }
        let tail = (1 - confidence) / 2
        let shift = log1p(change) - log1p(drawnChange)
        return ChangeEstimate(change: change, low: expm1(quantile(logs, tail) + shift), high: expm1(quantile(logs, 1 - tail) + shift))
    }

    /// An absolute change (a difference of rates) from bootstrap draws of the difference, moved like
    /// `fromRatioDraws`.
    public static func fromDifferenceDraws(_ draws: [Double], change: Double, drawnChange: Double, confidence: Double) -> ChangeEstimate {
        let sorted = draws.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return ChangeEstimate(change: change, low: -.infinity, high: .infinity) }
        let tail = (1 - confidence) / 2
        let shift = change - drawnChange
        return ChangeEstimate(change: change, low: quantile(sorted, tail) + shift, high: quantile(sorted, 1 - tail) + shift)
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

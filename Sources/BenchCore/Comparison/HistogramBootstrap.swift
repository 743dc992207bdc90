import Foundation

/// Percentiles of two latency histograms and the confidence intervals of their relative changes.
///
/// Works on the sparse buckets alone. Each resample is a Poisson bootstrap (Hanley and MacGibbon 2006; Chamandy
/// et al. 2012): every recorded value gets a Poisson(1) weight, so a bucket of count c gets a Poisson(c) weight.
/// That is the ordinary bootstrap for large samples and costs one draw per bucket, not one per request.
///
/// Requests are treated as independent; they are not quite (queues correlate neighbours), which is one reason
/// verdicts also require a minimum practical effect.
public struct HistogramBootstrap {
    /// Percentile levels (0–100) compared.
    public var percentiles: [Double]
    /// Bootstrap resamples per histogram.
    public var resamples: Int
    /// Confidence level of the intervals (0.95).
    public var confidence: Double

    public init(percentiles: [Double], resamples: Int, confidence: Double) {
        self.percentiles = percentiles
        self.resamples = resamples
        self.confidence = confidence
    }

    /// A histogram's percentiles and their bootstrap draws.
    public struct Resampled: Sendable {
        /// The percentile values (µs), one per level.
        public var pointMicros: [Double]
        /// `draws[level][resample]`: the percentile of each resample (µs). Empty when the histogram is.
        public var draws: [[Double]]

        /// Variance of the draws of one level (µs²).
        public func variance(level: Int) -> Double {
            let d = draws[level]
            guard d.count > 1 else { return 0 }
            let mean = d.reduce(0, +) / Double(d.count)
            return d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(d.count - 1)
        }
    }

    /// The percentiles of `histogram` and `resamples` Poisson-bootstrap draws of them.
    public func resample(_ histogram: SparseHistogram, generator: inout SplitMix64) -> Resampled {
        let values = histogram.buckets.map { Double($0[0]) }
        let counts = histogram.buckets.map { Double($0[1]) }
        let point = Self.percentiles(values: values, weights: counts, levels: percentiles)
        guard !values.isEmpty else { return Resampled(pointMicros: point, draws: percentiles.map { _ in [] }) }
        var draws = Array(repeating: [Double](), count: percentiles.count)
        for k in draws.indices { draws[k].reserveCapacity(resamples) }
        var weights = counts
        let limits = counts.map { $0 < 30 ? exp(-$0) : 0 }
        for _ in 0..<resamples {
            for i in counts.indices { weights[i] = generator.nextPoisson(mean: counts[i], expNegativeMean: limits[i]) }
            let drawn = Self.percentiles(values: values, weights: weights, levels: percentiles)
            for k in percentiles.indices { draws[k].append(drawn[k]) }
        }
        return Resampled(pointMicros: point, draws: draws)
    }

    /// The relative change (candidate / baseline − 1) of one level, with the percentile interval of the ratio of
    /// independent resamples.
    public func relativeChange(baseline: Resampled, candidate: Resampled, level k: Int) -> ChangeEstimate {
        let b = baseline.pointMicros[k], c = candidate.pointMicros[k]
        let change = b > 0 ? c / b - 1 : (c > 0 ? .infinity : 0)
        guard !baseline.draws[k].isEmpty, !candidate.draws[k].isEmpty else {
            return ChangeEstimate(change: change, low: -.infinity, high: .infinity)
        }
        let ratios = zip(baseline.draws[k], candidate.draws[k]).map { $0 > 0 ? $1 / $0 - 1 : .nan }
        return ChangeEstimate.fromDraws(ratios, change: change, confidence: confidence)
    }

    /// The values at ascending percentile `levels` of a weighted bucket list (one pass): the first bucket whose
    /// cumulative weight reaches ⌈level·total⌉, as HdrHistogram reads a percentile.
    public static func percentiles(values: [Double], weights: [Double], levels: [Double]) -> [Double] {
        let total = weights.reduce(0, +)
        guard total > 0 else { return levels.map { _ in 0 } }
        var result = Array(repeating: values.last ?? 0, count: levels.count)
        let order = levels.indices.sorted { levels[$0] < levels[$1] }
        var cumulative = 0.0
        var next = 0
        for i in values.indices {
            cumulative += weights[i]
            while next < order.count, cumulative >= max(1, (levels[order[next]] / 100 * total - 1e-9).rounded(.up)) {
                result[order[next]] = values[i]
                next += 1
            }
            if next == order.count { break }
        }
        return result
    }
}

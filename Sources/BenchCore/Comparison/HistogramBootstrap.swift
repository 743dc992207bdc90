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
    public var resamples: Int
    public var confidence: Double

    public init(percentiles: [Double], resamples: Int, confidence: Double) {
        self.percentiles = percentiles
        self.resamples = resamples
        self.confidence = confidence
    }

    /// One change estimate per percentile level (candidate / baseline − 1), with both point values in µs.
    public func compare(baseline: SparseHistogram, candidate: SparseHistogram,
                        generator: inout SeededGenerator) -> [(baselineMicros: Double, candidateMicros: Double, estimate: ChangeEstimate)] {
        let baseValues = baseline.buckets.map { Double($0[0]) }
        let baseCounts = baseline.buckets.map { Double($0[1]) }
        let candValues = candidate.buckets.map { Double($0[0]) }
        let candCounts = candidate.buckets.map { Double($0[1]) }
        let basePoint = Self.percentiles(values: baseValues, weights: baseCounts, levels: percentiles)
        let candPoint = Self.percentiles(values: candValues, weights: candCounts, levels: percentiles)
        var draws = Array(repeating: [Double](), count: percentiles.count)
        if !baseValues.isEmpty && !candValues.isEmpty {
            var baseWeights = baseCounts
            var candWeights = candCounts
            for _ in 0..<resamples {
                for i in baseCounts.indices { baseWeights[i] = generator.nextPoisson(mean: baseCounts[i]) }
                for i in candCounts.indices { candWeights[i] = generator.nextPoisson(mean: candCounts[i]) }
                let b = Self.percentiles(values: baseValues, weights: baseWeights, levels: percentiles)
                let c = Self.percentiles(values: candValues, weights: candWeights, levels: percentiles)
                for k in percentiles.indices { draws[k].append(b[k] > 0 ? c[k] / b[k] - 1 : .nan) }
            }
        }
        return percentiles.indices.map { k in
            let change = basePoint[k] > 0 ? candPoint[k] / basePoint[k] - 1 : (candPoint[k] > 0 ? .infinity : 0)
            let estimate = draws[k].isEmpty
                ? ChangeEstimate(change: change, low: -.infinity, high: .infinity)
                : ChangeEstimate.fromDraws(draws[k], change: change, confidence: confidence)
            return (basePoint[k], candPoint[k], estimate)
        }
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

/// One run's windows (of one endpoint, or of all endpoints added) prepared for the block bootstrap: every
/// resample weighs whole windows, and throughput, error rate and percentiles are read from the same weights.
struct WindowSample {
    let windowSeconds: Int
    let requests: [Double]
    let errors: [Double]
    /// Distinct latency bucket values of all windows, ascending.
    let values: [Double]
    /// Every window's buckets, one after the other: index into `values` and count; window i's are
    /// `bucketStart[i]..<bucketStart[i + 1]` (flat arrays: the resampling loop runs a million times per comparison).
    let bucketIndex: [Int]
    let bucketCount: [Double]
    let bucketStart: [Int]

    init(windows: [WindowSeries.Window], windowSeconds: Int) {
        self.windowSeconds = max(1, windowSeconds)
        requests = windows.map { Double($0.requests) }
        errors = windows.map { Double($0.errors) }
        let distinct = Set(windows.flatMap { $0.buckets.map(\.valueMicros) }).sorted()
        values = distinct.map { Double($0) }
        let position = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
        var index: [Int] = [], count: [Double] = [], start: [Int] = [0]
        for window in windows {
            for bucket in window.buckets {
                guard let at = position[bucket.valueMicros] else { continue }
                index.append(at)
                count.append(Double(bucket.count))
            }
            start.append(index.count)
        }
        bucketIndex = index
        bucketCount = count
        bucketStart = start
    }

    var count: Int { requests.count }

    /// Throughput (per second), error rate and percentiles at `levels` of the windows weighted by `weights`.
    func figures(weights: [Double], levels: [Double]) -> (throughput: Double, errorRate: Double, percentiles: [Double]) {
        var sumRequests = 0.0, sumErrors = 0.0, sumWeights = 0.0
        var merged = [Double](repeating: 0, count: values.count)
        merged.withUnsafeMutableBufferPointer { merged in
            bucketIndex.withUnsafeBufferPointer { index in
                bucketCount.withUnsafeBufferPointer { count in
                    for i in weights.indices where weights[i] > 0 {
                        let w = weights[i]
                        sumWeights += w
                        sumRequests += w * requests[i]
                        sumErrors += w * errors[i]
                        for k in bucketStart[i]..<bucketStart[i + 1] { merged[index[k]] += w * count[k] }
                    }
                }
            }
        }
        let throughput = sumWeights > 0 ? sumRequests / (sumWeights * Double(windowSeconds)) : 0
        let errorRate = sumRequests > 0 ? sumErrors / sumRequests : 0
        return (throughput, errorRate, HistogramBootstrap.percentiles(values: values, weights: merged, levels: levels))
    }

    /// The figures of the windows as measured (every window once).
    func observed(levels: [Double]) -> (throughput: Double, errorRate: Double, percentiles: [Double]) {
        figures(weights: requests.map { _ in 1 }, levels: levels)
    }

    /// `resamples` circular-block-bootstrap draws of the figures (`WindowBootstrap.blockWeights`).
    func draws(resamples: Int, levels: [Double], generator: inout SplitMix64) -> [(throughput: Double, errorRate: Double, percentiles: [Double])] {
        var result: [(Double, Double, [Double])] = []
        result.reserveCapacity(resamples)
        var weights = [Double](repeating: 0, count: count)
        for _ in 0..<resamples {
            WindowBootstrap.blockWeights(&weights, generator: &generator)
            result.append(figures(weights: weights, levels: levels))
        }
        return result
    }
}

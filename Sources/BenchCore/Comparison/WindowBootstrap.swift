import Foundation

/// The relative change in mean throughput between two runs, from their per-second request counts.
///
/// Seconds of a load test are not independent (a slow second is often followed by another), so the seconds
/// are resampled in blocks: the circular block bootstrap of Politis and Romano (1992), with blocks of about
/// n^(1/3) seconds (Hall, Horowitz and Jing 1995). Each run is resampled on its own; the interval is the
/// percentile interval of the ratio of the resampled means.
public enum WindowBootstrap {
    /// The relative change (candidate / baseline − 1) of the mean of `candidate` against `baseline`.
    public static func relativeChangeOfMean(baseline: [Double], candidate: [Double], resamples: Int,
                                            confidence: Double, generator: inout SplitMix64) -> ChangeEstimate {
        let baseMean = mean(baseline)
        let candMean = mean(candidate)
        let change = baseMean > 0 ? candMean / baseMean - 1 : (candMean > 0 ? .infinity : 0)
        guard baseline.count >= 2, candidate.count >= 2 else {
            return ChangeEstimate(change: change, low: -.infinity, high: .infinity)
        }
        var draws: [Double] = []
        draws.reserveCapacity(resamples)
        for _ in 0..<resamples {
            let b = resampledMean(baseline, generator: &generator)
            let c = resampledMean(candidate, generator: &generator)
            draws.append(b > 0 ? c / b - 1 : .nan)
        }
        return ChangeEstimate.fromDraws(draws, change: change, confidence: confidence)
    }

    /// Block length for a series of `count` seconds: about the cube root of its length.
    public static func blockLength(count: Int) -> Int {
        max(1, min(max(1, count / 2), Int(cbrt(Double(count)).rounded())))
    }

    static func resampledMean(_ values: [Double], generator: inout SplitMix64) -> Double {
        var weights = [Double](repeating: 0, count: values.count)
        blockWeights(&weights, generator: &generator)
        return zip(weights, values).reduce(0) { $0 + $1.0 * $1.1 } / Double(values.count)
    }

    /// One circular-block-bootstrap resample of `weights.count` windows, as how often each window was drawn:
    /// blocks of `blockLength` consecutive windows (wrapping round) from random starts until n are taken.
    static func blockWeights(_ weights: inout [Double], generator: inout SplitMix64) {
        let n = weights.count
        for i in weights.indices { weights[i] = 0 }
        guard n > 0 else { return }
        let block = blockLength(count: n)
        var taken = 0
        while taken < n {
            let start = generator.nextIndex(below: n)
            var i = 0
            while i < block && taken < n {
                weights[(start + i) % n] += 1
                i += 1
                taken += 1
            }
        }
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
}

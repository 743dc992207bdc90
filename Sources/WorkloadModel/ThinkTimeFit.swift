import BenchCore
import Foundation

/// A think-time distribution fitted to observed pauses, with its goodness of fit.
///
/// Three candidates are fitted — exponential (maximum likelihood: the mean), uniform (the 1st to 99th percentile)
/// and lognormal (mean and deviation of the logs) — and each is scored by the one-sample Kolmogorov–Smirnov
/// distance; the smallest wins. The scenario format has no lognormal pause, so ``scenarioChoice`` is the better of
/// the other two.
public struct ThinkTimeFit: Codable, Sendable, Equatable {
    /// A fitted candidate.
    public struct Candidate: Codable, Sendable, Equatable {
        /// `exponential`, `uniform` or `lognormal`.
        public var family: String
        /// exponential: mean; uniform: min and max; lognormal: mu and sigma of ln(ms).
        public var parameters: [String: Double]
        /// One-sample KS distance to the observed pauses.
        public var ksDistance: Double

        /// The candidate's cumulative distribution at `millis`.
        public func cdf(_ millis: Double) -> Double {
            switch family {
            case "exponential":
                let mean = parameters["meanMillis"] ?? 1
                return millis <= 0 ? 0 : 1 - exp(-millis / max(mean, 1e-9))
            case "uniform":
                let low = parameters["minMillis"] ?? 0, high = parameters["maxMillis"] ?? 0
                return high > low ? min(max((millis - low) / (high - low), 0), 1) : (millis >= low ? 1 : 0)
            default:
                let mu = parameters["mu"] ?? 0, sigma = max(parameters["sigma"] ?? 1, 1e-9)
                return millis <= 0 ? 0 : 0.5 * erfc(-(Foundation.log(millis) - mu) / (sigma * 2.0.squareRoot()))
            }
        }
    }

    /// How many pauses were fitted.
    public var samples: Int
    /// Median pause, milliseconds.
    public var medianMillis: Double
    /// Mean pause, milliseconds.
    public var meanMillis: Double
    /// Every candidate, best first.
    public var candidates: [Candidate]
    /// Mean of the back-to-back gap taken off the pauses (see ``PauseBaseline``); nil when fitted as they are.
    public var overheadMeanMillis: Double?

    /// The best family overall.
    public var best: Candidate? { candidates.first }

    /// The best family the scenario format can express (exponential or uniform).
    public var scenarioChoice: Candidate? { candidates.first { $0.family != "lognormal" } }

    /// Pauses shorter than this are client and network overhead, not a person thinking.
    public static let noiseFloorMillis = 5.0

    /// Fits the pauses (milliseconds, at or above the noise floor); nil when there are none.
    public static func fit(_ millis: [Double]) -> ThinkTimeFit? {
        let x = millis.filter { $0.isFinite && $0 > 0 }.sorted()
        guard !x.isEmpty else { return nil }
        let mean = x.reduce(0, +) / Double(x.count)
        let median = x[x.count / 2]
        var candidates: [Candidate] = []
        candidates.append(Candidate(
            family: "exponential", parameters: ["meanMillis": mean],
            ksDistance: KolmogorovSmirnov.statistic(x) { 1 - exp(-$0 / mean) }))
        let low = x[Int(Double(x.count - 1) * 0.01)], high = x[Int(Double(x.count - 1) * 0.99)]
        if high > low {
            candidates.append(Candidate(
                family: "uniform", parameters: ["minMillis": low, "maxMillis": high],
                ksDistance: KolmogorovSmirnov.statistic(x) { min(max(($0 - low) / (high - low), 0), 1) }))
        }
        let logs = x.map { Foundation.log($0) }
        let mu = logs.reduce(0, +) / Double(logs.count)
        let sigma = (logs.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(max(logs.count - 1, 1))).squareRoot()
        if sigma > 0 {
            candidates.append(Candidate(
                family: "lognormal", parameters: ["mu": mu, "sigma": sigma],
                ksDistance: KolmogorovSmirnov.statistic(x) { 0.5 * erfc(-(Foundation.log($0) - mu) / (sigma * 2.0.squareRoot())) }))
        }
        candidates.sort { $0.ksDistance < $1.ksDistance }
        return ThinkTimeFit(samples: x.count, medianMillis: median, meanMillis: mean, candidates: candidates)
    }

    /// Fits the think time inside pauses that each also hold an independent back-to-back gap drawn from `overhead`
    /// (pause = think + gap). The candidates' parameters come from the moments of the difference — mean and
    /// variance of the pauses less those of the gap — and each is scored by the two-sample KS distance between the
    /// pauses and candidate-plus-gap draws (seeded, so a model is reproducible). Nil when the think time left is
    /// under the noise floor (the pauses are back-to-back) or there are no pauses; without an overhead sample, the
    /// plain ``fit(_:)`` of the pauses at or above the noise floor.
    public static func fit(_ pausesMillis: [Double], overhead: [Double], seed: UInt64 = 42) -> ThinkTimeFit? {
        let x = pausesMillis.filter { $0.isFinite && $0 >= 0 }.sorted()
        guard !overhead.isEmpty else { return fit(x.filter { $0 >= noiseFloorMillis }) }
        guard !x.isEmpty else { return nil }
        func moments(_ v: [Double]) -> (mean: Double, variance: Double) {
            let m = v.reduce(0, +) / Double(v.count)
            return (m, v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(v.count - 1, 1)))
        }
        let (pauseMean, pauseVariance) = moments(x), (gapMean, gapVariance) = moments(overhead)
        let mean = pauseMean - gapMean
        guard mean >= noiseFloorMillis else { return nil }
        let variance = max(pauseVariance - gapVariance, 0)
        var random = SplitMix64(seed: seed)
        let draws = max(4 * x.count, 2_000)
        func score(_ draw: (inout SplitMix64) -> Double) -> Double {
            var simulated = [Double](repeating: 0, count: draws)
            for i in 0..<draws { simulated[i] = max(draw(&random), 0) + overhead[random.nextIndex(below: overhead.count)] }
            return KolmogorovSmirnov.statistic(x, simulated)
        }
        var candidates = [Candidate(family: "exponential", parameters: ["meanMillis": mean],
                                    ksDistance: score { -mean * Foundation.log(1 - $0.nextUnitDouble()) })]
        if variance > 0 {
            let half = (3 * variance).squareRoot()
            let low = max(mean - half, 0), high = mean + half
            candidates.append(Candidate(family: "uniform", parameters: ["minMillis": low, "maxMillis": high],
                                        ksDistance: score { low + (high - low) * $0.nextUnitDouble() }))
            let sigma = Foundation.log(1 + variance / (mean * mean)).squareRoot()
            let mu = Foundation.log(mean) - sigma * sigma / 2
            candidates.append(Candidate(family: "lognormal", parameters: ["mu": mu, "sigma": sigma],
                                        ksDistance: score { exp(mu + sigma * $0.nextNormal()) }))
        }
        candidates.sort { $0.ksDistance < $1.ksDistance }
        let gapMedian = overhead.sorted()[overhead.count / 2]
        return ThinkTimeFit(samples: x.count, medianMillis: max(x[x.count / 2] - gapMedian, 0), meanMillis: mean,
                            candidates: candidates, overheadMeanMillis: gapMean)
    }
}

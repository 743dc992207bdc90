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
    }

    /// How many pauses were fitted.
    public var samples: Int
    /// Median pause, milliseconds.
    public var medianMillis: Double
    /// Mean pause, milliseconds.
    public var meanMillis: Double
    /// Every candidate, best first.
    public var candidates: [Candidate]

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
}

/// How much more a run varied from second to second than independent requests would, from its time series.
///
/// The intervals of `compare` treat requests as independent; in a real run they are not (a pause slows every
/// request of that second). With seconds as clusters, Kish's design effect (L. Kish, Survey Sampling, 1965) is
/// the ratio of the variance actually seen between seconds to the variance independent sampling predicts, and
/// an interval is widened by its square root. For counts this is the dispersion index of quasi-Poisson models
/// (variance / mean), for error counts the quasi-binomial dispersion. All are at least 1: a run is never
/// credited with less noise than independent sampling.
public struct DesignEffect: Sendable, Equatable {
    /// Dispersion of the per-second request counts.
    public var throughput: Double
    /// Dispersion of the per-second error counts.
    public var errorRate: Double

    /// The design effects of a run's whole seconds (see `fullSeconds`).
    public init(series: [TimeSeriesPoint], plannedSeconds: Double) {
        let seconds = Self.fullSeconds(series, plannedSeconds: plannedSeconds)
        throughput = Self.countDispersion(seconds.map { Double($0.requests) })
        errorRate = Self.proportionDispersion(events: seconds.map { Double($0.errors) }, trials: seconds.map { Double($0.requests) })
    }

    /// Variance over mean of counts, at least 1 (1 when there are fewer than three).
    public static func countDispersion(_ counts: [Double]) -> Double {
        guard counts.count >= 3 else { return 1 }
        let mean = counts.reduce(0, +) / Double(counts.count)
        guard mean > 0 else { return 1 }
        let variance = counts.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(counts.count - 1)
        return max(1, variance / mean)
    }

    /// Pearson χ² over degrees of freedom of per-second event counts against one common proportion, at least 1.
    public static func proportionDispersion(events: [Double], trials: [Double]) -> Double {
        let total = trials.reduce(0, +)
        guard events.count >= 3, total > 0 else { return 1 }
        let p = events.reduce(0, +) / total
        guard p > 0, p < 1 else { return 1 }
        var chi2 = 0.0
        var used = 0
        for (e, n) in zip(events, trials) where n > 0 {
            chi2 += (e - n * p) * (e - n * p) / (n * p * (1 - p))
            used += 1
        }
        return used >= 3 ? max(1, chi2 / Double(used - 1)) : 1
    }

    /// The design effect of a percentile: the variance of its per-second values against what independent
    /// sampling predicts for a second's worth of requests (the run's bootstrap variance scaled by requests per
    /// second), at least 1.
    public static func percentile(perSecondMicros: [Double], requestsPerSecond: Double, totalRequests: Double,
                                  bootstrapVarianceMicros2: Double) -> Double {
        guard perSecondMicros.count >= 3, requestsPerSecond > 0, bootstrapVarianceMicros2 > 0 else { return 1 }
        let mean = perSecondMicros.reduce(0, +) / Double(perSecondMicros.count)
        let observed = perSecondMicros.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(perSecondMicros.count - 1)
        let predicted = bootstrapVarianceMicros2 * totalRequests / requestsPerSecond
        return max(1, observed / predicted)
    }

    /// The whole seconds of the planned duration that saw requests: the drain after the planned end (a partial
    /// second of late responses) is dropped, and so is the first second (ramp-up) when five or more remain.
    public static func fullSeconds(_ series: [TimeSeriesPoint], plannedSeconds: Double) -> [TimeSeriesPoint] {
        let end = plannedSeconds > 0 ? Int(plannedSeconds.rounded(.down)) : Int.max
        let inside = series.filter { $0.second < end && $0.requests > 0 }.sorted { $0.second < $1.second }
        return inside.count >= 5 ? Array(inside.dropFirst()) : inside
    }
}

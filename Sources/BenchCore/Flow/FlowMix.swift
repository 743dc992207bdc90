/// How a worker's iterations pick their flows by weight (`flowMix:` in a scenario).
public enum FlowMix: String, Sendable, CaseIterable {
    /// Each iteration draws its flow independently, with probability weight ÷ total (the default): the shares
    /// of a run vary like a binomial sample's (with 480 iterations, a flow of weight ½ runs 50 % ± 2.3 %).
    case random
    /// The shares follow the weights at every point of the run: iteration n takes the flow whose slice of
    /// [0, total) holds frac(start + n·φ), φ = (√5 − 1)/2 (Weyl's equidistributed sequence, the golden ratio's
    /// being the most even), from a seeded start. After n iterations each flow has run within a few iterations of
    /// n × its share, in an order that does not repeat. For workloads whose mix must match a reference (a model
    /// of an access log, checked against it).
    case exact
}

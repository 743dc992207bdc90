/// The operational laws: relations that hold for any system in steady state, whatever the distributions.
///
/// Denning & Buzen, "The Operational Analysis of Queueing Network Models", *ACM Computing Surveys*
/// 10(3), 1978; Lazowska, Zahorjan, Graham & Sevcik, *Quantitative System Performance* (Prentice-Hall 1984),
/// ch. 3 (laws) and ch. 5 (bounds). Times are in seconds, rates per second.
public enum OperationalLaws {
    /// Little's law N = X·R (QSP §3.2.2): mean number in a system from its throughput and residence time.
    public static func population(throughputPerSecond x: Double, responseTimeSeconds r: Double) -> Double { x * r }

    /// Utilization law U = X·S (QSP §3.2.1): busy fraction of one server from throughput and service time.
    public static func utilization(throughputPerSecond x: Double, serviceTimeSeconds s: Double) -> Double { x * s }

    /// Service demand law D = U/X (QSP §3.2.4): seconds of service per request at a resource, from its
    /// measured utilization (busy fraction summed over servers) and the system throughput.
    public static func serviceDemandSeconds(utilization u: Double, throughputPerSecond x: Double) throws -> Double {
        try CapacityError.requirePositive(u, "utilization", allowsZero: true)
        try CapacityError.requirePositive(x, "throughput")
        return u / x
    }

    /// Interactive response time law R = N/X − Z (QSP §3.2.3).
    public static func responseTimeSeconds(population n: Double, throughputPerSecond x: Double, thinkTimeSeconds z: Double) -> Double {
        n / x - z
    }

    /// Asymptotic bounds for a closed interactive system of `population` users (QSP §5.2, Table 5.1):
    /// X(N) ≤ min(N/(D+Z), 1/Dmax), R(N) ≥ max(D, N·Dmax − Z), and the knee N* = (D+Z)/Dmax.
    /// `demandsSeconds` are per-server demands (a c-server station contributes D/c to Dmax).
    public static func asymptoticBounds(demandsSeconds: [Double], thinkTimeSeconds z: Double, population n: Double) throws -> AsymptoticBounds {
        guard !demandsSeconds.isEmpty else { throw CapacityError.invalidInput("at least one station demand is required") }
        for (i, d) in demandsSeconds.enumerated() { try CapacityError.requirePositive(d, "demand of station \(i + 1)") }
        try CapacityError.requirePositive(z, "think time", allowsZero: true)
        try CapacityError.requirePositive(n, "population")
        let total = demandsSeconds.reduce(0, +)
        let dMax = demandsSeconds.max()!
        return AsymptoticBounds(
            maxThroughputPerSecond: min(n / (total + z), 1 / dMax),
            minResponseTimeSeconds: max(total, n * dMax - z),
            saturationPopulation: (total + z) / dMax)
    }
}

/// The result of ``OperationalLaws/asymptoticBounds(demandsSeconds:thinkTimeSeconds:population:)``.
public struct AsymptoticBounds: Equatable, Sendable, Codable {
    /// min(N/(D+Z), 1/Dmax).
    public let maxThroughputPerSecond: Double
    /// max(D, N·Dmax − Z): the response-time lower bound.
    public let minResponseTimeSeconds: Double
    /// N* = (D+Z)/Dmax, the population where the two throughput bounds cross.
    public let saturationPopulation: Double
}

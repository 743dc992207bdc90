/// Exact Mean Value Analysis of a single-class closed network with think time.
///
/// Reiser & Lavenberg, "Mean-Value Analysis of Closed Multichain Queuing Networks", *J. ACM* 27(2), 1980;
/// the single-server and delay recursions as in Lazowska et al., *Quantitative System Performance* (1984),
/// §6.4, Algorithm 6.1, and Jain, *The Art of Computer Systems Performance Analysis* (Wiley 1991), §34.2:
///   R_k(n) = D_k·(1 + Q_k(n−1)) (queueing), R_k(n) = D_k (delay), X(n) = n/(Z + Σ R_k(n)), Q_k(n) = X(n)·R_k(n).
/// Multi-server stations use the exact load-dependent recursion with marginal probabilities p_k(j|n)
/// (Bolch, Greiner, de Meer & Trivedi, *Queueing Networks and Markov Chains*, 2nd ed., Wiley 2006, §8.2.1):
///   R_k(n) = D_k/m·[1 + Q_k(n−1) + Σ_{j=0}^{m−2} (m−j−1)·p_k(j|n−1)],
///   p_k(j|n) = X(n)·D_k/j·p_k(j−1|n−1) for 1 ≤ j ≤ m−1,
///   p_k(0|n) = 1 − [X(n)·D_k + Σ_{j=1}^{m−1} (m−j)·p_k(j|n)]/m (clamped at 0 against round-off).
public enum MeanValueAnalysis {
    /// Solves populations 1…`maxPopulation` and returns one result per population.
    public static func exact(stations: [Station], thinkTimeSeconds z: Double, maxPopulation: Int) throws -> [NetworkResult] {
        try validate(stations: stations, thinkTimeSeconds: z, population: maxPopulation)
        var queue = Array(repeating: 0.0, count: stations.count)
        // marginal[k][j] = p_k(j | n−1) for j < m_k − 1 … only multi-server stations need it.
        var marginal: [[Double]] = stations.map { station in
            guard let m = station.servers, m > 1 else { return [] }
            var p = Array(repeating: 0.0, count: m)
            p[0] = 1
            return p
        }
        var results: [NetworkResult] = []
        results.reserveCapacity(maxPopulation)
        for n in 1...maxPopulation {
            let residence = stations.indices.map { k -> Double in
                let station = stations[k]
                switch station.kind {
                case .delay:
                    return station.demandSeconds
                case let .queueing(m) where m == 1:
                    return station.demandSeconds * (1 + queue[k])
                case let .queueing(m):
                    var correction = 0.0
                    for j in 0...(m - 2) { correction += Double(m - j - 1) * marginal[k][j] }
                    return station.demandSeconds / Double(m) * (1 + queue[k] + correction)
                }
            }
            let response = residence.reduce(0, +)
            let x = Double(n) / (z + response)
            for k in stations.indices {
                queue[k] = x * residence[k]
                guard let m = stations[k].servers, m > 1 else { continue }
                let d = stations[k].demandSeconds
                var next = Array(repeating: 0.0, count: m)
                var weighted = x * d
                for j in 1..<m {
                    next[j] = x * d / Double(j) * marginal[k][j - 1]
                    weighted += Double(m - j) * next[j]
                }
                next[0] = max(0, 1 - weighted / Double(m))
                marginal[k] = next
            }
            results.append(NetworkResult(
                population: n, throughputPerSecond: x, responseTimeSeconds: response,
                stations: stations.indices.map { k in
                    StationResult(name: stations[k].name, residenceTimeSeconds: residence[k], queueLength: queue[k],
                                  utilization: x * stations[k].demandSeconds / Double(stations[k].servers ?? 1))
                }))
        }
        return results
    }

    static func validate(stations: [Station], thinkTimeSeconds z: Double, population: Int) throws {
        guard !stations.isEmpty else { throw CapacityError.invalidInput("at least one station is required") }
        for station in stations { try station.validate() }
        try CapacityError.requirePositive(z, "think time", allowsZero: true)
        guard population >= 1 else { throw CapacityError.nonPositive(name: "population", value: Double(population), allowsZero: false) }
    }
}

/// Approximate MVA for large populations by Schweitzer's fixed point, without the recursion over n.
///
/// Schweitzer (1979), as given in Jain, *The Art of Computer Systems Performance Analysis* (1991), §34.3,
/// Box 34.3, and Lazowska et al., *QSP* (1984), §6.4.2: estimate Q_k(N−1) ≈ (N−1)/N·Q_k(N), then iterate
/// R_k = D_k·(1 + (N−1)/N·Q_k), X = N/(Z + Σ R_k), Q_k = X·R_k until the queue lengths settle.
/// A c-server station uses Seidmann's approximation (Seidmann, Schweitzer & Shalev-Oren, *Operations
/// Research* 35(3), 1987): a single queue with demand D/c followed by a delay of D·(c−1)/c.
public enum SchweitzerMVA {
    /// Solves the network at `population`; throws if the fixed point does not settle.
    public static func solve(stations: [Station], thinkTimeSeconds z: Double, population: Int,
                             tolerance: Double = 1e-10, maxIterations: Int = 100_000) throws -> NetworkResult {
        try MeanValueAnalysis.validate(stations: stations, thinkTimeSeconds: z, population: population)
        let n = Double(population)
        let scale = (n - 1) / n
        var queue = Array(repeating: n / Double(stations.count), count: stations.count)
        var residence = Array(repeating: 0.0, count: stations.count)
        var x = 0.0
        for _ in 0..<maxIterations {
            for k in stations.indices {
                let d = stations[k].demandSeconds
                switch stations[k].kind {
                case .delay:
                    residence[k] = d
                case let .queueing(m):
                    let c = Double(m)
                    // Seidmann: the queueing part sees the queue minus the share held by the delay part.
                    let delayPart = d * (c - 1) / c
                    let queuedAtQueue = max(0, queue[k] - x * delayPart)
                    residence[k] = d / c * (1 + scale * queuedAtQueue) + delayPart
                }
            }
            x = n / (z + residence.reduce(0, +))
            var change = 0.0
            for k in stations.indices {
                let updated = x * residence[k]
                change = max(change, abs(updated - queue[k]))
                queue[k] = updated
            }
            if change <= tolerance * max(n, 1) {
                return NetworkResult(
                    population: population, throughputPerSecond: x, responseTimeSeconds: residence.reduce(0, +),
                    stations: stations.indices.map { k in
                        StationResult(name: stations[k].name, residenceTimeSeconds: residence[k], queueLength: queue[k],
                                      utilization: x * stations[k].demandSeconds / Double(stations[k].servers ?? 1))
                    })
            }
        }
        throw CapacityError.invalidInput("approximate MVA did not converge at population \(population)")
    }
}

/// The candidate levels of each option the planner may combine.
///
/// "Leave as is" is always a candidate; a neutral level in a list (multiplier 1, fraction 0, today's node
/// count, zero replicas, today's pool) is the same thing and contributes no option.
public struct PlanSearchSpace: Equatable, Sendable, Codable {
    /// Candidate k for k× cores.
    public var cpuCoreMultipliers: [Double]
    /// Candidate s for an s× faster CPU.
    public var cpuSpeedups: [Double]
    /// Station name → candidate demand reductions (fractions).
    public var demandReductions: [String: [Double]]
    /// Candidate database-cache hit ratios h.
    public var cacheHitRatios: [Double]
    /// Candidate fractions of σ removed.
    public var contentionReductions: [Double]
    /// Candidate application node counts.
    public var appNodes: [Int]
    /// Candidate read replica counts.
    public var readReplicas: [Int]
    /// Candidate connection-pool sizes (database servers).
    public var connectionPoolSizes: [Int]
    /// Candidate worker counts per node (only searched when the model has a workers station).
    public var workerCounts: [Int] = []
    /// The search refuses spaces larger than this.
    public var maxCombinations: Int

    /// A small default space (108 combinations with one app node today).
    public init(cpuCoreMultipliers: [Double] = [1, 2], cpuSpeedups: [Double] = [1, 1.5],
                demandReductions: [String: [Double]] = [:], cacheHitRatios: [Double] = [0, 0.5, 0.8],
                contentionReductions: [Double] = [0], appNodes: [Int] = [1, 2, 4], readReplicas: [Int] = [0, 1, 2],
                connectionPoolSizes: [Int] = [], maxCombinations: Int = 50_000) {
        self.cpuCoreMultipliers = cpuCoreMultipliers
        self.cpuSpeedups = cpuSpeedups
        self.demandReductions = demandReductions
        self.cacheHitRatios = cacheHitRatios
        self.contentionReductions = contentionReductions
        self.appNodes = appNodes
        self.readReplicas = readReplicas
        self.connectionPoolSizes = connectionPoolSizes
        self.maxCombinations = maxCombinations
    }

    /// Every combination, each a list of non-neutral options, the empty (baseline) one included.
    func combinations(model: CapacityModel) throws -> [[CapacityOption]] {
        let pool = model.stations.first { $0.role == .database }?.servers
        let workers = model.stations.first { $0.role == .workers }?.servers
        var axes: [[CapacityOption?]] = [
            levels(cpuCoreMultipliers) { $0 == 1 ? nil : .cpuCores(multiplier: $0) },
            levels(cpuSpeedups) { $0 == 1 ? nil : .fasterCPU(speedup: $0) },
            levels(cacheHitRatios) { $0 == 0 ? nil : .cache(hitRatio: $0) },
            levels(contentionReductions) { $0 == 0 ? nil : .lowerContention(fraction: $0) },
            levels(appNodes) { $0 == model.currentNodes ? nil : .appNodes(count: $0) },
            levels(readReplicas) { $0 == 0 ? nil : .readReplicas(count: $0) },
            levels(connectionPoolSizes) { $0 == pool ? nil : .connectionPool(size: $0) },
            levels(workers == nil ? [] : workerCounts) { $0 == workers ? nil : .workers(count: $0) },
        ]
        for station in demandReductions.keys.sorted() {
            axes.append(levels(demandReductions[station] ?? []) { $0 == 0 ? nil : .reduceDemand(station: station, fraction: $0) })
        }
        let count = axes.reduce(1.0) { $0 * Double($1.count) }
        guard count <= Double(maxCombinations) else {
            throw CapacityError.invalidInput("the search space has \(Int(count)) combinations, more than the limit of \(maxCombinations)")
        }
        var result: [[CapacityOption]] = [[]]
        for axis in axes {
            result = result.flatMap { prefix in axis.map { option in option.map { prefix + [$0] } ?? prefix } }
        }
        return result
    }

    private func levels<T: Hashable>(_ values: [T], _ make: (T) -> CapacityOption?) -> [CapacityOption?] {
        var seen = Set<T>()
        let unique = values.filter { seen.insert($0).inserted }
        return [nil] + unique.compactMap(make)
    }
}

/// One change the planner can make, with the size of the change.
public enum CapacityOption: Equatable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// Hardware: k× the cores of every CPU station (more servers at the CPU station).
    case cpuCores(multiplier: Double)
    /// Hardware: an s× faster CPU (CPU demand ÷ s).
    case fasterCPU(speedup: Double)
    /// Software: service demand at one station reduced by `fraction` (0.2 = −20%).
    case reduceDemand(station: String, fraction: Double)
    /// Software: a cache with hit ratio h in front of the database (database demand × (1−h)).
    case cache(hitRatio: Double)
    /// Software: USL contention σ reduced by `fraction`.
    case lowerContention(fraction: Double)
    /// Architecture: n application nodes behind a load balancer, sharing one database.
    case appNodes(count: Int)
    /// Architecture: read replicas that take an equal share of the database's read demand.
    case readReplicas(count: Int)
    /// Architecture: the connection-pool size, i.e. the servers of the database station.
    case connectionPool(size: Int)
    /// Configuration: n worker processes or threads per node, i.e. the servers of the workers station.
    case workers(count: Int)

    public var description: String {
        switch self {
        case let .cpuCores(k): return "\(Self.number(k))× CPU cores"
        case let .fasterCPU(s): return "\(Self.number(s))× faster CPU"
        case let .reduceDemand(station, f): return "\(Self.number(f * 100))% less demand at \(station)"
        case let .cache(h): return "a cache with \(Self.number(h * 100))% hit ratio in front of the database"
        case let .lowerContention(f): return "\(Self.number(f * 100))% less contention (σ)"
        case let .appNodes(n): return "\(n) app node\(n == 1 ? "" : "s")"
        case let .readReplicas(n): return "\(n) read replica\(n == 1 ? "" : "s")"
        case let .connectionPool(size): return "a connection pool of \(size)"
        case let .workers(n): return "\(n) worker\(n == 1 ? "" : "s") per node"
        }
    }

    static func number(_ x: Double) -> String {
        let rounded = (x * 100).rounded() / 100
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)
    }
}

/// The price of one unit of each option, in whatever currency the caller uses (e.g. dollars per month).
///
/// Units: extra cores per node × nodes; (speedup − 1) × nodes; percentage points of demand reduction;
/// one cache; percentage points of contention reduction; extra nodes beyond today's; replicas; extra
/// pool connections beyond today's.
public struct CostTable: Equatable, Sendable, Codable {
    /// Per extra core per node.
    public var perExtraCorePerNode: Double
    /// Per unit of (speedup − 1) per node.
    public var perSpeedupUnitPerNode: Double
    /// Per percentage point of demand removed at a station.
    public var perDemandReductionPercent: Double
    /// For the database cache, whatever its hit ratio.
    public var perCache: Double
    /// Per percentage point of σ removed.
    public var perContentionReductionPercent: Double
    /// Per application node beyond today's.
    public var perExtraAppNode: Double
    /// Per read replica.
    public var perReadReplica: Double
    /// Per connection beyond today's pool.
    public var perExtraPoolConnection: Double
    /// Per worker process or thread beyond today's, per node.
    public var perExtraWorkerPerNode: Double

    /// Illustrative defaults; pass real prices.
    public init(perExtraCorePerNode: Double = 20, perSpeedupUnitPerNode: Double = 100,
                perDemandReductionPercent: Double = 10, perCache: Double = 50,
                perContentionReductionPercent: Double = 10, perExtraAppNode: Double = 100,
                perReadReplica: Double = 150, perExtraPoolConnection: Double = 1, perExtraWorkerPerNode: Double = 5) {
        self.perExtraCorePerNode = perExtraCorePerNode
        self.perSpeedupUnitPerNode = perSpeedupUnitPerNode
        self.perDemandReductionPercent = perDemandReductionPercent
        self.perCache = perCache
        self.perContentionReductionPercent = perContentionReductionPercent
        self.perExtraAppNode = perExtraAppNode
        self.perReadReplica = perReadReplica
        self.perExtraPoolConnection = perExtraPoolConnection
        self.perExtraWorkerPerNode = perExtraWorkerPerNode
    }

    private enum CodingKeys: String, CodingKey {
        case perExtraCorePerNode, perSpeedupUnitPerNode, perDemandReductionPercent, perCache, perContentionReductionPercent
        case perExtraAppNode, perReadReplica, perExtraPoolConnection, perExtraWorkerPerNode
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(perExtraCorePerNode: try c.decode(Double.self, forKey: .perExtraCorePerNode),
                  perSpeedupUnitPerNode: try c.decode(Double.self, forKey: .perSpeedupUnitPerNode),
                  perDemandReductionPercent: try c.decode(Double.self, forKey: .perDemandReductionPercent),
                  perCache: try c.decode(Double.self, forKey: .perCache),
                  perContentionReductionPercent: try c.decode(Double.self, forKey: .perContentionReductionPercent),
                  perExtraAppNode: try c.decode(Double.self, forKey: .perExtraAppNode),
                  perReadReplica: try c.decode(Double.self, forKey: .perReadReplica),
                  perExtraPoolConnection: try c.decode(Double.self, forKey: .perExtraPoolConnection),
                  perExtraWorkerPerNode: try c.decodeIfPresent(Double.self, forKey: .perExtraWorkerPerNode) ?? 5)
    }

    /// The cost of a set of options applied to `model`.
    public func cost(of options: [CapacityOption], model: CapacityModel) -> Double {
        let nodes = Double(options.lazy.compactMap { if case let .appNodes(n) = $0 { n } else { nil } }.first ?? model.currentNodes)
        let cpuCores = Double(model.stations.filter { $0.role == .cpu }.map(\.servers).reduce(0, +))
        let pool = model.stations.first { $0.role == .database }?.servers ?? 0
        let workers = model.stations.first { $0.role == .workers }?.servers ?? 0
        return options.reduce(0) { total, option in
            total + {
                switch option {
                case let .cpuCores(k): return (k - 1) * cpuCores * nodes * perExtraCorePerNode
                case let .fasterCPU(s): return (s - 1) * nodes * perSpeedupUnitPerNode
                case let .reduceDemand(_, f): return f * 100 * perDemandReductionPercent
                case .cache: return perCache
                case let .lowerContention(f): return f * 100 * perContentionReductionPercent
                case let .appNodes(n): return Double(max(0, n - model.currentNodes)) * perExtraAppNode
                case let .readReplicas(n): return Double(n) * perReadReplica
                case let .connectionPool(size): return Double(max(0, size - pool)) * perExtraPoolConnection
                case let .workers(n): return Double(max(0, n - workers)) * nodes * perExtraWorkerPerNode
                }
            }()
        }
    }
}

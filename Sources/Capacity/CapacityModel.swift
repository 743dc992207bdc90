/// What the planner knows about a deployment: stations with their per-request demands, think time,
/// an optional USL fit of the application tier, and how many application nodes run today.
///
/// Demands come from the service demand law D = U/X (``OperationalLaws``) applied to measured utilizations.
public struct CapacityModel: Equatable, Sendable, Codable {
    /// The resources a request uses.
    public var stations: [ModelStation]
    /// Think time between a user's requests, in seconds (0 for an open, rate-driven load). The open what-if
    /// ignores it; closed-model analyses of ``WhatIf/networkStations(_:options:)`` use it.
    public var thinkTimeSeconds: Double
    /// USL fit of one deployment's throughput against concurrency, when a sweep measured it.
    public var usl: USLModel?
    /// Application nodes behind the load balancer today.
    public var currentNodes: Int
    /// Whether the database runs inside the application process (SQLite, an embedded store): its demand is then
    /// also part of the CPU station's demand, so whatever removes database work (a cache, a demand reduction at
    /// the database) removes the same CPU time.
    public var databaseEmbedded: Bool

    /// A model; call ``validate()`` before trusting it (the planner does).
    public init(stations: [ModelStation], thinkTimeSeconds: Double = 0, usl: USLModel? = nil, currentNodes: Int = 1,
                databaseEmbedded: Bool = false) {
        self.stations = stations
        self.thinkTimeSeconds = thinkTimeSeconds
        self.usl = usl
        self.currentNodes = currentNodes
        self.databaseEmbedded = databaseEmbedded
    }

    private enum CodingKeys: String, CodingKey { case stations, thinkTimeSeconds, usl, currentNodes, databaseEmbedded }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        stations = try container.decode([ModelStation].self, forKey: .stations)
        thinkTimeSeconds = try container.decode(Double.self, forKey: .thinkTimeSeconds)
        usl = try container.decodeIfPresent(USLModel.self, forKey: .usl)
        currentNodes = try container.decode(Int.self, forKey: .currentNodes)
        databaseEmbedded = try container.decodeIfPresent(Bool.self, forKey: .databaseEmbedded) ?? false
    }

    /// Reports every problem at once.
    public func validate() throws {
        var problems: [String] = []
        if stations.isEmpty { problems.append("the model needs at least one station") }
        if Set(stations.map(\.name)).count != stations.count { problems.append("station names must be unique") }
        for station in stations {
            if !(station.demandSeconds.isFinite && station.demandSeconds > 0) {
                problems.append("station '\(station.name)': demand must be positive, got \(station.demandSeconds)")
            }
            if station.servers < 1 { problems.append("station '\(station.name)': servers must be at least 1") }
            if let f = station.readFraction, !(f >= 0 && f <= 1) {
                problems.append("station '\(station.name)': read fraction must be in [0, 1], got \(f)")
            }
        }
        if !(thinkTimeSeconds.isFinite && thinkTimeSeconds >= 0) { problems.append("think time must be non-negative") }
        if currentNodes < 1 { problems.append("current nodes must be at least 1") }
        if databaseEmbedded, let cpu = stations.first(where: { $0.role == .cpu }) {
            let database = stations.filter { $0.role == .database }.reduce(0) { $0 + $1.demandSeconds }
            if database > cpu.demandSeconds {
                problems.append("an embedded database's demand (\(database) s) cannot exceed the CPU demand it is part of (\(cpu.demandSeconds) s)")
            }
        }
        if let usl, !(usl.lambda > 0 && usl.sigma >= 0 && usl.kappa >= 0) {
            problems.append("USL coefficients must satisfy σ, κ ≥ 0 and λ > 0")
        }
        if !problems.isEmpty { throw CapacityError.invalidInput(problems.joined(separator: "; ")) }
    }
}

/// One resource of the deployment.
public struct ModelStation: Equatable, Hashable, Sendable, Codable {
    /// Unique name, used in explanations.
    public var name: String
    /// Which options act on it.
    public var role: StationRole
    /// Service demand per request at this resource (all visits), in seconds.
    public var demandSeconds: Double
    /// Parallel servers: cores for a CPU (per node), connections/cores for a database, workers per node.
    public var servers: Int
    /// For a database: the share of its demand that comes from reads (what replicas can take).
    public var readFraction: Double?

    /// A station with a known demand.
    public init(name: String, role: StationRole, demandSeconds: Double, servers: Int = 1, readFraction: Double? = nil) {
        self.name = name
        self.role = role
        self.demandSeconds = demandSeconds
        self.servers = servers
        self.readFraction = readFraction
    }
}

/// What a station is, which decides which options act on it.
public enum StationRole: String, Equatable, Hashable, Sendable, Codable {
    /// Application CPU, one copy per application node.
    case cpu
    /// The shared database: caches, replicas and the connection pool act here.
    case database
    /// Worker processes or threads of one node (a pre-fork server, a thread pool): each holds a request while it
    /// works, so the count caps the requests in progress whatever the cores; one copy per node.
    case workers
    /// Anything else (an external API, a disk); only demand reductions act here.
    case other
}

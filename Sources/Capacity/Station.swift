/// A service centre of a queueing network: its name, its service demand per request, and its kind.
public struct Station: Equatable, Hashable, Sendable, Codable {
    /// Station name, unique within a network.
    public let name: String
    /// Total service demand D = V·S per request (all visits), in seconds.
    public let demandSeconds: Double
    /// Queueing with c servers, or delay.
    public let kind: StationKind

    /// A station; single-server queueing unless told otherwise.
    public init(name: String, demandSeconds: Double, kind: StationKind = .queueing(servers: 1)) {
        self.name = name
        self.demandSeconds = demandSeconds
        self.kind = kind
    }

    /// The number of servers of a queueing station; nil for a delay station.
    public var servers: Int? {
        if case let .queueing(servers) = kind { return servers }
        return nil
    }

    /// Throws unless the demand is positive and a queueing station has at least one server.
    func validate() throws {
        try CapacityError.requirePositive(demandSeconds, "demand of station '\(name)'")
        if let servers, servers < 1 {
            throw CapacityError.nonPositive(name: "servers of station '\(name)'", value: Double(servers), allowsZero: false)
        }
    }
}

/// How a station serves: a FCFS queue with `servers` identical servers, or a pure delay (infinite servers).
public enum StationKind: Equatable, Hashable, Sendable, Codable {
    case queueing(servers: Int)
    case delay
}

/// One station's share of a solved closed network at one population.
public struct StationResult: Equatable, Sendable, Codable {
    /// Station name, unique within a network.
    public let name: String
    /// Residence time R_k summed over all visits of one request, in seconds.
    public let residenceTimeSeconds: Double
    /// Mean number of requests at the station, waiting or in service (Q_k = X·R_k).
    public let queueLength: Double
    /// Busy fraction per server, X·D/c; for a delay station the mean number in service X·D.
    public let utilization: Double
}

/// A solved closed network at one population.
public struct NetworkResult: Equatable, Sendable, Codable {
    /// Number of users N.
    public let population: Int
    /// System throughput X(N).
    public let throughputPerSecond: Double
    /// Response time excluding think time, Σ R_k, in seconds.
    public let responseTimeSeconds: Double
    /// Per-station results, in input order.
    public let stations: [StationResult]
}

/// `crmbench capacity mva`: parse station specs and a population range, solve, report.
public enum MVACalculator {
    /// Parses `NAME:DEMAND_SECONDS[:SERVERS|:delay]`, e.g. `cpu:0.005:4`, `db:0.002`, `lb:0.001:delay`.
    public static func parseStation(_ spec: String) throws -> Station {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
        guard (2...3).contains(parts.count), !parts[0].isEmpty, let demand = Double(parts[1]) else {
            throw CapacityError.badStationSpec(spec)
        }
        try CapacityError.requirePositive(demand, "demand of station '\(parts[0])'")
        guard parts.count == 3 else { return Station(name: parts[0], demandSeconds: demand) }
        if parts[2].lowercased() == "delay" { return Station(name: parts[0], demandSeconds: demand, kind: .delay) }
        guard let servers = Int(parts[2]) else { throw CapacityError.badStationSpec(spec) }
        guard servers >= 1 else {
            throw CapacityError.nonPositive(name: "servers of station '\(parts[0])'", value: Double(servers), allowsZero: false)
        }
        return Station(name: parts[0], demandSeconds: demand, kind: .queueing(servers: servers))
    }

    /// Parses `A..B` (inclusive) or a single `N`; 1 ≤ A ≤ B ≤ `maxPopulation`.
    public static func parseRange(_ text: String, maxPopulation: Int = 1_000_000) throws -> ClosedRange<Int> {
        let trimmed = text.trimmingWhitespace()
        let bounds: [Int?]
        if let dots = trimmed.firstRange(of: "..") {
            bounds = [Int(trimmed[..<dots.lowerBound].trimmingWhitespace()), Int(trimmed[dots.upperBound...].trimmingWhitespace())]
        } else {
            bounds = [Int(trimmed), Int(trimmed)]
        }
        guard let low = bounds[0], let high = bounds[1], low >= 1, low <= high, high <= maxPopulation else {
            throw CapacityError.badRange(text)
        }
        return low...high
    }

    /// Solves the network for every population in `users`, exactly or by Schweitzer's approximation.
    public static func run(stations: [Station], thinkTimeSeconds: Double, users: ClosedRange<Int>, approximate: Bool) throws -> MVAReport {
        let results: [NetworkResult]
        if approximate {
            results = try users.map { try SchweitzerMVA.solve(stations: stations, thinkTimeSeconds: thinkTimeSeconds, population: $0) }
        } else {
            results = Array(try MeanValueAnalysis.exact(stations: stations, thinkTimeSeconds: thinkTimeSeconds,
                                                        maxPopulation: users.upperBound).suffix(users.count))
        }
        return MVAReport(method: approximate ? "schweitzer" : "exact", thinkTime: thinkTimeSeconds, populations: results.map { r in
            MVAReport.Population(population: r.population, throughput: r.throughputPerSecond, responseTime: r.responseTimeSeconds,
                                 stations: r.stations.map {
                                     MVAReport.StationRow(name: $0.name, residenceTime: $0.residenceTimeSeconds,
                                                          queueLength: $0.queueLength, utilization: $0.utilization)
                                 })
        })
    }
}

/// The `mva` calculator's output. Times in seconds, throughput in requests per second.
public struct MVAReport: Equatable, Sendable, Codable {
    /// One station at one population.
    public struct StationRow: Equatable, Sendable, Codable {
        public let name: String
        /// Seconds per request at the station, all visits.
        public let residenceTime: Double
        /// Mean requests at the station, waiting or in service.
        public let queueLength: Double
        /// Busy fraction per server (mean number in service for a delay station).
        public let utilization: Double
    }

    /// The network at one population.
    public struct Population: Equatable, Sendable, Codable {
        public let population: Int
        /// Requests per second.
        public let throughput: Double
        /// Seconds per request, think time excluded.
        public let responseTime: Double
        public let stations: [StationRow]
    }

    /// "exact" or "schweitzer".
    public let method: String
    /// Think time Z in seconds.
    public let thinkTime: Double
    public let populations: [Population]

    /// Human-readable table.
    public var text: String {
        var lines = ["MVA (\(method)), think time \(Format.number(thinkTime)) s"]
        for p in populations {
            lines.append("N=\(p.population)  X=\(Format.number(p.throughput)) /s  R=\(Format.number(p.responseTime)) s")
            for s in p.stations {
                lines.append("  \(s.name): R=\(Format.number(s.residenceTime)) s  Q=\(Format.number(s.queueLength))  U=\(Format.number(s.utilization))")
            }
        }
        return lines.joined(separator: "\n")
    }
}

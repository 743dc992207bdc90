/// `crmbench capacity mva`: parse station specs and a population range, solve, report.
public enum MVACalculator {
    /// Parses `NAME:DEMAND_SECONDS[:SERVERS|:delay]`, e.g. `cpu:0.005:4`, `db:0.002`, `lb:0.001:delay`.
    public static func parseStation(_ spec: String) throws -> Station {
        try parseStation(spec) { text in
            guard let seconds = Double(text) else { throw CapacityError.badStationSpec(spec) }
            return seconds
        }
    }

    /// Parses `NAME:DEMAND[:SERVERS|:delay]`, reading DEMAND with `seconds` (which may accept units and throws its
    /// own error on a bad value). The demand must lie in `CalculatorLimits.serviceSeconds`, the servers in
    /// `CalculatorLimits.servers`.
    public static func parseStation(_ spec: String, seconds: (String) throws -> Double) throws -> Station {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
        guard (2...3).contains(parts.count), !parts[0].isEmpty, !parts[1].isEmpty else {
            throw CapacityError.badStationSpec(spec)
        }
        let demand = try seconds(parts[1])
        try CapacityError.requireSeconds(demand, "demand of station '\(parts[0])'", in: CalculatorLimits.serviceSeconds)
        guard parts.count == 3 else { return Station(name: parts[0], demandSeconds: demand) }
        if parts[2].lowercased() == "delay" { return Station(name: parts[0], demandSeconds: demand, kind: .delay) }
        guard let servers = Int(parts[2]) else { throw CapacityError.badStationSpec(spec) }
        try CapacityError.requireServers(servers, "servers of station '\(parts[0])'")
        return Station(name: parts[0], demandSeconds: demand, kind: .queueing(servers: servers))
    }

    /// Parses `A..B` (inclusive) or a single `N`; 1 ≤ A ≤ B ≤ `maxPopulation`.
    public static func parseRange(_ text: String, maxPopulation: Int = CalculatorLimits.maxPopulation) throws -> ClosedRange<Int> {
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

    /// Throws unless solving `users` by the chosen method stays within `CalculatorLimits` (it would run for minutes).
    public static func checkWork(stations: [Station], users: ClosedRange<Int>, approximate: Bool) throws {
        if approximate {
            guard users.count <= CalculatorLimits.maxApproximatePopulations else {
                throw CapacityError.invalidInput("approximate MVA solves at most \(CalculatorLimits.maxApproximatePopulations) populations "
                                                 + "at once, got \(users.count); give a narrower range or a single N")
            }
        } else {
            let widest = stations.compactMap(\.servers).max() ?? 1
            guard users.upperBound <= CalculatorLimits.maxExactWork / widest else {
                throw CapacityError.invalidInput("exact MVA up to \(users.upperBound) users with a \(widest)-server station is too slow; "
                                                 + "use --approx, or fewer users")
            }
        }
    }

    /// Solves the network for every population in `users`, exactly or by Schweitzer's approximation.
    public static func run(stations: [Station], thinkTimeSeconds: Double, users: ClosedRange<Int>, approximate: Bool) throws -> MVAReport {
        try CapacityError.requireSeconds(thinkTimeSeconds, "think time", in: CalculatorLimits.thinkSeconds)
        try checkWork(stations: stations, users: users, approximate: approximate)
        let results: [NetworkResult]
        if approximate {
            results = try users.map { try SchweitzerMVA.solve(stations: stations, thinkTimeSeconds: thinkTimeSeconds, population: $0) }
        } else {
            results = Array(try MeanValueAnalysis.exact(stations: stations, thinkTimeSeconds: thinkTimeSeconds,
                                                        maxPopulation: users.upperBound).suffix(users.count))
        }
        return MVAReport(method: approximate ? "schweitzer" : "exact", thinkTime: thinkTimeSeconds, populations: results.map { r in
            MVAReport.Population(population: r.population, throughput: r.throughputPerSecond, responseTime: r.responseTimeSeconds,
                                 stations: zip(stations, r.stations).map { station, row in
                                     MVAReport.StationRow(name: row.name, demand: station.demandSeconds, servers: station.servers,
                                                          residenceTime: row.residenceTimeSeconds, queueLength: row.queueLength,
                                                          utilization: row.utilization)
                                 })
        })
    }
}

/// The `mva` calculator's output. Times in seconds, throughput in requests per second.
public struct MVAReport: Equatable, Sendable, Codable {
    /// One station at one population.
    public struct StationRow: Equatable, Sendable, Codable {
        public let name: String
        /// Service demand D in seconds per request, all visits (as given).
        public let demand: Double
        /// Servers of a queueing station; nil for a delay station (no queue).
        public let servers: Int?
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

    /// Human-readable lines, 4 significant digits with units; the JSON keeps full precision.
    public var text: String {
        var lines = ["MVA (\(method)), think time \(Format.seconds(thinkTime))"]
        let width = populations.first?.stations.map(\.name.count).max() ?? 0
        for p in populations {
            lines.append("N=\(p.population)  throughput \(Format.rate(p.throughput))  response time \(Format.seconds(p.responseTime))")
            for s in p.stations {
                let name = s.name + String(repeating: " ", count: max(0, width - s.name.count))
                // A delay station has no servers to keep busy: its figure is the mean number of requests in it.
                let busy = s.servers == nil ? "in service \(Format.short(s.utilization))" : "utilisation \(Format.percent(s.utilization))"
                lines.append("  \(name)  residence \(Format.seconds(s.residenceTime))  queue \(Format.short(s.queueLength))  \(busy)")
            }
        }
        return lines.joined(separator: "\n")
    }
}

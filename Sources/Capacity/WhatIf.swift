/// Predicts what a set of options does to a deployment at a target load: pure, no search.
///
/// Each resource becomes an open M/M/c station (QSP §6.3 open-model residence times, generalised to c
/// servers with Erlang C, see ``MMcQueue``) offered the target rate. A tier with several copies — the
/// CPU of n application nodes, r read replicas — receives an equal share of the arrivals per copy.
/// Peak throughput is the smallest copies·servers/demand (the utilization law at U = 1, QSP §5.2), further
/// capped by the USL peak of the application tier when a fit is known (scaled by nodes/currentNodes and by the
/// core multiplier, λ by how much the CPU demand per request shrank — a faster CPU, less work, an embedded
/// database's saved work; σ lowered by `lowerContention`). Scaling the ceiling with cores, as
/// with a faster CPU, reads a sweep that flattened on a saturated CPU as a CPU limit rather than contention;
/// the CPU station's own capacity (servers / demand) still bounds the prediction.
public enum WhatIf {
    /// Applies `options` to `model` and evaluates it at `targetThroughputPerSecond`.
    public static func evaluate(_ model: CapacityModel, options: [CapacityOption], targetThroughputPerSecond target: Double,
                                latencyPercentile: Double = 0.95, costs: CostTable = CostTable()) throws -> WhatIfEvaluation {
        try model.validate()
        try CapacityError.requirePositive(target, "target throughput")
        guard latencyPercentile > 0, latencyPercentile < 1 else {
            throw CapacityError.invalidInput("latency percentile must be in (0, 1), got \(latencyPercentile)")
        }
        let tiers = try effectiveTiers(model, options)
        var loads: [StationLoad] = []
        var responseSeconds: Double? = 0
        for tier in tiers {
            let perCopyRate = target / Double(tier.copies)
            let utilization = perCopyRate * tier.demandSeconds / Double(tier.servers)
            var residence: Double?
            if utilization < 1, let queue = try? MMcQueue(arrivalRatePerSecond: perCopyRate, serviceTimeSeconds: tier.demandSeconds, servers: tier.servers) {
                residence = queue.meanResponseSeconds
            }
            loads.append(StationLoad(name: tier.name, utilization: utilization, residenceTimeSeconds: residence,
                                     saturationThroughputPerSecond: Double(tier.copies * tier.servers) / tier.demandSeconds))
            responseSeconds = residence.flatMap { r in responseSeconds.map { $0 + r } }
        }
        // validate() refused a model without stations, so there is a bottleneck; say so rather than trap if not.
        guard let bottleneck = loads.min(by: { $0.saturationThroughputPerSecond < $1.saturationThroughputPerSecond }) else {
            throw CapacityError.invalidInput("the model needs at least one station")
        }
        var peak = bottleneck.saturationThroughputPerSecond
        var limitedBy = bottleneck.name
        if let ceiling = uslCeiling(model, options, cpuDemandRatio: cpuDemandRatio(model, tiers)), ceiling < peak {
            peak = ceiling
            limitedBy = "application scalability (USL)"
        }
        if peak <= target { responseSeconds = nil }
        // Exponential-tail approximation: R_p ≈ mean·ln(1/(1−p)), exact for one M/M/1 (see MMcQueue).
        let percentile = responseSeconds.map { $0 * Elementary.log(1 / (1 - latencyPercentile)) }
        return WhatIfEvaluation(options: options, peakThroughputPerSecond: peak, limitedBy: limitedBy,
                                responseTimeSeconds: responseSeconds, percentileLatencySeconds: percentile,
                                stations: loads, cost: costs.cost(of: options, model: model))
    }

    /// The changed deployment as closed-network stations for ``MeanValueAnalysis`` or ``SchweitzerMVA``
    /// (with the model's think time). A tier of n copies with c servers each becomes one n·c-server station,
    /// which pools the copies and so slightly understates queueing behind a load balancer.
    public static func networkStations(_ model: CapacityModel, options: [CapacityOption]) throws -> [Station] {
        try model.validate()
        return try effectiveTiers(model, options).map {
            Station(name: $0.name, demandSeconds: $0.demandSeconds, kind: .queueing(servers: $0.servers * $0.copies))
        }
    }

    struct Tier {
        let name: String
        let demandSeconds: Double
        let servers: Int
        let copies: Int
    }

    static func effectiveTiers(_ model: CapacityModel, _ options: [CapacityOption]) throws -> [Tier] {
        var coreMultiplier = 1.0, speedup = 1.0, hitRatio = 0.0, nodes = model.currentNodes, replicas = 0
        var pool: Int?, workers: Int?
        var reductions: [String: Double] = [:]
        for option in options {
            switch option {
            case let .cpuCores(k): try check(k >= 1, "core multiplier must be ≥ 1"); coreMultiplier = k
            case let .fasterCPU(s): try check(s > 0, "CPU speedup must be > 0"); speedup = s
            case let .reduceDemand(station, f):
                try check(f >= 0 && f < 1, "demand reduction must be in [0, 1)")
                try check(model.stations.contains { $0.name == station }, "no station named '\(station)'")
                reductions[station, default: 0] = 1 - (1 - reductions[station, default: 0]) * (1 - f)
            case let .cache(h): try check(h >= 0 && h < 1, "cache hit ratio must be in [0, 1)"); hitRatio = h
            case let .lowerContention(f): try check(f >= 0 && f <= 1, "contention reduction must be in [0, 1]")
            case let .appNodes(n): try check(n >= 1, "app nodes must be ≥ 1"); nodes = n
            case let .readReplicas(n): try check(n >= 0, "read replicas must be ≥ 0"); replicas = n
            case let .connectionPool(size): try check(size >= 1, "connection pool must be ≥ 1"); pool = size
            case let .workers(n): try check(n >= 1, "workers must be ≥ 1"); workers = n
            }
        }
        // An embedded database's work is CPU time of the application process: what the options take off the
        // database (cache hits, demand reductions there) comes off the CPU too.
        var embeddedSavings = 0.0
        if model.databaseEmbedded {
            for station in model.stations where station.role == .database {
                let remaining = station.demandSeconds * (1 - reductions[station.name, default: 0]) * (1 - hitRatio)
                embeddedSavings += station.demandSeconds - remaining
            }
        }
        var tiers: [Tier] = []
        for station in model.stations {
            let demand = station.demandSeconds * (1 - reductions[station.name, default: 0])
            switch station.role {
            case .cpu:
                let cores = max(1, Int((Double(station.servers) * coreMultiplier).rounded()))
                // What is left of the CPU demand once the database work an option removed is gone (never below
                // a hundredth of it: the request itself still costs something).
                let cpu = max(demand - embeddedSavings * (1 - reductions[station.name, default: 0]), demand * 0.01)
                tiers.append(Tier(name: station.name, demandSeconds: cpu / speedup, servers: cores, copies: nodes))
            case .database:
                let db = demand * (1 - hitRatio)
                let servers = pool ?? station.servers
                let reads = station.readFraction ?? 0
                guard replicas > 0, reads > 0 else {
                    tiers.append(Tier(name: station.name, demandSeconds: db, servers: servers, copies: 1))
                    continue
                }
                // Reads spread evenly over the primary and the replicas; writes stay on the primary.
                let share = Double(replicas + 1)
                tiers.append(Tier(name: station.name, demandSeconds: db * ((1 - reads) + reads / share), servers: servers, copies: 1))
                tiers.append(Tier(name: "\(station.name)-replicas", demandSeconds: db * reads * Double(replicas) / share,
                                  servers: servers, copies: replicas))
            case .workers:
                // A worker holds a request while it computes (its demand is the CPU time per request): what changes
                // the CPU's demand (a cache, a faster CPU, less work) changes how long a worker is held.
                var held = demand
                if let cpu = model.stations.first(where: { $0.role == .cpu }), cpu.demandSeconds > 0 {
                    let cpuDemand = cpu.demandSeconds * (1 - reductions[cpu.name, default: 0])
                    let changed = max(cpuDemand - embeddedSavings * (1 - reductions[cpu.name, default: 0]), cpuDemand * 0.01) / speedup
                    held = demand * changed / cpu.demandSeconds
                }
                tiers.append(Tier(name: station.name, demandSeconds: held, servers: workers ?? station.servers, copies: nodes))
            case .other:
                tiers.append(Tier(name: station.name, demandSeconds: demand, servers: station.servers, copies: 1))
            }
        }
        return tiers
    }

    /// Measured CPU demand over the changed one (a faster CPU, less work, an embedded database's saved work):
    /// how much more throughput one unit of concurrency gives, so the USL's λ scales by it.
    static func cpuDemandRatio(_ model: CapacityModel, _ tiers: [Tier]) -> Double {
        guard let cpu = model.stations.first(where: { $0.role == .cpu }),
              let changed = tiers.first(where: { $0.name == cpu.name }), changed.demandSeconds > 0 else { return 1 }
        return cpu.demandSeconds / changed.demandSeconds
    }

    static func uslCeiling(_ model: CapacityModel, _ options: [CapacityOption], cpuDemandRatio: Double) -> Double? {
        guard let usl = model.usl else { return nil }
        var sigma = usl.sigma, nodes = Double(model.currentNodes), cores = 1.0
        let lambda = usl.lambda * cpuDemandRatio
        for option in options {
            switch option {
            case let .lowerContention(f): sigma *= (1 - f)
            case let .appNodes(n): nodes = Double(n)
            case let .cpuCores(k): cores *= k
            // Workers stand for parallel capacity like cores: a sweep that flattened on busy workers scales with them.
            case let .workers(n):
                if let today = model.stations.first(where: { $0.role == .workers })?.servers { cores *= Double(n) / Double(today) }
            default: break
            }
        }
        guard let perDeployment = USLModel(sigma: sigma, kappa: usl.kappa, lambda: lambda).peakThroughput else { return nil }
        return perDeployment * cores * nodes / Double(model.currentNodes)
    }

    private static func check(_ condition: Bool, _ message: String) throws {
        if !condition { throw CapacityError.invalidInput(message) }
    }
}

/// The predicted effect of one set of options.
public struct WhatIfEvaluation: Equatable, Sendable, Codable {
    /// The options applied (empty for the baseline).
    public let options: [CapacityOption]
    /// The highest throughput the changed deployment sustains, in requests per second.
    public let peakThroughputPerSecond: Double
    /// The station (or "application scalability (USL)") that sets the peak.
    public let limitedBy: String
    /// Mean response time at the target load; nil when the target is at or past the peak.
    public let responseTimeSeconds: Double?
    /// The SLO percentile of response time by the exponential-tail approximation; nil when saturated.
    public let percentileLatencySeconds: Double?
    /// Every tier at the target load (replicas appear as `<db>-replicas`).
    public let stations: [StationLoad]
    /// From the ``CostTable``.
    public let cost: Double

    /// The busiest station at the target load (a placeholder for a decoded evaluation without stations).
    public var bottleneck: StationLoad {
        stations.max { $0.utilization < $1.utilization }
            ?? StationLoad(name: limitedBy, utilization: 0, residenceTimeSeconds: nil, saturationThroughputPerSecond: peakThroughputPerSecond)
    }
}

/// One station at the target load.
public struct StationLoad: Equatable, Sendable, Codable {
    /// Tier name.
    public let name: String
    /// Per-server utilization at the target load; ≥ 1 means saturated.
    public let utilization: Double
    /// Mean residence time per request; nil when saturated.
    public let residenceTimeSeconds: Double?
    /// The throughput at which this station alone saturates.
    public let saturationThroughputPerSecond: Double
}

/// Searches combinations of options for the cheapest that meets a service-level objective.
///
/// Pure and bounded: the search space is the cartesian product of the candidate levels of each option
/// (a level meaning "no change" leaves the option out), refused when larger than `maxCombinations`.
/// Each combination is evaluated by ``WhatIf``; those meeting the SLO are ranked by cost, then latency.
public enum CapacityPlanner {
    /// Plans for `slo`; throws on an invalid model, SLO or search space.
    public static func plan(model: CapacityModel, slo: ServiceLevelObjective, space: PlanSearchSpace = PlanSearchSpace(),
                            costs: CostTable = CostTable(), topCount: Int = 5) throws -> CapacityPlan {
        try model.validate()
        try slo.validate()
        let combinations = try space.combinations(model: model)
        func evaluate(_ options: [CapacityOption]) throws -> WhatIfEvaluation {
            try WhatIf.evaluate(model, options: options, targetThroughputPerSecond: slo.targetThroughputPerSecond,
                                latencyPercentile: slo.latencyPercentile, costs: costs)
        }
        let baseline = try evaluate([])
        let evaluations = try combinations.map(evaluate)
        let meeting = evaluations.filter { slo.isMet(by: $0) }.sorted {
            ($0.cost, $0.percentileLatencySeconds ?? .greatestFiniteMagnitude, $0.options.count)
                < ($1.cost, $1.percentileLatencySeconds ?? .greatestFiniteMagnitude, $1.options.count)
        }
        let ranked = Array(meeting.prefix(max(topCount, 1)))
        let best = ranked.isEmpty ? evaluations.max { bestAchievableOrder($0, $1) } : nil
        let explanations = try explain(model: model, slo: slo, baseline: baseline, ranked: ranked, best: best,
                                       evaluate: evaluate)
        return CapacityPlan(slo: slo, status: ranked.isEmpty ? .unmet : .met, baseline: baseline, ranked: ranked,
                            bestAchievable: best, explanations: explanations, evaluatedCombinations: evaluations.count)
    }

    /// Higher peak first, then lower latency, then lower cost — "best" when nothing meets the SLO.
    static func bestAchievableOrder(_ a: WhatIfEvaluation, _ b: WhatIfEvaluation) -> Bool {
        if a.peakThroughputPerSecond != b.peakThroughputPerSecond { return a.peakThroughputPerSecond < b.peakThroughputPerSecond }
        let la = a.percentileLatencySeconds ?? .greatestFiniteMagnitude, lb = b.percentileLatencySeconds ?? .greatestFiniteMagnitude
        if la != lb { return la > lb }
        return a.cost > b.cost
    }
}

/// The target: a throughput to sustain with a latency percentile under a bound.
public struct ServiceLevelObjective: Equatable, Sendable, Codable {
    /// Requests per second to sustain.
    public var targetThroughputPerSecond: Double
    /// e.g. 0.95 for p95.
    public var latencyPercentile: Double
    /// Upper bound on the percentile response time.
    public var latencyBoundSeconds: Double
    /// Highest per-server utilization allowed at the target, for headroom (1 = only stability).
    public var maxUtilization: Double

    /// An SLO; p95 and no headroom requirement by default.
    public init(targetThroughputPerSecond: Double, latencyPercentile: Double = 0.95, latencyBoundSeconds: Double,
                maxUtilization: Double = 1) {
        self.targetThroughputPerSecond = targetThroughputPerSecond
        self.latencyPercentile = latencyPercentile
        self.latencyBoundSeconds = latencyBoundSeconds
        self.maxUtilization = maxUtilization
    }

    func validate() throws {
        try CapacityError.requirePositive(targetThroughputPerSecond, "target throughput")
        try CapacityError.requirePositive(latencyBoundSeconds, "latency bound")
        guard latencyPercentile > 0, latencyPercentile < 1 else {
            throw CapacityError.invalidInput("latency percentile must be in (0, 1), got \(latencyPercentile)")
        }
        guard maxUtilization > 0, maxUtilization <= 1 else {
            throw CapacityError.invalidInput("max utilization must be in (0, 1], got \(maxUtilization)")
        }
    }

    /// Met when the target is below the peak, every station is under `maxUtilization`, and the
    /// percentile latency is within the bound.
    public func isMet(by evaluation: WhatIfEvaluation) -> Bool {
        guard evaluation.peakThroughputPerSecond > targetThroughputPerSecond,
              let latency = evaluation.percentileLatencySeconds else { return false }
        return latency <= latencyBoundSeconds && evaluation.stations.allSatisfy { $0.utilization < maxUtilization }
    }
}

/// Whether any combination met the SLO.
public enum PlanStatus: String, Equatable, Sendable, Codable {
    case met
    case unmet
}

/// The planner's answer (written as plan.json by the CLI).
public struct CapacityPlan: Equatable, Sendable, Codable {
    /// The SLO planned for.
    public let slo: ServiceLevelObjective
    /// Met or unmet.
    public let status: PlanStatus
    /// Today's deployment at the target load.
    public let baseline: WhatIfEvaluation
    /// Combinations meeting the SLO, cheapest first (empty when unmet).
    public let ranked: [WhatIfEvaluation]
    /// When nothing meets the SLO: the combination with the highest peak throughput.
    public let bestAchievable: WhatIfEvaluation?
    /// Plain-words reasoning for the baseline and the top combinations.
    public let explanations: [String]
    /// How many combinations were evaluated.
    public let evaluatedCombinations: Int
}

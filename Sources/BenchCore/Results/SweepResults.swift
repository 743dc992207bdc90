/// The levels of a capacity sweep (`crmbench sweep`) or the probes of a saturation search (`crmbench find-max`).
public struct SweepResults: Codable, Sendable {
    /// "vus" (closed model levels) or "rate" (open model levels).
    public var dimension: SweepDimension
    public var levels: [SweepLevel]
    /// Why the sweep stopped before its last level, if it did.
    public var stoppedEarly: String?
    /// find-max: the highest rate that met the SLO, and the SLO.
    public var maxRatePerSecond: Double?
    public var slo: String?

    public init(dimension: SweepDimension, levels: [SweepLevel], stoppedEarly: String? = nil, maxRatePerSecond: Double? = nil,
                slo: String? = nil) {
        self.dimension = dimension
        self.levels = levels
        self.stoppedEarly = stoppedEarly
        self.maxRatePerSecond = maxRatePerSecond
        self.slo = slo
    }
}

/// One level of a sweep: its load, what came out, and what the server spent.
public struct SweepLevel: Codable, Sendable {
    /// The level as asked: virtual users, or arrivals per second.
    public var level: Double
    public var durationSeconds: Double
    public var summary: EndpointSummary
    /// Mean number of requests in flight (Little's law: throughput × mean latency).
    public var meanConcurrency: Double
    public var server: ServerDemands?
    public var generatorHealthy: Bool
    /// find-max: whether the probe met the SLO.
    public var metSLO: Bool?
    /// Open model: requests sent per second of the level's schedule (absent in older files).
    public var sentRatePerSecond: Double?
    /// Open model: whether the rate asked was sent, within 1 % (`MaxRateSearch.sentAskedRate`).
    public var sentAskedRate: Bool?
    /// The generator-health causes found at this level (absent in older files).
    public var generatorCauses: [GeneratorHealth.Cause]?
    /// Where this level begins in the run's time series (its first second there); absent in older files.
    public var startSecond: Int?

    /// The generator's CPU was the limit: the level describes the generator, not the target.
    public var generatorSaturated: Bool { generatorCauses?.contains(.cpuSaturated) ?? !generatorHealthy }

    public init(level: Double, durationSeconds: Double, summary: EndpointSummary, server: ServerDemands?,
                generatorHealthy: Bool, metSLO: Bool? = nil) {
        self.level = level
        self.durationSeconds = durationSeconds
        self.summary = summary
        meanConcurrency = summary.requestsPerSecond * summary.latencyMicros.mean / 1e6
        self.server = server
        self.generatorHealthy = generatorHealthy
        self.metSLO = metSLO
    }
}

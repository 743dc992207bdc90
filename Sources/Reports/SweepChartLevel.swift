import BenchCore

/// One load level of a sweep (or find-max) run: the load offered and what was measured at it.
///
/// The sweep command fills these; `ReportSet.render(_:sweep:)` draws throughput and latency against load.
public struct SweepChartLevel: Codable, Sendable, Equatable {
    /// The load offered at this level: connections (closed model) or arrivals per second (open model).
    public var offeredLoad: Double
    /// The overall figures measured at this level.
    public var summary: EndpointSummary
    /// False when the generator, not the target, was the limit at this level.
    public var measuringTarget: Bool
    /// The target's CPU use over the level (1 = one core busy), when it exports `/metrics`.
    public var serverCPUUtilization: Double?

    public init(offeredLoad: Double, summary: EndpointSummary, measuringTarget: Bool = true, serverCPUUtilization: Double? = nil) {
        self.offeredLoad = offeredLoad
        self.summary = summary
        self.measuringTarget = measuringTarget
        self.serverCPUUtilization = serverCPUUtilization
    }
}

/// The levels of a sweep and what their load axis means.
public struct SweepSeries: Codable, Sendable, Equatable {
    /// Axis title of the offered load, with its unit, e.g. "connections" or "offered load (req/s)".
    public var loadLabel: String
    public var levels: [SweepChartLevel]

    public init(loadLabel: String, levels: [SweepChartLevel]) {
        self.loadLabel = loadLabel
        self.levels = levels
    }
}

extension SweepSeries {
    /// The chart series of a sweep or find-max result.
    public init(_ sweep: SweepResults) {
        self.init(loadLabel: sweep.dimension == .rate ? "offered load (req/s)" : "virtual users",
                  levels: sweep.levels.map { SweepChartLevel(offeredLoad: $0.level, summary: $0.summary,
                                                             measuringTarget: $0.generatorHealthy,
                                                             serverCPUUtilization: $0.server?.cpuUtilization) })
    }
}

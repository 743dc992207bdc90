/// The end-of-run summary written by `--summary-export FILE`: the figures scripts and CI read, units in the keys.
public struct SummaryExport: Codable, Sendable {
    public var schemaVersion = 1
    public var name: String
    public var target: String
    public var partial: Bool
    public var durationSeconds: Double
    public var requests: UInt64
    public var requestsPerSecond: Double
    public var errors: UInt64
    public var errorRate: Double
    public var availability: Double
    public var latencyMicros: PercentileSummary
    public var serviceTimeMicros: PercentileSummary
    public var errorsByKind: [String: UInt64]
    public var statusCodes: [String: UInt64]
    /// Responses per HTTP version, when any response arrived.
    public var httpVersions: [String: UInt64]?
    public var endpoints: [EndpointSummary]
    public var thresholds: [ThresholdRecord]
    public var thresholdsPassed: Bool
    public var generatorHealthy: Bool
    public var generatorWarnings: [String]
    /// The most frequent failure causes (at most 5, without their samples: those are in result.json); absent when
    /// nothing failed.
    public var failureCauses: [FailureCause]?

    /// The export of a result.
    public init(_ result: RunResult) {
        let o = result.summary.overall
        name = result.meta.name
        target = result.meta.target
        partial = result.partial
        durationSeconds = result.meta.durationSeconds
        requests = o.requests
        requestsPerSecond = o.requestsPerSecond
        errors = o.errors
        errorRate = o.errorRate
        availability = o.availability
        latencyMicros = o.latencyMicros
        serviceTimeMicros = o.serviceTimeMicros
        errorsByKind = o.errorsByKind
        statusCodes = o.statusCodes
        httpVersions = o.httpVersions
        endpoints = result.summary.endpoints
        thresholds = result.thresholdRecords
        thresholdsPassed = thresholds.allSatisfy(\.passed)
        generatorHealthy = result.generator.measuringTarget
        generatorWarnings = result.generator.warnings
        failureCauses = result.failures.map { failures in
            failures.causes.prefix(5).map { cause in
                var bare = cause
                bare.samples = []
                return bare
            }
        }
    }
}

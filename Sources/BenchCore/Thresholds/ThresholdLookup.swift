/// Answers threshold metrics from what a run measured (pure: the merged metrics in, numbers out).
public struct ThresholdLookup {
    public let overall: EndpointMetrics
    public let endpoints: [String: EndpointMetrics]
    public let tally: ScenarioTally?
    public let durationSeconds: Double
    /// The data-quality audit's findings (`data.*` metrics); nil when no audit ran.
    public var dataQuality: DataQualityResult?
    /// A `crmbench profile` result (`profile.*` metrics); nil outside a profile.
    public var profile: DataProfile?

    public init(overall: EndpointMetrics, endpoints: [EndpointMetrics], tally: ScenarioTally?, durationSeconds: Double) {
        self.overall = overall
        var byName: [String: EndpointMetrics] = [:]
        for endpoint in endpoints { byName[endpoint.name] = endpoint }
        self.endpoints = byName
        self.tally = tally
        self.durationSeconds = durationSeconds
    }

    /// The value of a metric in its internal unit, nil when it has no data.
    public func value(_ metric: ThresholdMetric) -> Double? {
        switch metric {
        case .httpLatency(let stat): return Self.statistic(stat, of: overall.latency)
        case .httpLatencyAll(let stat): return Self.statistic(stat, of: overall.latencyAll)
        case .httpErrorRate: return Self.httpErrorRate(overall)
        case .httpRequestsPerSecond:
            return overall.requests == 0 || durationSeconds <= 0 ? nil : Double(overall.requests) / durationSeconds
        case .httpRequests: return Double(overall.requests)
        case .checksPassRate: return tally?.checkPassRate
        case .iterationSuccessRate: return tally?.iterationSuccessRate
        case .iterationFailureRate: return tally?.iterationSuccessRate.map { 1 - $0 }
        case .stepLatency(let step, let stat): return endpoints[step].flatMap { Self.statistic(stat, of: $0.latency) }
        case .stepErrorRate(let step): return endpoints[step].flatMap(Self.httpErrorRate)
        case .flowDuration(let flow, let stat): return tally?.flows[flow].flatMap { Self.statistic(stat, of: $0.duration) }
        case .flowIterations(let flow):
            return tally?.flows[flow].map { Double($0.succeeded + $0.failed) }
        case .groupDuration(let group, let stat): return tally?.groups[group].flatMap { Self.statistic(stat, of: $0.duration) }
        case .data(let kind, let rate):
            guard let finding = dataQuality?.finding(kind) else { return nil }
            return rate ? finding.rate : Double(finding.count)
        case .profile(let metric): return profile?.value(metric)
        }
    }

    /// Transport errors and statuses ≥ 400 over requests (failed checks are counted by `checks.rate`).
    static func httpErrorRate(_ metrics: EndpointMetrics) -> Double? {
        guard metrics.requests > 0 else { return nil }
        let checkFailures = metrics.errorCounts[ErrorKind.checkFailed.index]
        return Double(metrics.errors - min(metrics.errors, checkFailures)) / Double(metrics.requests)
    }

    /// A latency statistic of a histogram, nil when it is empty.
    public static func statistic(_ stat: LatencyStatistic, of histogram: LatencyHistogram) -> Double? {
        guard histogram.count > 0 else { return nil }
        switch stat {
        case .min: return Double(histogram.minMicros)
        case .mean: return histogram.meanMicros
        case .max: return Double(histogram.maxMicros)
        default: return stat.percentile.map { Double(histogram.valueAt(percentile: $0)) }
        }
    }
}

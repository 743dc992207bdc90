/// The end-of-run figures, overall and per endpoint.
public struct RunSummary: Codable, Sendable {
    public var overall: EndpointSummary
    public var endpoints: [EndpointSummary]
    /// Closed model: how many times a virtual user waited (10 ms, doubling to 1 s) before its next iteration
    /// because its last request got no response; absent when none did.
    public var transportBackoffs: UInt64?
    public init(overall: EndpointSummary, endpoints: [EndpointSummary], transportBackoffs: UInt64? = nil) {
        self.overall = overall
        self.endpoints = endpoints
        self.transportBackoffs = transportBackoffs
    }
}

/// The figures of one endpoint (or of all requests).
public struct EndpointSummary: Codable, Sendable, Equatable {
    public var name: String
    public var requests: UInt64
    public var errors: UInt64
    /// errors / requests (0 when no request).
    public var errorRate: Double
    /// 1 − errorRate, the share of requests that succeeded.
    public var availability: Double
    public var requestsPerSecond: Double
    public var bytesSent: UInt64
    public var bytesReceived: UInt64
    /// Latency from the intended start (corrected for coordinated omission in the open model).
    public var latencyMicros: PercentileSummary
    /// Latency of every request, failed ones included; absent when every request succeeded (then it equals
    /// `latencyMicros`) and in older results, whose `latencyMicros` counted every request.
    public var latencyAllMicros: PercentileSummary?
    /// Service time from when the request actually left.
    public var serviceTimeMicros: PercentileSummary
    /// Closed model, when asked (`--expected-interval`): latency with the expected-interval correction.
    public var correctedLatencyMicros: PercentileSummary?
    /// The interval the correction used.
    public var expectedIntervalMicros: UInt64?
    /// Phase durations keyed by `PhaseTimes.names`.
    public var phasesMicros: [String: PercentileSummary]
    public var statusCodes: [String: UInt64]
    public var errorsByKind: [String: UInt64]
    /// Responses per HTTP version ("1.1", "2"); absent when no response arrived (and in results from before it
    /// was recorded).
    public var httpVersions: [String: UInt64]?

    /// Summarizes measured metrics over a run of `durationSeconds`; with `expectedIntervalMicros`, also the
    /// corrected latency.
    public init(metrics: EndpointMetrics, durationSeconds: Double, expectedIntervalMicros: UInt64? = nil) {
        name = metrics.name
        requests = metrics.requests
        errors = metrics.errors
        errorRate = metrics.requests == 0 ? 0 : Double(metrics.errors) / Double(metrics.requests)
        availability = metrics.requests == 0 ? 0 : 1 - errorRate
        requestsPerSecond = durationSeconds > 0 ? Double(metrics.requests) / durationSeconds : 0
        bytesSent = metrics.bytesSent
        bytesReceived = metrics.bytesReceived
        latencyMicros = PercentileSummary(metrics.latency)
        latencyAllMicros = metrics.latencyAll.count == metrics.latency.count ? nil : PercentileSummary(metrics.latencyAll)
        serviceTimeMicros = PercentileSummary(metrics.service)
        if let interval = expectedIntervalMicros, interval > 0 {
            correctedLatencyMicros = PercentileSummary(metrics.latency.correctedForCoordinatedOmission(expectedIntervalMicros: interval))
            self.expectedIntervalMicros = interval
        }
        var phases: [String: PercentileSummary] = [:]
        for (i, phase) in PhaseTimes.names.enumerated() { phases[phase] = PercentileSummary(metrics.phases[i]) }
        phasesMicros = phases
        statusCodes = metrics.statusCountsByCode
        errorsByKind = metrics.errorCountsByKind
        let versions = metrics.httpVersionsByName
        httpVersions = versions.isEmpty ? nil : versions
    }
}

/// Percentiles and moments of a histogram, in microseconds.
public struct PercentileSummary: Codable, Sendable, Equatable {
    public var count: UInt64
    public var min: UInt64
    public var mean: Double
    public var p50: UInt64
    public var p90: UInt64
    public var p95: UInt64
    public var p99: UInt64
    public var p999: UInt64
    public var max: UInt64
    public var stdDev: Double

    /// Reads the figures off a histogram.
    public init(_ histogram: LatencyHistogram) {
        count = histogram.count
        min = histogram.minMicros
        mean = histogram.meanMicros
        p50 = histogram.valueAt(percentile: 50)
        p90 = histogram.valueAt(percentile: 90)
        p95 = histogram.valueAt(percentile: 95)
        p99 = histogram.valueAt(percentile: 99)
        p999 = histogram.valueAt(percentile: 99.9)
        max = histogram.maxMicros
        stdDev = histogram.stdDevMicros
    }

    /// The value for a percentile name used in thresholds and reports ("p50", "p99.9", "min", "mean", "max").
    public func value(named name: String) -> Double? {
        switch name {
        case "min": return Double(min)
        case "mean", "avg": return mean
        case "p50", "median": return Double(p50)
        case "p90": return Double(p90)
        case "p95": return Double(p95)
        case "p99": return Double(p99)
        case "p99.9", "p999": return Double(p999)
        case "max": return Double(max)
        default: return nil
        }
    }
}

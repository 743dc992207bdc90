/// What one worker measured during one second of the run; the unit the time series is built from.
public struct SecondSample: Sendable {
    /// Seconds since the run started (0-based).
    public var second: Int
    public var requests: UInt64 = 0
    public var errors: UInt64 = 0
    public var bytesSent: UInt64 = 0
    public var bytesReceived: UInt64 = 0
    /// Requests that left later than intended in this second.
    public var lateRequests: UInt64 = 0
    /// Latency (from intended start) of the requests completed in this second.
    public var latency = LatencyHistogram()
    /// Service time of the requests completed in this second.
    public var service = LatencyHistogram()
    /// Error counts indexed like `ErrorKind.allCases`.
    public var errorCounts = [UInt64](repeating: 0, count: ErrorKind.allCases.count)
    /// Per endpoint (by endpoint index): requests, errors and coarse latency, for `compare`'s windows.
    public var endpoints: [EndpointSecond] = []

    public init(second: Int) { self.second = second }

    /// Adds one request completed in this second.
    @inlinable
    public mutating func add(_ outcome: RequestOutcome) {
        requests &+= 1
        bytesSent &+= outcome.bytesSent
        bytesReceived &+= outcome.bytesReceived
        let endpoint = max(0, outcome.endpointIndex)
        if endpoint >= endpoints.count { growEndpoints(to: endpoint + 1) }
        endpoints[endpoint].requests &+= 1
        endpoints[endpoint].count(status: outcome.status)
        // Successful responses only, like the run's percentiles (`EndpointMetrics.latency`).
        if outcome.error == nil || outcome.error == .checkFailed {
            latency.record(micros: outcome.latencyMicros)
            endpoints[endpoint].latency.record(micros: outcome.latencyMicros)
            endpoints[endpoint].latencySumMicros &+= outcome.latencyMicros
        }
        service.record(micros: outcome.serviceMicros)
        if let kind = outcome.error {
            errors &+= 1
            errorCounts[kind.index] &+= 1
            endpoints[endpoint].errors &+= 1
        }
    }

    @usableFromInline
    mutating func growEndpoints(to count: Int) {
        while endpoints.count < count { endpoints.append(EndpointSecond()) }
    }

    /// Merges another worker's sample of the same second.
    public mutating func add(_ other: SecondSample) {
        requests &+= other.requests
        errors &+= other.errors
        bytesSent &+= other.bytesSent
        bytesReceived &+= other.bytesReceived
        lateRequests &+= other.lateRequests
        latency.add(other.latency)
        service.add(other.service)
        for i in errorCounts.indices { errorCounts[i] &+= other.errorCounts[i] }
        if other.endpoints.count > endpoints.count { growEndpoints(to: other.endpoints.count) }
        for i in other.endpoints.indices { endpoints[i].add(other.endpoints[i]) }
    }

    /// Reduces the sample to its time-series point (drops the histograms).
    public var point: TimeSeriesPoint {
        var errorsByKind: [String: UInt64] = [:]
        for (i, kind) in ErrorKind.allCases.enumerated() where errorCounts[i] > 0 { errorsByKind[kind.rawValue] = errorCounts[i] }
        return TimeSeriesPoint(second: second, requests: requests, errors: errors, bytesSent: bytesSent,
                               bytesReceived: bytesReceived,
                               p50Micros: latency.valueAt(percentile: 50), p90Micros: latency.valueAt(percentile: 90),
                               p95Micros: latency.valueAt(percentile: 95),
                               p99Micros: latency.valueAt(percentile: 99), maxMicros: latency.maxMicros,
                               serviceP50Micros: service.valueAt(percentile: 50),
                               serviceP99Micros: service.valueAt(percentile: 99),
                               errorsByKind: errorsByKind)
    }
}

/// One second of the run's time series, as written to the result.
public struct TimeSeriesPoint: Codable, Sendable, Equatable {
    public var second: Int
    public var requests: UInt64
    public var errors: UInt64
    public var bytesSent: UInt64
    public var bytesReceived: UInt64
    public var p50Micros: UInt64
    public var p90Micros: UInt64
    /// (Absent in results written before it was added.)
    public var p95Micros: UInt64? = nil
    public var p99Micros: UInt64
    public var maxMicros: UInt64
    public var serviceP50Micros: UInt64
    public var serviceP99Micros: UInt64
    public var errorsByKind: [String: UInt64]

    /// A point from its fields (the recorder builds them; results and tests decode or construct them).
    public init(second: Int, requests: UInt64, errors: UInt64, bytesSent: UInt64, bytesReceived: UInt64,
                p50Micros: UInt64, p90Micros: UInt64, p95Micros: UInt64? = nil, p99Micros: UInt64, maxMicros: UInt64,
                serviceP50Micros: UInt64, serviceP99Micros: UInt64, errorsByKind: [String: UInt64]) {
        self.second = second
        self.requests = requests
        self.errors = errors
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
        self.p50Micros = p50Micros
        self.p90Micros = p90Micros
        self.p95Micros = p95Micros
        self.p99Micros = p99Micros
        self.maxMicros = maxMicros
        self.serviceP50Micros = serviceP50Micros
        self.serviceP99Micros = serviceP99Micros
        self.errorsByKind = errorsByKind
    }
}

extension TimeSeriesPoint {
    /// Adds the point of the same second from a run made at the same time (another generator or workload).
    /// Counts add; per-second percentiles cannot be merged from two points, so the higher is kept (conservative).
    public mutating func absorb(_ other: TimeSeriesPoint) {
        requests += other.requests
        errors += other.errors
        bytesSent += other.bytesSent
        bytesReceived += other.bytesReceived
        p50Micros = max(p50Micros, other.p50Micros)
        p90Micros = max(p90Micros, other.p90Micros)
        if p95Micros != nil || other.p95Micros != nil { p95Micros = max(p95Micros ?? 0, other.p95Micros ?? 0) }
        p99Micros = max(p99Micros, other.p99Micros)
        maxMicros = max(maxMicros, other.maxMicros)
        serviceP50Micros = max(serviceP50Micros, other.serviceP50Micros)
        serviceP99Micros = max(serviceP99Micros, other.serviceP99Micros)
        errorsByKind.merge(other.errorsByKind, uniquingKeysWith: +)
    }

    /// Series of runs made at the same time, added second by second.
    public static func merged(_ series: [[TimeSeriesPoint]]) -> [TimeSeriesPoint] {
        var bySecond: [Int: TimeSeriesPoint] = [:]
        for points in series {
            for p in points {
                if bySecond[p.second] == nil { bySecond[p.second] = p } else { bySecond[p.second]?.absorb(p) }
            }
        }
        return bySecond.keys.sorted().compactMap { bySecond[$0] }
    }
}

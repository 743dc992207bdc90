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

    public init(second: Int) { self.second = second }

    /// Adds one request completed in this second.
    @inlinable
    public mutating func add(_ outcome: RequestOutcome) {
        requests &+= 1
        bytesSent &+= outcome.bytesSent
        bytesReceived &+= outcome.bytesReceived
        latency.record(micros: outcome.latencyMicros)
        service.record(micros: outcome.serviceMicros)
        if let kind = outcome.error {
            errors &+= 1
            errorCounts[kind.index] &+= 1
        }
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
}

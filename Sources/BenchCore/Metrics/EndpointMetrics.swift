/// Everything measured for one endpoint (or overall): histograms, counts, bytes and errors.
///
/// A value owned by one worker; workers' values are merged with `add(_:)` after they stop.
public struct EndpointMetrics: Sendable, Equatable {
    /// The endpoint's name (a scenario step name, or METHOD path).
    public var name: String
    /// Latency from the intended start (what a user waiting on the schedule saw) of the successful responses:
    /// no transport error, and a status the step expects (k6's `expected_response:true`). A refused connection
    /// answers in microseconds; counting it would make a dead target look fast.
    public var latency = LatencyHistogram()
    /// The same over every request, failed ones included.
    public var latencyAll = LatencyHistogram()
    /// Service time from the actual start: what the server and network took.
    public var service = LatencyHistogram()
    /// One histogram per phase, in the order of `PhaseTimes.names`.
    public var phases: [LatencyHistogram] = Array(repeating: LatencyHistogram(), count: PhaseTimes.names.count)
    public var requests: UInt64 = 0
    public var errors: UInt64 = 0
    public var bytesSent: UInt64 = 0
    public var bytesReceived: UInt64 = 0
    /// Counts per HTTP status 0..<600 (0: no response).
    public var statusCounts = [UInt64](repeating: 0, count: 600)
    /// Counts per `ErrorKind`, indexed like `ErrorKind.allCases`.
    public var errorCounts = [UInt64](repeating: 0, count: ErrorKind.allCases.count)
    /// Counts per `HTTPVersion`, indexed by its raw value (index 0: no response).
    public var httpVersionCounts = [UInt64](repeating: 0, count: HTTPVersion.allCases.count)

    public init(name: String) { self.name = name }

    /// Adds one request. Cheap: a few histogram records and counter increments.
    @inlinable
    public mutating func add(_ outcome: RequestOutcome) {
        requests &+= 1
        latencyAll.record(micros: outcome.latencyMicros)
        // A failed check is a response of the expected status: its latency is the server's answer.
        if outcome.error == nil || outcome.error == .checkFailed { latency.record(micros: outcome.latencyMicros) }
        service.record(micros: outcome.serviceMicros)
        let p = outcome.phases
        phases[0].record(micros: p.dnsMicros)
        phases[1].record(micros: p.connectMicros)
        phases[2].record(micros: p.tlsMicros)
        phases[3].record(micros: p.pretransferMicros)
        phases[4].record(micros: p.firstByteMicros)
        phases[5].record(micros: p.transferMicros)
        bytesSent &+= outcome.bytesSent
        bytesReceived &+= outcome.bytesReceived
        if outcome.status >= 0 && outcome.status < 600 { statusCounts[outcome.status] &+= 1 }
        if let kind = outcome.error { countError(kind) }
        httpVersionCounts[outcome.httpVersion.rawValue] &+= 1
    }

    /// Counts an error of `kind` on a request already added (e.g. a failed check).
    @inlinable
    public mutating func countError(_ kind: ErrorKind, isNewFailure: Bool = true) {
        if isNewFailure { errors &+= 1 }
        errorCounts[kind.index] &+= 1
    }

    /// Merges another endpoint's metrics into this one.
    public mutating func add(_ other: EndpointMetrics) {
        latency.add(other.latency)
        latencyAll.add(other.latencyAll)
        service.add(other.service)
        for i in phases.indices { phases[i].add(other.phases[i]) }
        requests &+= other.requests
        errors &+= other.errors
        bytesSent &+= other.bytesSent
        bytesReceived &+= other.bytesReceived
        for i in statusCounts.indices { statusCounts[i] &+= other.statusCounts[i] }
        for i in errorCounts.indices { errorCounts[i] &+= other.errorCounts[i] }
        for i in httpVersionCounts.indices { httpVersionCounts[i] &+= other.httpVersionCounts[i] }
    }

    /// Non-zero status counts keyed by status text ("200", "0" for no response).
    public var statusCountsByCode: [String: UInt64] {
        var result: [String: UInt64] = [:]
        for (code, count) in statusCounts.enumerated() where count > 0 { result[String(code)] = count }
        return result
    }

    /// Non-zero error counts keyed by kind.
    public var errorCountsByKind: [String: UInt64] {
        var result: [String: UInt64] = [:]
        for (i, kind) in ErrorKind.allCases.enumerated() where errorCounts[i] > 0 { result[kind.rawValue] = errorCounts[i] }
        return result
    }

    /// Non-zero counts of responses per HTTP version, keyed by `HTTPVersion.name` ("1.1", "2").
    public var httpVersionsByName: [String: UInt64] {
        var result: [String: UInt64] = [:]
        for version in HTTPVersion.allCases where httpVersionCounts[version.rawValue] > 0 {
            if let name = version.name { result[name] = httpVersionCounts[version.rawValue] }
        }
        return result
    }
}

extension ErrorKind {
    /// Position in `allCases`, for array-indexed counters.
    @inlinable public var index: Int {
        switch self {
        case .dns: return 0
        case .connectRefused: return 1
        case .connectTimeout: return 2
        case .tls: return 3
        case .send: return 4
        case .receive: return 5
        case .timeout: return 6
        case .http4xx: return 7
        case .http5xx: return 8
        case .checkFailed: return 9
        case .other: return 10
        case .localResources: return 11
        case .protocol: return 12
        }
    }
}

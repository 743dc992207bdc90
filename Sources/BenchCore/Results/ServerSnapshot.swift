/// What the target's `/metrics` said at one moment: the counters capacity planning divides by completions.
public struct ServerSnapshot: Codable, Sendable, Equatable {
    /// `process_cpu_seconds_total`.
    public var cpuSeconds: Double?
    /// Database busy time (`crm_db_query_seconds_total` or `db_query_seconds_total`).
    public var databaseSeconds: Double?
    /// Requests the server counted (`crm_http_requests_total` or `http_requests_total`, all labels).
    public var requests: Double?
    /// `process_resident_memory_bytes`.
    public var residentBytes: Double?

    public init(cpuSeconds: Double? = nil, databaseSeconds: Double? = nil, requests: Double? = nil, residentBytes: Double? = nil) {
        self.cpuSeconds = cpuSeconds
        self.databaseSeconds = databaseSeconds
        self.requests = requests
        self.residentBytes = residentBytes
    }

    /// Reads the known counters from exposition text.
    public init(_ metrics: PrometheusText) {
        cpuSeconds = metrics.sum("process_cpu_seconds_total")
        databaseSeconds = metrics.sum("crm_db_query_seconds_total") ?? metrics.sum("db_query_seconds_total")
        requests = metrics.sum("crm_http_requests_total") ?? metrics.sum("http_requests_total")
        residentBytes = metrics.sum("process_resident_memory_bytes")
    }

    /// The change from `earlier` to this snapshot over `seconds`, per completed request.
    public func demands(since earlier: ServerSnapshot, completions: UInt64, seconds: Double) -> ServerDemands {
        func delta(_ a: Double?, _ b: Double?) -> Double? {
            guard let a, let b, a >= b else { return nil }
            return a - b
        }
        let cpu = delta(cpuSeconds, earlier.cpuSeconds)
        let db = delta(databaseSeconds, earlier.databaseSeconds)
        let n = Double(completions)
        return ServerDemands(cpuSecondsPerRequest: n > 0 ? cpu.map { $0 / n } : nil,
                             databaseSecondsPerRequest: n > 0 ? db.map { $0 / n } : nil,
                             cpuUtilization: seconds > 0 ? cpu.map { $0 / seconds } : nil,
                             databaseUtilization: seconds > 0 ? db.map { $0 / seconds } : nil,
                             // A labelled counter has no sample before its first request: absent then means zero.
                             serverRequests: delta(requests, earlier.requests ?? requests.map { _ in 0 }))
    }
}

/// Service demands and utilizations derived from two snapshots (the service-demand law D = U/X).
public struct ServerDemands: Codable, Sendable, Equatable {
    public var cpuSecondsPerRequest: Double?
    public var databaseSecondsPerRequest: Double?
    /// Server CPU seconds per second (1.0 = one core fully busy).
    public var cpuUtilization: Double?
    public var databaseUtilization: Double?
    /// Requests the server counted in the interval.
    public var serverRequests: Double?

    public init(cpuSecondsPerRequest: Double?, databaseSecondsPerRequest: Double?, cpuUtilization: Double?,
                databaseUtilization: Double?, serverRequests: Double?) {
        self.cpuSecondsPerRequest = cpuSecondsPerRequest
        self.databaseSecondsPerRequest = databaseSecondsPerRequest
        self.cpuUtilization = cpuUtilization
        self.databaseUtilization = databaseUtilization
        self.serverRequests = serverRequests
    }
}

/// What the target's `/metrics` said at one moment: the counters capacity planning divides by completions.
public struct ServerSnapshot: Codable, Sendable, Equatable {
    /// `process_cpu_seconds_total`.
    public var cpuSeconds: Double?
    /// Database busy time: `crm_db_busy_seconds_total` (connections held: statements, rows, driver work), else
    /// `crm_db_query_seconds_total` or `db_query_seconds_total` (statements only).
    public var databaseSeconds: Double?
    /// Requests the server counted (`crm_http_requests_total` or `http_requests_total`, all labels).
    public var requests: Double?
    /// `process_resident_memory_bytes`.
    public var residentBytes: Double?
    /// `crm_db_embedded` / `db_embedded`: whether the database runs inside the server process, so its time is
    /// part of `cpuSeconds`.
    public var databaseEmbedded: Bool?
    /// `crm_cache_lookups_total{result="hit"}` and `{result="miss"}`.
    public var cacheHits: Double?
    public var cacheMisses: Double?
    /// `crm_server_cores` / `server_cores`, `crm_server_workers` / `server_workers`, `crm_db_pool_size` /
    /// `db_pool_size`: the server's own capacity, for a plan that must not guess it.
    public var cores: Double?
    public var workers: Double?
    public var databasePool: Double?

    public init(cpuSeconds: Double? = nil, databaseSeconds: Double? = nil, requests: Double? = nil, residentBytes: Double? = nil,
                databaseEmbedded: Bool? = nil, cacheHits: Double? = nil, cacheMisses: Double? = nil) {
        self.cpuSeconds = cpuSeconds
        self.databaseSeconds = databaseSeconds
        self.requests = requests
        self.residentBytes = residentBytes
        self.databaseEmbedded = databaseEmbedded
        self.cacheHits = cacheHits
        self.cacheMisses = cacheMisses
    }

    /// Reads the known counters from exposition text.
    public init(_ metrics: PrometheusText) {
        cpuSeconds = metrics.sum("process_cpu_seconds_total")
        databaseSeconds = metrics.sum("crm_db_busy_seconds_total") ?? metrics.sum("crm_db_query_seconds_total")
            ?? metrics.sum("db_query_seconds_total")
        requests = metrics.sum("crm_http_requests_total") ?? metrics.sum("http_requests_total")
        residentBytes = metrics.sum("process_resident_memory_bytes")
        databaseEmbedded = (metrics.sum("crm_db_embedded") ?? metrics.sum("db_embedded")).map { $0 > 0 }
        cacheHits = metrics.sum("crm_cache_lookups_total", matching: ["result": "hit"])
        cacheMisses = metrics.sum("crm_cache_lookups_total", matching: ["result": "miss"])
        cores = metrics.sum("crm_server_cores") ?? metrics.sum("server_cores")
        workers = metrics.sum("crm_server_workers") ?? metrics.sum("server_workers")
        databasePool = metrics.sum("crm_db_pool_size") ?? metrics.sum("db_pool_size")
    }

    /// The change from `earlier` to this snapshot over `seconds`, per completed request.
    public func demands(since earlier: ServerSnapshot, completions: UInt64, seconds: Double) -> ServerDemands {
        func delta(_ a: Double?, _ b: Double?) -> Double? {
            guard let a, let b, a >= b else { return nil }
            return a - b
        }
        // A labelled counter has no sample before its first event: absent before and present after means from zero.
        func labelledDelta(_ a: Double?, _ b: Double?) -> Double? { delta(a, b ?? a.map { _ in 0 }) }
        let cpu = delta(cpuSeconds, earlier.cpuSeconds)
        let db = delta(databaseSeconds, earlier.databaseSeconds)
        let n = Double(completions)
        var demands = ServerDemands(cpuSecondsPerRequest: n > 0 ? cpu.map { $0 / n } : nil,
                                    databaseSecondsPerRequest: n > 0 ? db.map { $0 / n } : nil,
                                    cpuUtilization: seconds > 0 ? cpu.map { $0 / seconds } : nil,
                                    databaseUtilization: seconds > 0 ? db.map { $0 / seconds } : nil,
                                    serverRequests: labelledDelta(requests, earlier.requests))
        demands.databaseEmbedded = databaseEmbedded
        // Whole positive counts only: a gauge of 1e300 or 2.5 is no count to plan with (and Int(_:) would trap).
        func count(_ x: Double?) -> Int? { x.flatMap { Int(exactly: $0) }.flatMap { $0 > 0 ? $0 : nil } }
        (demands.cores, demands.workers, demands.databasePool) = (count(cores), count(workers), count(databasePool))
        if let hits = labelledDelta(cacheHits, earlier.cacheHits),
           let misses = labelledDelta(cacheMisses, earlier.cacheMisses), hits + misses > 0 {
            demands.cacheHitRatio = hits / (hits + misses)
        }
        return demands
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
    /// Whether the target said its database runs in its own process (nil: it did not say).
    public var databaseEmbedded: Bool?
    /// Share of the target's cache lookups that hit in the interval (nil: no cache reported).
    public var cacheHitRatio: Double?
    /// The server's cores, workers and database pool as its /metrics stated them (nil: not stated).
    public var cores: Int?
    public var workers: Int?
    public var databasePool: Int?

    public init(cpuSecondsPerRequest: Double?, databaseSecondsPerRequest: Double?, cpuUtilization: Double?,
                databaseUtilization: Double?, serverRequests: Double?) {
        self.cpuSecondsPerRequest = cpuSecondsPerRequest
        self.databaseSecondsPerRequest = databaseSecondsPerRequest
        self.cpuUtilization = cpuUtilization
        self.databaseUtilization = databaseUtilization
        self.serverRequests = serverRequests
    }
}

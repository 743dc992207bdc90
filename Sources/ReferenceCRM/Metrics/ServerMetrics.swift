import Foundation

/// Request and database counters behind `/metrics`, shared by every request.
///
/// Each request takes one short lock to bump a counter and a histogram bucket; each SQL statement takes another.
/// The counts are exact, so a load generator can compare its own request count with the server's.
public struct ServerMetrics: Sendable {
    /// Upper bounds of the request-duration histogram buckets, in seconds.
    public static let durationBucketsSeconds: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    struct RequestKey: Hashable, Comparable {
        var route: String
        var method: String
        var status: Int

        static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.route, lhs.method, lhs.status) < (rhs.route, rhs.method, rhs.status)
        }
    }

    struct RouteKey: Hashable, Comparable {
        var route: String
        var method: String

        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.route, lhs.method) < (rhs.route, rhs.method) }
    }

    struct Histogram {
        var bucketCounts = [Int](repeating: 0, count: ServerMetrics.durationBucketsSeconds.count)
        var count = 0
        var sumSeconds = 0.0
    }

    struct RequestState {
        var counts: [RequestKey: Int] = [:]
        var durations: [RouteKey: Histogram] = [:]
        /// Requests by HTTP major version: index 0 for HTTP/1.x, 1 for HTTP/2.
        var byVersion = [0, 0]
    }

    struct DatabaseState {
        var queries = 0
        var querySeconds = 0.0
        var busySeconds = 0.0
        var cacheHits = 0
        var cacheMisses = 0
    }

    let requests = LockedBox(RequestState())
    /// Injected write faults by kind and table (`--lose-writes` …).
    let writeFaults = LockedBox([String: [String: Int]]())
    let database = LockedBox(DatabaseState())
    /// Seeded customers left blank per field (`--blank-fields`), the truth a data profile must find.
    let seedBlanks = LockedBox([String: Int]())
    /// `--workers` (nil: no limit, so no workers gauge) and `--db-pool`, exported so a capacity plan knows the
    /// server's own stations instead of guessing them from the load generator's machine.
    let workers: Int?
    let databasePool: Int?

    /// Empty counters, with the server's configured workers and database pool when known.
    public init(workers: Int? = nil, databasePool: Int? = nil) {
        self.workers = workers
        self.databasePool = databasePool
    }

    /// Counts one answered request under its route template (and its HTTP version).
    public func recordRequest(route: String, method: String, status: Int, durationSeconds: Double, http2: Bool = false) {
        let bucket = Self.durationBucketsSeconds.firstIndex { durationSeconds <= $0 }
        requests.withLock { state in
            state.counts[RequestKey(route: route, method: method, status: status), default: 0] += 1
            let key = RouteKey(route: route, method: method)
            var histogram = state.durations[key] ?? Histogram()
            if let bucket { histogram.bucketCounts[bucket] += 1 }
            histogram.count += 1
            histogram.sumSeconds += durationSeconds
            state.durations[key] = histogram
            state.byVersion[http2 ? 1 : 0] += 1
        }
    }

    /// Counts one executed SQL statement.
    public func recordQuery(durationSeconds: Double) {
        database.withLock { state in
            state.queries += 1
            state.querySeconds += durationSeconds
        }
    }

    /// Adds the time one piece of request work held a database connection (statements, reading rows, GRDB's own
    /// work): the connection's busy time, which ``recordQuery(durationSeconds:)`` alone understates.
    public func recordDatabaseBusy(durationSeconds: Double) {
        database.withLock { $0.busySeconds += durationSeconds }
    }

    /// Counts one cache lookup (`--cache on`).
    public func recordCacheLookup(hit: Bool) {
        database.withLock { state in
            if hit { state.cacheHits += 1 } else { state.cacheMisses += 1 }
        }
    }

    /// Counts one injected write fault on a create into `resource`'s table.
    func recordWriteFault(_ fault: WriteFault, resource: String) {
        writeFaults.withLock { $0[fault.rawValue, default: [:]][resource, default: 0] += 1 }
    }

    /// Total requests counted so far, over all routes and statuses.
    public var totalRequests: Int {
        requests.withLock { $0.counts.values.reduce(0, +) }
    }
}

import Foundation

/// Where the server keeps its SQLite database.
public enum DatabaseLocation: Sendable, Equatable {
    /// A WAL database in a fresh temporary directory, deleted when the server stops (the default).
    case temporaryFile
    /// A WAL database at this path, kept after the server stops.
    case file(path: String)
    /// A private in-memory database on one connection (`--db-pool` has no effect).
    case inMemory
}

/// Everything that shapes one reference CRM server: address, data, auth, tuning and fault knobs.
public struct ServerConfiguration: Sendable {
    /// Interface to bind; loopback unless the user asks otherwise.
    public var host = "127.0.0.1"
    /// TCP port; 0 asks the kernel for a free one.
    public var port = 0
    /// Database location.
    public var database = DatabaseLocation.temporaryFile
    /// Customers to create (with their interactions, orders, tickets and feedback) when the database is empty.
    public var seedCustomers = 0
    /// Seeded customers' fields left blank on purpose (`--blank-fields`), for data profiles.
    public var seedBlanks = SeedBlanks()
    /// Bearer token every `/api/v1` request must carry.
    public var token = ServerConfiguration.generateToken()
    /// Workers: this many event-loop threads, and at most this many requests doing their `--cpu-work` at once
    /// (N cores' worth of request work). Nil: NIO's shared group (one thread per core) and no limit.
    public var workerThreads: Int?
    /// Maximum concurrent SQLite readers in the WAL pool.
    public var databaseReaders = 5
    /// Whether customer reads and summaries are served from an in-process cache.
    public var cacheEnabled = false
    /// Whether the secondary indexes are created; false gives an untuned database.
    public var secondaryIndexes = true
    /// Delay added to every `/api/v1` request.
    public var addedLatency: DurationRange?
    /// Busy CPU time burnt by every `/api/v1` request.
    public var cpuWork = Duration.zero
    /// Fraction of `/api/v1` requests answered with 503, from 0 to 1.
    public var failRate = 0.0
    /// Creates lost, duplicated or corrupted on purpose, for data-quality audits.
    public var writeFaults = WriteFaults()
    /// Periodic whole-server stall.
    public var stall: StallSchedule?
    /// When the stall schedule's periods start (default: when the server starts). Tests pin it to their own clock.
    public var stallOrigin: ContinuousClock.Instant?
    /// Largest accepted request body.
    public var maxBodyBytes = 1 << 20
    /// Append an access log (combined format, duration µs, `X-Session-Id`) to this file; nil writes none.
    public var accessLogPath: String?
    /// HTTPS with these files; nil serves plain HTTP.
    public var tls: ServerTLS?
    /// HTTP/2: negotiated by ALPN next to HTTP/1.1 with TLS; without TLS, HTTP/2 only (h2c, prior knowledge).
    public var http2 = false
    /// A connection with no request in progress for this long is closed (HTTP/1.1 keep-alive, HTTP/2 with no open
    /// stream); nil keeps idle connections open forever.
    public var idleTimeout: Duration? = .seconds(60)
    /// An HTTP/1.1 client has this long to send a whole request head, counted from the connection's start or from
    /// the first byte of a later request; a slow or stalled client is then cut off. Nil: no limit.
    public var headerTimeout: Duration? = .seconds(10)

    /// Longest idle or header timeout accepted.
    public static let maxTimeout = Duration.seconds(3600)

    /// A configuration with every default.
    public init() {}

    /// A random 32-character hexadecimal token.
    public static func generateToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined().prefix(32).description
    }

    /// Checks every field and throws one error listing all problems.
    public func validate() throws {
        let problems = self.problems
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
    }

    /// The problems `validate()` reports; empty when the configuration is usable.
    public var problems: [String] {
        var problems: [String] = []
        if host.isEmpty { problems.append("--host must not be empty") }
        if !(0...65_535).contains(port) { problems.append("--port must be between 0 and 65535, got \(port)") }
        if case .file(let path) = database, path.isEmpty { problems.append("--db must name a file") }
        if !(0...10_000_000).contains(seedCustomers) {
            problems.append("--seed-customers must be between 0 and 10000000, got \(seedCustomers)")
        }
        problems += seedBlanks.problems(customers: seedCustomers)
        if token.isEmpty || token.contains(where: { $0.isWhitespace }) {
            problems.append("--token must be non-empty and contain no whitespace")
        }
        if let workerThreads, !(1...256).contains(workerThreads) {
            problems.append("--workers must be between 1 and 256, got \(workerThreads)")
        }
        if !(1...64).contains(databaseReaders) {
            problems.append("--db-pool must be between 1 and 64, got \(databaseReaders)")
        }
        if let latency = addedLatency {
            if latency.lower < .zero { problems.append("--latency must not be negative") }
            if latency.upper < latency.lower { problems.append("--latency range must go from low to high") }
            if latency.upper > .seconds(60) { problems.append("--latency must be at most 60s") }
        }
        if cpuWork < .zero || cpuWork > .seconds(10) { problems.append("--cpu-work must be between 0 and 10s") }
        if !(failRate >= 0 && failRate <= 1) { problems.append("--fail-rate must be between 0 and 1, got \(failRate)") }
        problems += writeFaults.problems
        if let stall {
            if stall.stall <= .zero { problems.append("--stall duration must be positive") }
            if stall.stall >= stall.period { problems.append("--stall duration must be shorter than its period") }
        }
        if let idleTimeout, idleTimeout <= .zero || idleTimeout > Self.maxTimeout {
            problems.append("--idle-timeout must be more than 0 and at most 3600s")
        }
        if let headerTimeout, headerTimeout <= .zero || headerTimeout > Self.maxTimeout {
            problems.append("--header-timeout must be more than 0 and at most 3600s")
        }
        if maxBodyBytes < 1 { problems.append("maximum body size must be positive") }
        if let tls, tls.certificatePath.isEmpty || tls.keyPath.isEmpty || tls.clientCAPath?.isEmpty == true {
            problems.append("--tls-cert, --tls-key and --tls-client-ca must name files")
        }
        return problems
    }
}

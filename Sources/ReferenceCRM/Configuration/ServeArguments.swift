/// The `crmbench serve` flags as typed on the command line, before interpretation.
///
/// Kept apart from the command so the mapping to a ``ServerConfiguration`` (and every error message) is tested in
/// this library.
public struct ServeArguments: Sendable {
    /// `--host`.
    public var host = "127.0.0.1"
    /// `--port`; 0 picks a free port.
    public var port = 0
    /// `--db PATH`.
    public var databasePath: String?
    /// `--in-memory`.
    public var inMemory = false
    /// `--seed-customers N`.
    public var seedCustomers = 0
    /// `--blank-fields phone=0.25,name=0.1` and `--blank-seed N`.
    public var blankFields: String?
    public var blankSeed: UInt64 = 1
    /// `--token`, or the `CRM_TOKEN` environment variable; nil generates one.
    public var token: String?
    /// `--workers N`.
    public var workers: Int?
    /// `--db-pool N`.
    public var databasePool = 5
    /// `--cache on|off`.
    public var cache = "off"
    /// `--no-index`.
    public var noIndex = false
    /// `--latency 20ms` or `10ms..30ms`.
    public var latency: String?
    /// `--cpu-work 2ms`.
    public var cpuWork: String?
    /// `--fail-rate F`.
    public var failRate = 0.0
    /// `--lose-writes F`, `--duplicate-writes F`, `--corrupt-writes F`, `--fault-seed N`.
    public var loseWrites = 0.0
    public var duplicateWrites = 0.0
    public var corruptWrites = 0.0
    public var faultSeed: UInt64 = 1
    /// `--stall 1s@5s`.
    public var stall: String?
    /// `--tls-cert PEM`, `--tls-key PEM`, `--tls-client-ca PEM`.
    public var tlsCert: String?
    public var tlsKey: String?
    public var tlsClientCA: String?
    /// `--http2`.
    public var http2 = false
    /// `--idle-timeout 60s`, or `off`; nil keeps the default.
    public var idleTimeout: String?
    /// `--header-timeout 10s`, or `off`; nil keeps the default.
    public var headerTimeout: String?
    /// `--access-log FILE`.
    public var accessLog: String?

    /// Arguments with every default.
    public init() {}

    /// Interprets the arguments, reporting every unreadable or out-of-range value at once.
    public func configuration() throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        var problems: [String] = []
        func parse<T>(_ flag: String, _ text: String?, _ parser: (String) throws -> T) -> T? {
            guard let text else { return nil }
            do { return try parser(text) } catch { problems.append("\(flag): \(error)"); return nil }
        }
        configuration.host = host
        configuration.port = port
        if databasePath != nil, inMemory { problems.append("--db and --in-memory cannot be used together") }
        if let databasePath { configuration.database = .file(path: databasePath) }
        if inMemory { configuration.database = .inMemory }
        configuration.seedCustomers = seedCustomers
        if let blankFields {
            do { configuration.seedBlanks.fractions = try SeedBlanks.parse(blankFields) } catch {
                problems += ((error as? ConfigurationError)?.problems ?? ["\(error)"]).map { "--blank-fields: " + $0 }
            }
        }
        configuration.seedBlanks.seed = blankSeed
        if let token { configuration.token = token }
        configuration.workerThreads = workers
        configuration.databaseReaders = databasePool
        configuration.cacheEnabled = parse("--cache", cache, KnobParser.onOff) ?? false
        configuration.secondaryIndexes = !noIndex
        configuration.addedLatency = parse("--latency", latency, KnobParser.durationRange)
        configuration.cpuWork = parse("--cpu-work", cpuWork, KnobParser.duration) ?? .zero
        configuration.failRate = failRate
        (configuration.writeFaults.lose, configuration.writeFaults.duplicate) = (loseWrites, duplicateWrites)
        (configuration.writeFaults.corrupt, configuration.writeFaults.seed) = (corruptWrites, faultSeed)
        configuration.stall = parse("--stall", stall, KnobParser.stall)
        configuration.http2 = http2
        configuration.accessLogPath = accessLog
        if let idle = parse("--idle-timeout", idleTimeout, KnobParser.timeout) { configuration.idleTimeout = idle }
        if let header = parse("--header-timeout", headerTimeout, KnobParser.timeout) { configuration.headerTimeout = header }
        problems += tlsProblems(&configuration)
        problems += configuration.problems
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        return configuration
    }

    /// Sets `configuration.tls` from the TLS flags and reads the files, so that a missing or unusable one is
    /// reported with the other problems before the server starts.
    private func tlsProblems(_ configuration: inout ServerConfiguration) -> [String] {
        guard let tlsCert, let tlsKey else {
            if tlsCert != nil || tlsKey != nil { return ["--tls-cert and --tls-key go together: give both"] }
            return tlsClientCA == nil ? [] : ["--tls-client-ca needs --tls-cert and --tls-key"]
        }
        let tls = ServerTLS(certificatePath: tlsCert, keyPath: tlsKey, clientCAPath: tlsClientCA)
        configuration.tls = tls
        do {
            _ = try tls.makeTLSConfiguration()
            return []
        } catch let error as ConfigurationError {
            return error.problems
        } catch {
            return ["TLS: \(error)"]
        }
    }
}

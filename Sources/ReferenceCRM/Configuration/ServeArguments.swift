/// The `crmbench serve` flags as typed on the command line, before interpretation.
///
/// Kept apart from the command so the mapping to a ``ServerConfiguration`` (and every error message) is tested in
/// this library.
public struct ServeArguments: Sendable {
    public var host = "127.0.0.1"
    public var port = 0
    public var databasePath: String?
    public var inMemory = false
    public var seedCustomers = 0
    /// `--token`, or the `CRM_TOKEN` environment variable; nil generates one.
    public var token: String?
    public var workers: Int?
    public var databasePool = 5
    public var cache = "off"
    public var noIndex = false
    public var latency: String?
    public var cpuWork: String?
    public var failRate = 0.0
    public var stall: String?

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
        if let token { configuration.token = token }
        configuration.workerThreads = workers
        configuration.databaseReaders = databasePool
        configuration.cacheEnabled = parse("--cache", cache, KnobParser.onOff) ?? false
        configuration.secondaryIndexes = !noIndex
        configuration.addedLatency = parse("--latency", latency, KnobParser.durationRange)
        configuration.cpuWork = parse("--cpu-work", cpuWork, KnobParser.duration) ?? .zero
        configuration.failRate = failRate
        configuration.stall = parse("--stall", stall, KnobParser.stall)
        problems += configuration.problems
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        return configuration
    }
}

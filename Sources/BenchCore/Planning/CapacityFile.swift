import Yams

/// The capacity file: what a load test cannot measure — the deployment today, the target, and prices.
///
/// ```yaml
/// cores: 2              # CPU cores per application node today
/// nodes: 1              # application nodes today
/// workers: 2            # worker processes/threads per node, when they cap the requests in progress
/// dbPool: 5             # database connections requests can hold at once
/// readFraction: 0.7     # share of database work that is reads (for read replicas)
/// database: separate    # or embedded: the database runs inside the application process (default: as /metrics says)
/// slo: {throughput: 1000, p95: 200ms}
/// costs: {core: 20, speedup: 100, cache: 50, appNode: 200, readReplica: 150}
/// ```
public struct CapacityFile: Sendable, Equatable {
    public var cores: Int?
    public var nodes: Int?
    /// Worker processes or threads per node (a station of their own); nil: as `/metrics` says, else none.
    public var workers: Int?
    /// Database connection pool size (the database station's servers); nil: as `/metrics` says, else 1.
    public var databasePool: Int?
    public var readFraction: Double?
    /// `database: embedded` (true) or `separate` (false); nil: as the target's `/metrics` says.
    public var databaseEmbedded: Bool?
    public var sloThroughputPerSecond: Double?
    public var sloPercentile: Double?
    public var sloLatencyMicros: UInt64?
    public var costs: [String: Double] = [:]

    public init() {}

    /// The cost keys understood.
    public static let costKeys: Set<String> = ["core", "speedup", "demandReductionPercent", "cache", "contentionPercent",
                                               "appNode", "readReplica", "poolConnection", "worker"]

    /// Parses a capacity file, reporting every problem with its line.
    public static func parse(_ text: String, file: String) throws -> CapacityFile {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw CapacityFileError(problems: ["\(file): not YAML: \(error)"])
        }
        guard let root = node?.mapping else { throw CapacityFileError(problems: ["\(file):1:1: expected a mapping of keys"]) }
        var result = CapacityFile()
        var problems: [String] = []
        func at(_ n: Node) -> String { "\(file):\(n.mark?.line ?? 0):\(n.mark?.column ?? 0)" }
        for (keyNode, value) in root {
            let key = keyNode.string ?? ""
            switch key {
            case "cores", "nodes", "workers", "dbPool":
                // Bounded so that cores × a what-if multiplier stays a small Int and the MVA's server arrays small.
                guard let n = value.int, n >= 1, n <= 4_096 else {
                    problems.append("\(at(value)): \(key) must be a whole number from 1 to 4096"); continue
                }
                switch key {
                case "cores": result.cores = n
                case "nodes": result.nodes = n
                case "workers": result.workers = n
                default: result.databasePool = n
                }
            case "readFraction":
                guard let f = value.float, f >= 0, f <= 1 else { problems.append("\(at(value)): readFraction must be between 0 and 1"); continue }
                result.readFraction = f
            case "database":
                switch value.string {
                case "embedded": result.databaseEmbedded = true
                case "separate": result.databaseEmbedded = false
                default: problems.append("\(at(value)): database must be 'embedded' (inside the application process) or 'separate'")
                }
            case "slo":
                guard let slo = value.mapping else { problems.append("\(at(value)): slo must be a mapping like {throughput: 1000, p95: 200ms}"); continue }
                for (k, v) in slo {
                    let name = k.string ?? ""
                    if name == "throughput" {
                        guard let x = v.float, InputLimits.rateProblem(x, option: "slo.throughput") == nil else {
                            problems.append("\(at(v)): slo.throughput must be a positive rate, at most 10000000 per second"); continue
                        }
                        result.sloThroughputPerSecond = x
                    } else if let percentile = Self.percentile(name) {
                        guard let text = v.string, let nanos = DurationText.nanos(text), nanos > 0 else {
                            problems.append("\(at(v)): slo.\(name) must be a duration like 200ms"); continue
                        }
                        result.sloPercentile = percentile
                        result.sloLatencyMicros = nanos / 1_000
                    } else {
                        problems.append("\(at(k)): unknown slo key '\(name)' (throughput, p50, p90, p95, p99)")
                    }
                }
            case "costs":
                guard let costs = value.mapping else { problems.append("\(at(value)): costs must be a mapping"); continue }
                for (k, v) in costs {
                    let name = k.string ?? ""
                    guard costKeys.contains(name) else {
                        problems.append("\(at(k)): unknown cost '\(name)' (\(costKeys.sorted().joined(separator: ", ")))"); continue
                    }
                    guard let x = v.float, x >= 0 else { problems.append("\(at(v)): cost '\(name)' must be a number ≥ 0"); continue }
                    result.costs[name] = x
                }
            default:
                problems.append("\(at(keyNode)): unknown key '\(key)' (cores, nodes, workers, dbPool, readFraction, database, slo, costs)")
            }
        }
        if !problems.isEmpty { throw CapacityFileError(problems: problems) }
        return result
    }

    /// "p95" → 0.95.
    public static func percentile(_ name: String) -> Double? {
        switch name {
        case "p50": return 0.5
        case "p90": return 0.9
        case "p95": return 0.95
        case "p99": return 0.99
        default: return nil
        }
    }
}

/// Problems found in a capacity file, each with its location.
public struct CapacityFileError: Error, CustomStringConvertible, Equatable {
    public var problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}

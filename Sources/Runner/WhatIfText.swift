import Capacity

/// `cores=2,cache=0.8` into capacity options.
public enum WhatIfText {
    /// The accepted values of each key, checked before any conversion: a count is a whole number in range, so
    /// `nodes=1e300` is a usage error instead of a trap in `Int(_:)`.
    private static let ranges: [String: (range: ClosedRange<Double>, whole: Bool, what: String)] = [
        "cores": (1...1_024, false, "a core multiplier from 1 to 1024"),
        "speedup": (0.001...1_000, false, "a CPU speedup from 0.001 to 1000"),
        "cache": (0...0.999, false, "a cache hit ratio from 0 to 0.999"),
        "nodes": (1...1_000, true, "a whole number of app nodes from 1 to 1000"),
        "replicas": (0...1_000, true, "a whole number of read replicas from 0 to 1000"),
        "pool": (1...10_000, true, "a whole connection-pool size from 1 to 10000"),
        "workers": (1...10_000, true, "a whole number of worker processes from 1 to 10000"),
        "contention": (0...1, false, "a fraction of contention removed from 0 to 1"),
        "reduce:": (0...0.999, false, "a fraction of demand removed from 0 to 0.999"),
    ]

    /// The changes of one `--what-if` value.
    public static func parse(_ text: String) throws -> [CapacityOption] {
        var options: [CapacityOption] = []
        for part in text.split(separator: ",").map({ $0.filter { $0 != " " } }) {
            let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pieces.count == 2, let value = Double(pieces[1]), value.isFinite else {
                throw RunnerError("--what-if: '\(part)' must look like KEY=NUMBER (e.g. cores=2)", kind: .usage)
            }
            let key = pieces[0]
            let rangeKey = key.hasPrefix("reduce:") ? "reduce:" : key
            guard let accepted = ranges[rangeKey] else {
                throw RunnerError("--what-if: unknown change '\(key)' (cores, speedup, cache, nodes, replicas, pool, workers, contention, reduce:STATION)", kind: .usage)
            }
            guard accepted.range.contains(value), !accepted.whole || value == value.rounded() else {
                throw RunnerError("--what-if: \(part): \(key) must be \(accepted.what)", kind: .usage)
            }
            switch key {
            case "cores": options.append(.cpuCores(multiplier: value))
            case "speedup": options.append(.fasterCPU(speedup: value))
            case "cache": options.append(.cache(hitRatio: value))
            case "nodes": options.append(.appNodes(count: Int(value)))  // whole and in range: checked above
            case "replicas": options.append(.readReplicas(count: Int(value)))
            case "pool": options.append(.connectionPool(size: Int(value)))
            case "workers": options.append(.workers(count: Int(value)))
            case "contention": options.append(.lowerContention(fraction: value))
            default: options.append(.reduceDemand(station: String(key.dropFirst(7)), fraction: value))
            }
        }
        return options
    }
}

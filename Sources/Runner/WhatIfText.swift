import Capacity

/// `cores=2,cache=0.8` into capacity options.
public enum WhatIfText {
    /// The changes of one `--what-if` value.
    public static func parse(_ text: String) throws -> [CapacityOption] {
        var options: [CapacityOption] = []
        for part in text.split(separator: ",").map({ $0.filter { $0 != " " } }) {
            let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pieces.count == 2, let value = Double(pieces[1]), value.isFinite else {
                throw RunnerError("--what-if: '\(part)' must look like KEY=NUMBER (e.g. cores=2)", kind: .usage)
            }
            let key = pieces[0]
            // Counts past a million are no deployment; converting 1e300 to Int would trap, so it becomes -1 and is refused.
            let count = abs(value) <= 1_000_000 ? Int(value) : -1
            switch key {
            case "cores": options.append(.cpuCores(multiplier: value))
            case "speedup": options.append(.fasterCPU(speedup: value))
            case "cache": options.append(.cache(hitRatio: value))
            case "nodes": options.append(.appNodes(count: count))
            case "replicas": options.append(.readReplicas(count: count))
            case "pool": options.append(.connectionPool(size: count))
            case "workers": options.append(.workers(count: count))
            case "contention": options.append(.lowerContention(fraction: value))
            default:
                if key.hasPrefix("reduce:") {
                    options.append(.reduceDemand(station: String(key.dropFirst(7)), fraction: value))
                } else {
                    throw RunnerError("--what-if: unknown change '\(key)' (cores, speedup, cache, nodes, replicas, pool, workers, contention, reduce:STATION)", kind: .usage)
                }
            }
        }
        return options
    }
}

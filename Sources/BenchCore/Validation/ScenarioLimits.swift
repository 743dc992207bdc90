/// The ranges a scenario file's numbers and lists must lie in, so that nothing a run computes from them
/// (weight sums, stage ends, nanosecond totals, millisecond conversions) can overflow.
///
/// Load settings share `InputLimits` with the command line (rates, virtual users, durations up to 7 days).
public enum ScenarioLimits {
    /// A flow's weight: 1 to this. With at most `maxFlows` flows the sum stays below 2^31.
    public static let maxFlowWeight = 1_000_000
    /// Flows in a scenario.
    public static let maxFlows = 1_000
    /// Workloads in a scenario.
    public static let maxWorkloads = 100
    /// Stages of one load; their durations together are at most `InputLimits.maxDurationNanos` (7 days).
    public static let maxStages = 1_000
    /// Iterations of a closed `{vus, iterations}` load.
    public static let maxIterations = 1_000_000_000
    /// Request timeout (`defaults.timeout`).
    public static let maxTimeoutNanos: Int64 = 24 * 3_600 * 1_000_000_000
    /// Think times and `maxLatency` checks: at most 7 days, like a run.
    public static let maxPauseNanos = Int64(InputLimits.maxDurationNanos)
    /// Entries of any one list or mapping in the file (steps, headers, checks, thresholds...).
    public static let maxListEntries = 10_000

    /// The most entries the list or mapping at `path` (`load.stages`, `workloads[0].load.stages`, `flows`) may have.
    static func maxEntries(at path: String) -> Int {
        if path == "load.stages" || (path.hasPrefix("workloads[") && path.hasSuffix("].load.stages")) { return maxStages }
        if path == "flows" { return maxFlows }
        if path == "workloads" { return maxWorkloads }
        return maxListEntries
    }

    /// The message for a list that is too long, naming where it is: `load.stages has 20000 entries; at most 1000`.
    static func tooLong(_ what: String, count: Int, maximum: Int) -> String {
        "\(what) has \(count) entries; at most \(maximum)"
    }
}

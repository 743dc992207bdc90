/// BenchCore: the pure logic of crmbench (scenarios, pacing, metrics, results, thresholds, comparison).
public enum BenchCore {
    /// The tool's version, written into every result.
    public static let toolVersion = "0.1.0"
}

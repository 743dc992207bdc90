/// A figure that `compare` compares, and which way is better.
public enum ComparedMetric: String, Codable, Sendable, CaseIterable {
    case throughput
    case errorRate
    case p50
    case p95
    case p99

    /// Which direction of change is an improvement.
    public enum Better: String, Codable, Sendable { case higher, lower }

    /// The better direction of this metric: only throughput is better higher.
    public var better: Better { self == .throughput ? .higher : .lower }

    /// The key used on the command line (`--fail-on-regression p99=10%,rps=5%`).
    public var key: String {
        switch self {
        case .throughput: return "rps"
        case .errorRate: return "errors"
        case .p50, .p95, .p99: return rawValue
        }
    }

    /// A short label for tables.
    public var label: String {
        switch self {
        case .throughput: return "throughput"
        case .errorRate: return "error rate"
        case .p50, .p95, .p99: return rawValue
        }
    }

    /// True when the change is an absolute difference (percentage points of error rate), false when relative.
    public var changeIsAbsolute: Bool { self == .errorRate }

    /// The metric named by a command-line key, accepting a few aliases.
    public static func parse(key: String) -> ComparedMetric? {
        switch key.lowercased() {
        case "rps", "throughput", "req/s": return .throughput
        case "errors", "error-rate", "errorrate", "error_rate": return .errorRate
        case "p50", "median": return .p50
        case "p95": return .p95
        case "p99": return .p99
        default: return nil
        }
    }
}

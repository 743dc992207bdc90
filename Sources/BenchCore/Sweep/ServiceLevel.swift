/// A service-level objective for `find-max` and sweeps: `p99<300ms,errors<1%`.
///
/// Clauses are joined by commas; each is a latency percentile (`p50`…`p99.9`, `mean`, `max`) or `errors`
/// compared with `<` or `<=` against a duration or a percentage.
public struct ServiceLevel: Sendable, Equatable, CustomStringConvertible {
    public enum Metric: Sendable, Equatable {
        case latency(String)
        case errorRate
    }

    public struct Clause: Sendable, Equatable {
        public var metric: Metric
        public var inclusive: Bool
        /// Microseconds for latency, a fraction for the error rate.
        public var limit: Double
    }

    public let clauses: [Clause]
    public let text: String

    public var description: String { text }

    /// Parses an objective; the error names the clause that could not be read.
    public init(parsing text: String) throws {
        var clauses: [Clause] = []
        for raw in text.split(separator: ",") {
            let part = raw.filter { $0 != " " }
            guard let opIndex = part.firstIndex(where: { $0 == "<" }) else {
                throw ServiceLevelError(message: "'\(part)': expected METRIC<VALUE, e.g. p99<300ms or errors<1%")
            }
            let name = String(part[..<opIndex]).lowercased()
            var rest = part[part.index(after: opIndex)...]
            let inclusive = rest.first == "="
            if inclusive { rest = rest.dropFirst() }
            let valueText = String(rest)
            if name == "errors" || name == "error_rate" || name == "errorrate" {
                guard valueText.hasSuffix("%"), let percent = Double(valueText.dropLast()), percent >= 0, percent <= 100 else {
                    throw ServiceLevelError(message: "'\(part)': the error limit must be a percentage like 1%")
                }
                clauses.append(Clause(metric: .errorRate, inclusive: inclusive, limit: percent / 100))
            } else if ["p50", "p90", "p95", "p99", "p99.9", "p999", "mean", "max", "median"].contains(name) {
                guard let nanos = DurationText.nanos(valueText), nanos > 0 else {
                    throw ServiceLevelError(message: "'\(part)': '\(valueText)' is not a duration like 300ms")
                }
                clauses.append(Clause(metric: .latency(name), inclusive: inclusive, limit: Double(nanos) / 1_000))
            } else {
                throw ServiceLevelError(message: "'\(part)': unknown metric '\(name)' (use p50, p90, p95, p99, p99.9, mean, max or errors)")
            }
        }
        guard !clauses.isEmpty else { throw ServiceLevelError(message: "the objective is empty; e.g. p99<300ms,errors<1%") }
        self.clauses = clauses
        self.text = text
    }

    /// Whether a summary meets every clause; when not, the first clause it broke, in words.
    public func evaluate(_ summary: EndpointSummary) -> (met: Bool, reason: String?) {
        for clause in clauses {
            let observed: Double
            let shown: String
            switch clause.metric {
            case .errorRate:
                observed = summary.errorRate
                shown = "errors \(Double(Int(observed * 10_000)) / 100)%"
            case .latency(let name):
                observed = summary.latencyMicros.value(named: name) ?? .infinity
                shown = "\(name) \(DurationText.format(micros: UInt64(min(observed, 1e15))))"
            }
            let ok = clause.inclusive ? observed <= clause.limit : observed < clause.limit
            if !ok { return (false, "\(shown) breaks \(text)") }
        }
        return (true, nil)
    }
}

/// A service-level objective that could not be read.
public struct ServiceLevelError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public var description: String { message }
}

import Foundation

/// A metric a threshold can test. Units: latency and duration in microseconds, rates as fractions 0–1,
/// `http.rps` per second, counts as plain numbers.
public enum ThresholdMetric: Hashable, Sendable, CustomStringConvertible {
    /// `http.latency.STAT` over the successful responses (no transport error, an expected status).
    case httpLatency(LatencyStatistic)
    /// `http.latency.all.STAT` over every request, failed ones included.
    case httpLatencyAll(LatencyStatistic)
    /// `http.errors.rate`: failed requests (transport errors and status >= 400) / requests.
    case httpErrorRate
    /// `http.rps`: requests completed per second.
    case httpRequestsPerSecond
    /// `http.requests`: requests completed.
    case httpRequests
    /// `checks.rate`: passed checks / evaluated checks.
    case checksPassRate
    /// `iterations.rate`: succeeded iterations / finished iterations.
    case iterationSuccessRate
    /// `iterations.failed.rate`: failed iterations / finished iterations (1 − `iterations.rate`).
    case iterationFailureRate
    /// `step.NAME.latency.STAT`.
    case stepLatency(step: String, LatencyStatistic)
    /// `step.NAME.errors.rate`: failed requests of the step / its requests.
    case stepErrorRate(step: String)
    /// `flow.NAME.duration.STAT`: end-to-end iteration duration of the flow.
    case flowDuration(flow: String, LatencyStatistic)
    /// `flow.NAME.iterations`: iterations of the flow finished.
    case flowIterations(flow: String)
    /// `group.NAME.duration.STAT`.
    case groupDuration(group: String, LatencyStatistic)
    /// `data.KIND.count` (`rate: false`) or `data.KIND.rate`: a data-quality audit finding.
    case data(DataFindingKind, rate: Bool)
    /// `profile.COLLECTION.FIELD.MEASURE`: a figure of `crmbench profile`.
    case profile(ProfileMetric)

    /// What kind of value the metric is, to check a threshold's unit.
    public enum Unit: Sendable {
        /// Microseconds.
        case micros
        /// A fraction 0–1.
        case fraction
        /// A plain number (count or per-second rate).
        case plain
    }

    /// The metric's unit.
    public var unit: Unit {
        switch self {
        case .httpLatency, .httpLatencyAll, .stepLatency, .flowDuration, .groupDuration: return .micros
        case .httpErrorRate, .checksPassRate, .iterationSuccessRate, .iterationFailureRate, .stepErrorRate: return .fraction
        case .data(_, let rate): return rate ? .fraction : .plain
        case .profile(let metric): return metric.unit
        case .httpRequestsPerSecond, .httpRequests, .flowIterations: return .plain
        }
    }

    /// The metric's name as written in a scenario.
    public var description: String {
        switch self {
        case .httpLatency(let stat): return "http.latency.\(stat.rawValue)"
        case .httpLatencyAll(let stat): return "http.latency.all.\(stat.rawValue)"
        case .httpErrorRate: return "http.errors.rate"
        case .httpRequestsPerSecond: return "http.rps"
        case .httpRequests: return "http.requests"
        case .checksPassRate: return "checks.rate"
        case .iterationSuccessRate: return "iterations.rate"
        case .iterationFailureRate: return "iterations.failed.rate"
        case .stepLatency(let step, let stat): return "step.\(step).latency.\(stat.rawValue)"
        case .stepErrorRate(let step): return "step.\(step).errors.rate"
        case .flowDuration(let flow, let stat): return "flow.\(flow).duration.\(stat.rawValue)"
        case .flowIterations(let flow): return "flow.\(flow).iterations"
        case .groupDuration(let group, let stat): return "group.\(group).duration.\(stat.rawValue)"
        case .data(let kind, let rate): return "data.\(kind.rawValue).\(rate ? "rate" : "count")"
        case .profile(let metric): return metric.description
        }
    }

    /// Parses a metric name; nil when it is not one. Step, flow and group names may contain dots and spaces.
    public static func parse(_ text: String) -> ThresholdMetric? {
        let fixed: [String: ThresholdMetric] = [
            "http.errors.rate": .httpErrorRate, "http.rps": .httpRequestsPerSecond, "http.requests": .httpRequests,
            "checks.rate": .checksPassRate, "iterations.rate": .iterationSuccessRate,
            "iterations.failed.rate": .iterationFailureRate,
        ]
        if let metric = fixed[text] { return metric }
        if text.hasPrefix("data.") {
            let parts = text.dropFirst(5).split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, let kind = DataFindingKind(rawValue: String(parts[0])),
                  parts[1] == "count" || parts[1] == "rate" else { return nil }
            return .data(kind, rate: parts[1] == "rate")
        }
        if text.hasPrefix("profile.") { return ProfileMetric.parse(text).map { .profile($0) } }
        if text.hasPrefix("http.latency.all."), let stat = LatencyStatistic(rawValue: String(text.dropFirst(17))) {
            return .httpLatencyAll(stat)
        }
        if text.hasPrefix("http.latency."), let stat = LatencyStatistic(rawValue: String(text.dropFirst(13))) {
            return .httpLatency(stat)
        }
        for (prefix, suffix, make) in scoped where text.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count)
            guard let marker = rest.range(of: suffix, options: .backwards) else { continue }
            let name = String(rest[..<marker.lowerBound])
            let tail = String(rest[marker.upperBound...])
            guard !name.isEmpty, let metric = make(name, tail) else { continue }
            return metric
        }
        return nil
    }

    private typealias Maker = @Sendable (String, String) -> ThresholdMetric?
    private static let scoped: [(String, String, Maker)] = [
        ("step.", ".latency.", { name, tail in LatencyStatistic(rawValue: tail).map { .stepLatency(step: name, $0) } }),
        ("step.", ".errors.rate", { name, tail in tail.isEmpty ? .stepErrorRate(step: name) : nil }),
        ("flow.", ".duration.", { name, tail in LatencyStatistic(rawValue: tail).map { .flowDuration(flow: name, $0) } }),
        ("flow.", ".iterations", { name, tail in tail.isEmpty ? .flowIterations(flow: name) : nil }),
        ("group.", ".duration.", { name, tail in
            LatencyStatistic(rawValue: tail).map { .groupDuration(group: name, $0) } }),
    ]
}

/// A statistic of a latency or duration distribution.
public enum LatencyStatistic: String, Hashable, Sendable, CaseIterable {
    /// Smallest value.
    case min
    /// Arithmetic mean.
    case mean
    /// Median.
    case p50
    /// 90th percentile.
    case p90
    /// 95th percentile.
    case p95
    /// 99th percentile.
    case p99
    /// 99.9th percentile.
    case p999 = "p99.9"
    /// Largest value.
    case max

    /// The percentile (0–100) for percentile statistics, nil for min, mean and max.
    public var percentile: Double? {
        switch self {
        case .p50: return 50
        case .p90: return 90
        case .p95: return 95
        case .p99: return 99
        case .p999: return 99.9
        case .min, .mean, .max: return nil
        }
    }
}

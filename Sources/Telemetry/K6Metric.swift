import BenchCore
import Runner

/// One series of the live outputs under the name k6 gives it, so dashboards built for k6 read crmbench's figures:
/// the Prometheus remote-write output's names (`k6_` prefix, `_total` on counters, `_rate` on rates, trend stats as
/// `_p95`… suffixes in seconds; grafana.com/docs/k6/latest/results-output/real-time/prometheus-remote-write) and the
/// JSON output's plain names (`http_reqs`, `http_req_duration` in milliseconds).
public struct K6Metric: Sendable, Equatable {
    /// k6's metric types.
    public enum Kind: String, Sendable {
        case counter, gauge, rate, trend
    }

    /// The k6 name (`http_reqs`), as the JSON output writes it.
    public var name: String
    public var kind: Kind
    /// For a trend: the statistic (`p95`); the Prometheus name ends with it.
    public var stat: String?
    /// The value in the JSON output's unit (milliseconds for durations).
    public var value: Double

    /// The Prometheus name: `k6_http_reqs_total`, `k6_http_req_failed_rate`, `k6_http_req_duration_p95`.
    public var prometheusName: String {
        switch kind {
        case .counter: return "k6_\(name)_total"
        case .rate: return "k6_\(name)_rate"
        case .gauge: return "k6_\(name)"
        case .trend: return "k6_\(name)_\(stat ?? "p99")"
        }
    }

    /// The value Prometheus gets: durations in seconds, the rest as they are.
    public var prometheusValue: Double { kind == .trend ? value / 1_000 : value }

    /// Every series of a live sample: totals (counters), rates over the run so far, virtual users, and the last
    /// second's latency percentiles when there is a new second.
    public static func series(of sample: LiveSample) -> [K6Metric] {
        let checks = sample.checksPassed + sample.checksFailed
        var all = [
            K6Metric(name: "http_reqs", kind: .counter, value: Double(sample.totalRequests)),
            K6Metric(name: "http_req_failed", kind: .rate,
                     value: sample.totalRequests == 0 ? 0 : Double(sample.totalErrors) / Double(sample.totalRequests)),
            K6Metric(name: "iterations", kind: .counter, value: Double(sample.totalIterations)),
            K6Metric(name: "checks", kind: .rate, value: checks == 0 ? 1 : Double(sample.checksPassed) / Double(checks)),
            K6Metric(name: "vus", kind: .gauge, value: Double(sample.activeVirtualUsers)),
        ]
        if let second = sample.second, second.requests > 0 {
            for (stat, micros) in [("p50", second.p50Micros), ("p90", second.p90Micros), ("p95", second.p95Micros ?? second.p90Micros),
                                   ("p99", second.p99Micros), ("max", second.maxMicros)] {
                all.append(K6Metric(name: "http_req_duration", kind: .trend, stat: stat, value: Double(micros) / 1_000))
            }
        }
        return all
    }

    /// Every Prometheus name the outputs can write (what a dashboard may query), the duration histogram's
    /// `_bucket`, `_sum` and `_count` included.
    public static let prometheusNames: Set<String> = {
        var sample = LiveSample(time: .init(timeIntervalSince1970: 0))
        sample.second = .init(second: 0, requests: 1, errors: 0, bytesSent: 0, bytesReceived: 0, p50Micros: 1, p90Micros: 1,
                              p95Micros: 1, p99Micros: 1, maxMicros: 1, serviceP50Micros: 1, serviceP99Micros: 1, errorsByKind: [:])
        var endpoint = EndpointTotals()
        endpoint.requests = 1
        endpoint.statuses = [StatusCount(status: 200, count: 1)]
        sample.endpoints = [endpoint]
        return Set(PrometheusSeries.of(sample, labels: [:], endpoints: []).map(\.name))
    }()
}

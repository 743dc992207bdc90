import BenchCore
import Runner

/// One series of the Prometheus outputs (the scrape page and remote write): its full name, its labels and its
/// value, with the family it belongs to. Both outputs are built from this list, so they carry the same series.
public struct PrometheusSeries: Sendable, Equatable {
    /// The family's name and type as `# TYPE` gives them (`k6_http_req_duration_seconds`, "histogram").
    public var family: String
    public var type: String
    /// The series' own name (`k6_http_req_duration_seconds_bucket`).
    public var name: String
    public var labels: [String: String]
    public var value: Double

    /// Every series of a live sample under k6's names (grafana.com/docs/k6/latest/results-output/real-time/
    /// prometheus-remote-write): the scalar figures of `K6Metric` with the run's `labels`; when the engines kept
    /// per-endpoint totals, `k6_http_reqs_total` per endpoint and status (labels `name`, `method`, `group`, `status`)
    /// and the duration histogram `k6_http_req_duration_seconds` per endpoint (`_bucket` with `le`, `_sum`,
    /// `_count`; successful responses only, so `expected_response="true"`, k6's tag for them).
    public static func of(_ sample: LiveSample, labels: [String: String], endpoints: [EndpointLabels]) -> [PrometheusSeries] {
        var out: [PrometheusSeries] = []
        // With endpoints to label, requests are only ever written per endpoint: a run-wide series beside them, while
        // no second has finished yet, would be counted again by every sum over the family.
        let perEndpoint = !sample.endpoints.isEmpty || !endpoints.isEmpty
        for metric in K6Metric.series(of: sample) {
            if perEndpoint && metric.name == "http_reqs" {
                out += requests(sample, labels: labels, endpoints: endpoints)
                continue
            }
            let type = metric.kind == .counter ? "counter" : "gauge"
            out.append(PrometheusSeries(family: metric.prometheusName, type: type, name: metric.prometheusName,
                                        labels: labels, value: metric.prometheusValue))
        }
        if perEndpoint { out += durations(sample, labels: labels, endpoints: endpoints) }
        return out
    }

    /// The duration histogram's family name (k6's, when it writes trends as histograms: base unit seconds).
    public static let durationFamily = "k6_http_req_duration_seconds"

    /// The `le` label of each bucket: the bound in seconds, exactly (bounds are whole microseconds), then "+Inf".
    public static let bucketBounds: [String] = DurationBuckets.boundsMicros.map(seconds(micros:)) + ["+Inf"]

    static func seconds(micros: UInt64) -> String {
        var fraction = String(micros % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(micros / 1_000_000)" + (fraction.isEmpty ? "" : "." + fraction)
    }

    private static func endpointLabels(_ index: Int, _ labels: [String: String], _ endpoints: [EndpointLabels]) -> [String: String] {
        let tags = index < endpoints.count ? endpoints[index] : EndpointLabels(name: "endpoint \(index)", method: "", group: "")
        // An empty tag (a URL run has no group) is left out, as Prometheus treats an empty label as none.
        return labels.merging(["name": tags.name, "method": tags.method, "group": tags.group].filter { !$0.value.isEmpty }) { $1 }
    }

    private static func requests(_ sample: LiveSample, labels: [String: String], endpoints: [EndpointLabels]) -> [PrometheusSeries] {
        let name = "k6_http_reqs_total"
        var out: [PrometheusSeries] = []
        for (index, totals) in sample.endpoints.enumerated() {
            let base = endpointLabels(index, labels, endpoints)
            for entry in totals.statuses.sorted(by: { $0.status < $1.status }) {
                out.append(PrometheusSeries(family: name, type: "counter", name: name,
                                            labels: base.merging(["status": String(entry.status)]) { $1 }, value: Double(entry.count)))
            }
        }
        return out
    }

    private static func durations(_ sample: LiveSample, labels: [String: String], endpoints: [EndpointLabels]) -> [PrometheusSeries] {
        let family = durationFamily
        var out: [PrometheusSeries] = []
        for (index, totals) in sample.endpoints.enumerated() where totals.requests > 0 {
            let base = endpointLabels(index, labels, endpoints).merging(["expected_response": "true"]) { $1 }
            for (bound, count) in zip(bucketBounds, totals.cumulativeDurationCounts) {
                out.append(PrometheusSeries(family: family, type: "histogram", name: family + "_bucket",
                                            labels: base.merging(["le": bound]) { $1 }, value: Double(count)))
            }
            out.append(PrometheusSeries(family: family, type: "histogram", name: family + "_sum", labels: base,
                                        value: Double(totals.durationSumMicros) / 1_000_000))
            out.append(PrometheusSeries(family: family, type: "histogram", name: family + "_count", labels: base,
                                        value: Double(totals.durationCount)))
        }
        return out
    }
}

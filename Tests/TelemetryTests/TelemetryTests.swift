import BenchCore
import Foundation
import Runner
import Telemetry
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The live outputs' formats: k6's JSON lines, Prometheus text under k6's names, the scrape listener, and the
/// Grafana dashboard's queries against the names the outputs really write.
@Suite struct TelemetryTests {
    static func sample(requests: UInt64, errors: UInt64, p95Micros: UInt64? = 12_000) -> LiveSample {
        var sample = LiveSample(time: Date(timeIntervalSince1970: 1_700_000_000.25))
        (sample.totalRequests, sample.totalErrors, sample.totalIterations) = (requests, errors, requests / 2)
        (sample.checksPassed, sample.checksFailed, sample.activeVirtualUsers) = (9, 1, 4)
        sample.second = p95Micros.map {
            TimeSeriesPoint(second: 3, requests: 100, errors: 1, bytesSent: 0, bytesReceived: 0, p50Micros: 5_000, p90Micros: 10_000,
                            p95Micros: $0, p99Micros: 20_000, maxMicros: 40_000, serviceP50Micros: 0, serviceP99Micros: 0, errorsByKind: [:])
        }
        return sample
    }

    @Test func jsonLinesHaveK6sShapeAndEachMetricIsDeclaredOnce() throws {
        let path = NSTemporaryDirectory() + "crmbench-json-\(UUID().uuidString).json"
        let output = try JSONLinesOutput(path: path, tags: ["testid": "t1", "scenario": "browse \"x\""])
        output.receive(Self.sample(requests: 100, errors: 1))
        output.finish(Self.sample(requests: 250, errors: 5, p95Micros: nil))
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let objects = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let declarations = objects.filter { $0["type"] as? String == "Metric" }.compactMap { $0["metric"] as? String }
        #expect(declarations.sorted() == ["checks", "http_req_duration", "http_req_failed", "http_reqs", "iterations", "vus"])
        let points = objects.filter { $0["type"] as? String == "Point" }
        let reqs = points.filter { $0["metric"] as? String == "http_reqs" }.compactMap { $0["data"] as? [String: Any] }
        #expect(reqs.compactMap { $0["value"] as? Int } == [100, 250])
        #expect((reqs.first?["tags"] as? [String: String]) == ["testid": "t1", "scenario": "browse \"x\""])
        #expect((reqs.first?["time"] as? String) == "2023-11-14T22:13:20.250Z")
        let p95 = points.first { ($0["data"] as? [String: Any]).flatMap { $0["tags"] as? [String: String] }?["stat"] == "p95" }
        #expect(((p95?["data"] as? [String: Any])?["value"] as? Double) == 12)  // milliseconds, as k6 writes durations
        let failed = reqs.count == 2 ? points.last { $0["metric"] as? String == "http_req_failed" } : nil
        #expect(((failed?["data"] as? [String: Any])?["value"] as? Double) == 0.02)
    }

    @Test func prometheusTextUsesK6NamesInSecondsWithEscapedLabels() {
        let text = PrometheusText.render(Self.sample(requests: 1_234, errors: 12), labels: ["testid": "a\"b", "scenario": "s"])
        #expect(text.contains("# TYPE k6_http_reqs_total counter\nk6_http_reqs_total{scenario=\"s\",testid=\"a\\\"b\"} 1234\n"))
        #expect(text.contains("k6_http_req_failed_rate{scenario=\"s\",testid=\"a\\\"b\"} 0.0097244732576985"))
        #expect(text.contains("k6_http_req_duration_p95{scenario=\"s\",testid=\"a\\\"b\"} 0.012\n"))
        #expect(text.contains("k6_checks_rate{scenario=\"s\",testid=\"a\\\"b\"} 0.9\n"))
        #expect(text.contains("k6_vus{scenario=\"s\",testid=\"a\\\"b\"} 4\n"))
        #expect(text.contains("k6_iterations_total{scenario=\"s\",testid=\"a\\\"b\"} 617\n"))
    }

    @Test func perEndpointSeriesCarryK6TagsAndTheDurationHistogramIsCumulative() {
        var second = SecondSample(second: 0)
        for (micros, status, count) in [(1_000, 200, 10), (3_000, 200, 18), (500, 503, 2)] as [(UInt64, Int, Int)] {
            for _ in 0..<count {
                second.add(RequestOutcome(endpointIndex: 0, intendedStartNanos: 0, actualStartNanos: 0, endNanos: micros * 1_000,
                                          status: status, error: ErrorKind.forStatus(status)))
            }
        }
        var sample = Self.sample(requests: 30, errors: 2)
        var totals = EndpointTotals()
        totals.add(second.endpoints[0])
        sample.endpoints = [totals]
        let text = PrometheusText.render(sample, labels: ["testid": "t", "scenario": "s"],
                                         endpoints: [EndpointLabels(name: "show", method: "GET", group: "::browse")])
        let tags = #"group="::browse",method="GET",name="show",scenario="s""#
        #expect(text.contains("# TYPE k6_http_reqs_total counter\nk6_http_reqs_total{\(tags),status=\"200\",testid=\"t\"} 28\n"
                              + "k6_http_reqs_total{\(tags),status=\"503\",testid=\"t\"} 2\n"))
        #expect(!text.contains("k6_http_reqs_total{scenario"))  // no unlabeled total beside the labelled ones
        let histogram = #"{expected_response="true",group="::browse",le="#
        #expect(text.contains("# TYPE k6_http_req_duration_seconds histogram\n"))
        // 1 ms lies below the bound 1.024 ms, 3 ms below 3.072 ms; the failed responses have no duration here.
        #expect(text.contains(histogram + #""0.00096",method="GET",name="show",scenario="s",testid="t"} 0"# + "\n"))
        #expect(text.contains(histogram + #""0.001024",method="GET",name="show",scenario="s",testid="t"} 10"# + "\n"))
        #expect(text.contains(histogram + #""0.002816",method="GET",name="show",scenario="s",testid="t"} 10"# + "\n"))
        #expect(text.contains(histogram + #""0.003072",method="GET",name="show",scenario="s",testid="t"} 28"# + "\n"))
        #expect(text.contains(histogram + #""+Inf",method="GET",name="show",scenario="s",testid="t"} 28"# + "\n"))
        #expect(text.contains(#"k6_http_req_duration_seconds_sum{expected_response="true",\#(tags),testid="t"} 0.064"# + "\n"))
        #expect(text.contains(#"k6_http_req_duration_seconds_count{expected_response="true",\#(tags),testid="t"} 28"# + "\n"))
        // The trend gauges stay, so dashboards built on them keep working.
        #expect(text.contains("k6_http_req_duration_p95{scenario=\"s\",testid=\"t\"} 0.012\n"))
        #expect(text.components(separatedBy: "# TYPE k6_http_req_duration_seconds ").count == 2)
    }

    @Test func theListenerServesTheLatestFiguresAndAPortInUseIsRefused() throws {
        let listener = try MetricsListener(address: "127.0.0.1:0", labels: ["testid": "t"])
        listener.receive(Self.sample(requests: 77, errors: 0))
        listener.receive(Self.sample(requests: 99, errors: 0, p95Micros: nil))  // a tick without a new second
        let page = try String(contentsOf: URL(string: "http://127.0.0.1:\(listener.port)/metrics")!, encoding: .utf8)
        #expect(page.contains("k6_http_reqs_total{testid=\"t\"} 99\n"))
        #expect(page.contains("k6_http_req_duration_p95{testid=\"t\"} 0.012\n"))  // the last second's, kept
        #expect(throws: MetricsListener.Unavailable.self) { try MetricsListener(address: "127.0.0.1:\(listener.port)", labels: [:]) }
        #expect(throws: MetricsListener.Unavailable.self) { try MetricsListener(address: "nonsense", labels: [:]) }
    }

    @Test func outValuesSplitIntoTheRunFolderAndLiveOutputs() {
        let split = LiveOutputs.split(["results/x", "json=/tmp/a.json"])
        #expect(split.folders == ["results/x"] && split.outputs.map(\.destination) == ["/tmp/a.json"])
        #expect(LiveOutputs.problems(out: ["a", "b"], listen: nil).first?.contains("give one run folder") == true)
        #expect(LiveOutputs.problems(out: ["json="], listen: nil) == ["--out json=: give a destination after '='"])
        #expect(LiveOutputs.problems(out: [], listen: "localhost").first?.contains("is not HOST:PORT") == true)
        #expect(LiveOutputs.problems(out: ["json=f"], listen: "127.0.0.1:9464").isEmpty)
    }

    @Test func everyDashboardQueryNamesAMetricTheOutputsWrite() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("deploy/grafana/crmbench.json"))
        let dashboard = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        var queried = 0
        for panel in panels {
            let targets = panel["targets"] as? [[String: Any]] ?? []
            #expect(!targets.isEmpty, "panel '\(panel["title"] ?? "")' has no query")
            for target in targets {
                let expr = try #require(target["expr"] as? String)
                let names = expr.matches(of: /k6_[a-z0-9_]+/).map { String($0.output) }
                #expect(!names.isEmpty, "'\(expr)' names no k6 metric")
                for name in names {
                    #expect(K6Metric.prometheusNames.contains(name), "panel '\(panel["title"] ?? "")' queries \(name), which no output writes")
                    queried += 1
                }
            }
        }
        #expect(panels.count >= 6 && queried >= 8)
        // Percentiles come from the histogram's buckets, which add up across generators and agents; a per-second
        // p95 gauge cannot be aggregated.
        let exprs = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        #expect(exprs.contains { $0.hasPrefix("histogram_quantile(0.95, sum by (testid, le) (rate(k6_http_req_duration_seconds_bucket{") })
        #expect(!exprs.contains { $0.contains("k6_http_req_duration_p95") })
    }
}

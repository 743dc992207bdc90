import BenchCore
import Foundation
import Testing

/// A real Prometheus (Debian's `prometheus`, which `make test` installs) started on loopback with the remote-write
/// receiver and a 1 s scrape of `--metrics-listen`: after a run against the reference CRM, for remote write and the
/// scrape alike, the total of `k6_http_reqs_total` (over its endpoint and status series) is the run's request count,
/// and `histogram_quantile(0.95, …)` over the duration buckets lies within one bucket of the run's p95.
@Suite(.serialized, .tags(.timing),
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prometheus")))
struct PrometheusIntegrationTests {
    static let binary = "/usr/bin/prometheus"

    static func query(_ base: String, _ expr: String) throws -> [[String: Any]] {
        var components = URLComponents(string: base + "/api/v1/query")!
        components.queryItems = [URLQueryItem(name: "query", value: expr)]
        let data = try Data(contentsOf: components.url!)
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (json?["data"] as? [String: Any])?["result"] as? [[String: Any]] ?? []
    }

    static func value(_ series: [[String: Any]]) -> Double? {
        (series.first?["value"] as? [Any])?.last.flatMap { $0 as? String }.flatMap(Double.init)
    }

    @Test func remoteWrittenAndScrapedTotalsReachPrometheus() throws {
        let dir = CLI.temporaryDirectory()
        let (promPort, listenPort) = (TelemetryIntegrationTests.freePort(), TelemetryIntegrationTests.freePort())
        try """
            global: { scrape_interval: 1s, evaluation_interval: 1s }
            scrape_configs:
              - job_name: crmbench
                static_configs: [{ targets: ['127.0.0.1:\(listenPort)'] }]
            """.write(toFile: dir + "/prometheus.yml", atomically: true, encoding: .utf8)
        let prometheus = Process()
        prometheus.executableURL = URL(fileURLWithPath: Self.binary)
        prometheus.arguments = ["--config.file=\(dir)/prometheus.yml", "--storage.tsdb.path=\(dir)/data",
                                "--web.listen-address=127.0.0.1:\(promPort)", "--web.enable-remote-write-receiver"]
        prometheus.standardOutput = FileHandle.nullDevice
        prometheus.standardError = FileHandle.nullDevice
        try prometheus.run()
        defer { prometheus.terminate(); prometheus.waitUntilExit() }
        let base = "http://127.0.0.1:\(promPort)"
        let readyBy = Date().addingTimeInterval(20)
        while (try? String(contentsOf: URL(string: base + "/-/ready")!, encoding: .utf8)) == nil && Date() < readyBy {
            Thread.sleep(forTimeInterval: 0.2)
        }
        // Prometheus applies new scrape targets every 5 s: the run starts once the target is known, or its whole
        // run could pass before the first scrape.
        while !((try? String(contentsOf: URL(string: base + "/api/v1/targets")!, encoding: .utf8)) ?? "").contains("127.0.0.1:\(listenPort)")
                && Date() < readyBy.addingTimeInterval(10) {
            Thread.sleep(forTimeInterval: 0.2)
        }
        let server = try ServerProcess()
        defer { server.stop() }
        let run = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers/5", "-H", server.auth, "--rate", "150", "-d", "3s",
                               "--out", dir + "/rw", "--out", "prometheus-rw=\(base)/api/v1/write",
                               "--metrics-listen", "127.0.0.1:\(listenPort)", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let result = try CLI.json(dir + "/rw/result.json")
        let requests = try #require(((result["summary"] as? [String: Any])?["overall"] as? [String: Any])?["requests"] as? Int)
        let report = (result["liveOutputs"] as? [[String: Any]])?.first
        #expect(report?["samplesDropped"] as? Int == 0 && (report?["samplesSent"] as? Int ?? 0) >= 3, "\(report ?? [:])")
        // Remote-written series carry no `job` label; scraped ones carry job="crmbench". The scrape holds the final
        // totals too: the listener waits for the scraper's next read before the process ends.
        let overall = try #require((result["summary"] as? [String: Any])?["overall"] as? [String: Any])
        let p95Micros = try #require((overall["latencyMicros"] as? [String: Any])?["p95"] as? Int)
        for (source, job) in [("remote write", ""), ("scrape", "crmbench")] {
            let selector = "testid=\"rw\",job=\"\(job)\""
            let total = Self.value(try Self.query(base, "sum(last_over_time(k6_http_reqs_total{\(selector)}[10m]))"))
            #expect(total.map { Int($0) } == requests, "\(source): k6_http_reqs_total \(total ?? -1) of \(requests)")
            let labelled = try Self.query(base, "k6_http_reqs_total{\(selector),name=\"GET /api/v1/customers/5\"}")
            #expect(labelled.isEmpty, "\(source): the method has its own label")
            let perEndpoint = try Self.query(base, "last_over_time(k6_http_reqs_total{\(selector),method=\"GET\",status=\"200\"}[10m])")
            #expect(((perEndpoint.first?["metric"] as? [String: String])?["name"]) == "/api/v1/customers/5", "\(source): \(perEndpoint)")
            // p95 from the buckets, over the whole run, within one bucket of the run's own p95.
            let quantile = Self.value(try Self.query(
                base, "histogram_quantile(0.95, sum by (le) (last_over_time(k6_http_req_duration_seconds_bucket{\(selector)}[10m])))"))
            let estimate = try #require(quantile, "\(source): no p95 from the histogram")
            let bucketOfRun = DurationBuckets.index(micros: UInt64(p95Micros))
            let bucketOfEstimate = DurationBuckets.index(micros: UInt64((estimate * 1_000_000).rounded()))
            #expect(abs(bucketOfRun - bucketOfEstimate) <= 1, "\(source): p95 \(estimate) s from the buckets, \(p95Micros) µs in the result")
        }
        let p95 = Self.value(try Self.query(base, "max(max_over_time(k6_http_req_duration_p95{testid=\"rw\",job=\"\"}[10m]))"))
        #expect(p95.map { $0 > 0 && $0 < 1 } == true, "p95 \(p95 ?? -1) s")
    }
}

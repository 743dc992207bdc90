import Foundation
import Testing

/// A real Prometheus (Debian's `prometheus`, which `make test` installs) started on loopback with the remote-write
/// receiver and a 1 s scrape of `--metrics-listen`: after a run against the reference CRM, the remote-written total
/// of `k6_http_reqs_total` is the run's request count, and the scraped series is there too.
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
        // Remote-written series carry no `job` label; scraped ones carry job="crmbench".
        let written = Self.value(try Self.query(base, "sum(last_over_time(k6_http_reqs_total{testid=\"rw\",job=\"\"}[10m]))"))
        #expect(written.map { Int($0) } == requests)
        let scraped = Self.value(try Self.query(base, "max(max_over_time(k6_http_reqs_total{testid=\"rw\",job=\"crmbench\"}[10m]))"))
        #expect(scraped.map { $0 > 0 && Int($0) <= requests } == true, "scraped \(scraped ?? -1) of \(requests)")
        let p95 = Self.value(try Self.query(base, "max(max_over_time(k6_http_req_duration_p95{testid=\"rw\",job=\"\"}[10m]))"))
        #expect(p95.map { $0 > 0 && $0 < 1 } == true, "p95 \(p95 ?? -1) s")
    }
}

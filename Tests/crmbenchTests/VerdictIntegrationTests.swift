import Foundation
import Testing

/// Verdicts a release can be gated on, against the reference CRM: failing runs fail by default, failures keep the
/// offered load, the same seed sends the same requests, and bad verdict options are usage errors.
@Suite(.serialized) struct VerdictIntegrationTests {
    static func requests(_ path: String) throws -> Int {
        let summary = try CLI.json(path)["summary"] as? [String: Any]
        return (summary?["overall"] as? [String: Any])?["requests"] as? Int ?? -1
    }

    static func thresholds(_ path: String) throws -> [[String: Any]] {
        try CLI.json(path)["thresholds"] as? [[String: Any]] ?? []
    }

    @Test func aWrongTokenFailsTheRunByTheDefaultThreshold() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let outcome = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers/1", "-H", "Authorization: Bearer wrong-token",
                                   "-c", "2", "-d", "1s", "--out", dir + "/run"])
        #expect(outcome.status == 99, "\(outcome.stdout)\n\(outcome.stderr)")
        #expect(outcome.stdout.contains("✗ http.errors.rate < 1% (default)"), "\(outcome.stdout)")
        let records = try Self.thresholds(dir + "/run/result.json")
        #expect(records.count == 1)
        #expect(records.first?["isDefault"] as? Bool == true)
        #expect(records.first?["passed"] as? Bool == false)
        let junit = try String(contentsOfFile: dir + "/run/junit.xml", encoding: .utf8)
        #expect(junit.contains("failures=\"1\""))
        #expect(junit.contains("http.errors.rate &lt; 1% (default)"))
        // Off by flag: the same run is judged by nothing and passes.
        let off = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers/1", "-H", "Authorization: Bearer wrong-token",
                               "-c", "1", "-d", "1s", "--no-default-thresholds", "--quiet", "--out", dir + "/off"])
        #expect(off.status == 0, "\(off.stderr)")
        // A stated threshold on the metric replaces the default.
        let stated = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers/1", "-H", "Authorization: Bearer wrong-token",
                                  "-c", "1", "-d", "1s", "--threshold", "http.errors.rate <= 100%", "--quiet", "--out", dir + "/stated"])
        #expect(stated.status == 0, "\(stated.stderr)")
        #expect(try Self.thresholds(dir + "/stated/result.json").map { $0["expression"] as? String } == ["http.errors.rate <= 100%"])
    }

    @Test func aStatusTheCheckExpectsIsNotAnError() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let scenario = """
        name: expected-404
        secrets: [CRM_TOKEN]
        defaults:
          headers:
            Authorization: Bearer ${env.CRM_TOKEN}
        flows:
          - name: missing
            steps:
              - get: /api/v1/customers/987654321
                name: missing customer
                check:
                  - status: 404
        """
        try scenario.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        let outcome = try CLI.run(["run", dir + "/s.yaml", "--target", server.baseURL, "--iterations", "20", "-c", "2", "--quiet",
                                   "--out", dir + "/run"], environment: ["CRM_TOKEN": server.token])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let overall = (try CLI.json(dir + "/run/result.json")["summary"] as? [String: Any])?["overall"] as? [String: Any]
        #expect(overall?["requests"] as? Int == 20)
        #expect(overall?["errors"] as? Int == 0)
        #expect(try server.requestCount(route: "/api/v1/customers/{id}", status: "404") == 20)
    }

    /// A closed model against a port nobody listens on: each virtual user backs off (10 ms doubling to 1 s), so
    /// at most 100 attempts per virtual user per second, and the latency percentiles have no refusal in them.
    @Test func aDeadTargetIsNotHammered() throws {
        let dir = CLI.temporaryDirectory()
        let outcome = try CLI.run(["run", "--url", "http://127.0.0.1:9/nothing", "-c", "4", "-d", "2s", "--quiet",
                                   "--threshold", "http.latency.p95 < 200ms", "--out", dir + "/run"])
        #expect(outcome.status == 97, "\(outcome.stderr)")
        let requests = try Self.requests(dir + "/run/result.json")
        #expect(requests > 0 && requests <= 4 * 100 * 2, "\(requests) attempts")
        let records = try Self.thresholds(dir + "/run/result.json")
        let latency = records.first { $0["expression"] as? String == "http.latency.p95 < 200ms" }
        #expect(latency?["passed"] as? Bool == false, "a refused request must not make a latency threshold pass")
    }

    /// The same flow with its second step passing or failing, same think times: the failing one waits the think
    /// time it skipped, so both send about the same request rate.
    @Test func aFailingFlowKeepsTheOfferedLoad() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        func scenario(_ second: String) -> String {
            """
            name: pace
            secrets: [CRM_TOKEN]
            defaults:
              headers:
                Authorization: Bearer ${env.CRM_TOKEN}
            flows:
              - name: pace
                steps:
                  - get: /api/v1/customers/1
                    name: first
                  - think: 150ms
                  - get: \(second)
                    name: second
                    check:
                      - status: 200
                  - think: 150ms
            """
        }
        var rates: [Double] = []
        for (name, path) in [("pass", "/api/v1/customers/2"), ("fail", "/api/v1/customers/987654321")] {
            try scenario(path).write(toFile: dir + "/\(name).yaml", atomically: true, encoding: .utf8)
            let outcome = try CLI.run(["run", dir + "/\(name).yaml", "--target", server.baseURL, "-c", "4", "-d", "3s", "--quiet",
                                       "--no-default-thresholds", "--out", dir + "/" + name], environment: ["CRM_TOKEN": server.token])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let overall = (try CLI.json(dir + "/\(name)/result.json")["summary"] as? [String: Any])?["overall"] as? [String: Any]
            rates.append(overall?["requestsPerSecond"] as? Double ?? 0)
        }
        #expect(rates[0] > 0)
        #expect(abs(rates[1] - rates[0]) <= 0.1 * rates[0], "passing \(rates[0]) req/s, failing \(rates[1]) req/s")
    }

    /// The same `--seed` on two fresh servers: the same first 200 requests (method, URL, body), times aside.
    @Test func theSameSeedSendsTheSameRequests() throws {
        let root = LifecycleIntegrationTests.repoRoot
        var sequences: [[String]] = []
        for _ in 0..<2 {
            let server = try ServerProcess()
            defer { server.stop() }
            let dir = CLI.temporaryDirectory()
            let outcome = try CLI.run(["run", root + "/scenarios/sales.yaml", "--target", server.baseURL, "-c", "1",
                                       "--iterations", "30", "--seed", "42", "--http-debug-iterations", "30", "--quiet",
                                       "--out", dir + "/run"], environment: ["CRM_TOKEN": server.token], timeoutSeconds: 120)
            #expect(outcome.status == 0, "\(outcome.stderr.suffix(2_000))")
            let config = try CLI.json(dir + "/run/result.json")["config"] as? [String: Any]
            #expect(config?["seed"] as? Int == 42)
            let timestamp = try NSRegularExpression(pattern: "\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z")
            let lines = outcome.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("> ") && !$0.contains(": ") || $0.hasPrefix("> {") }
            sequences.append(lines.prefix(400).map {
                let local = $0.replacingOccurrences(of: server.baseURL, with: "TARGET")
                return timestamp.stringByReplacingMatches(in: local, range: NSRange(local.startIndex..., in: local), withTemplate: "TIME")
            })
        }
        #expect(sequences[0].count >= 200, "\(sequences[0].count) request lines")
        let first = zip(sequences[0], sequences[1]).first { $0 != $1 }
        #expect(first == nil, "first difference: \(String(describing: first))")
        #expect(sequences[0].count == sequences[1].count)
    }

    @Test(arguments: [
        (["--seed", "x"], "--seed"),
        (["--iterations", "0"], "--iterations must be between 1"),
        (["--threshold", "http.latency.p95 << 2"], "unknown operator '<<'"),
        (["--threshold", "nonsense < 1"], "unknown metric 'nonsense'"),
        (["--http-debug-iterations", "0"], "--http-debug-iterations must be between 1"),
    ])
    func badVerdictOptionsAreUsageErrors(arguments: [String], fragment: String) throws {
        let outcome = try CLI.run(["run", "--url", "http://127.0.0.1:9/x"] + arguments)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains(fragment), "\(outcome.stderr)")
    }
}

import Foundation
import Testing

/// Scenario runs against the reference CRM.
@Suite(.serialized) struct ScenarioIntegrationTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func mixedScenarioRunsCleanlyAndKeepsTheTokenOut() throws {
        let server = try ServerProcess(seed: 1_000)
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["run", Self.repoRoot + "/scenarios/crm-mixed.yaml", "--target", server.baseURL, "-d", "3s",
                                  "--quiet", "--out", dir + "/run", "--summary-export", dir + "/s.json"],
                                 environment: ["CRM_TOKEN": server.token])
        #expect(result.status == 0, "\(result.stderr)")
        let file = try CLI.json(dir + "/run/result.json")
        let scenario = file["scenario"] as? [String: Any] ?? [:]
        let flows = scenario["flows"] as? [[String: Any]] ?? []
        #expect(Set(flows.compactMap { $0["name"] as? String }) == ["browse", "sales", "after-sales"])
        #expect(flows.allSatisfy { ($0["failed"] as? Int) == 0 })
        let checks = scenario["checks"] as? [[String: Any]] ?? []
        #expect(!checks.isEmpty && checks.allSatisfy { ($0["fails"] as? Int) == 0 })
        let thresholds = file["thresholds"] as? [[String: Any]] ?? []
        #expect(!thresholds.isEmpty && thresholds.allSatisfy { $0["passed"] as? Bool == true })
        for file in try FileManager.default.contentsOfDirectory(atPath: dir + "/run") {
            let text = try String(contentsOfFile: dir + "/run/" + file, encoding: .utf8)
            #expect(!text.contains(server.token), "token found in \(file)")
        }
        #expect(try !String(contentsOfFile: dir + "/s.json", encoding: .utf8).contains(server.token))
    }

    @Test func failedThresholdExits99() throws {
        let server = try ServerProcess(["--latency", "30ms"])
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let scenario = """
        name: strict
        target: http://127.0.0.1:1
        secrets: [CRM_TOKEN]
        defaults:
          headers:
            Authorization: Bearer ${env.CRM_TOKEN}
        flows:
          - name: read
            steps:
              - get: /api/v1/customers/1
                name: read customer
                check:
                  - status: 200
        thresholds:
          - http.latency.p95 < 10ms
          - checks.rate > 99%
        load: {vus: 2, duration: 1s}
        """
        try scenario.write(toFile: dir + "/strict.yaml", atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", dir + "/strict.yaml", "--target", server.baseURL, "--out", dir + "/run",
                                  "--summary-export", dir + "/s.json"], environment: ["CRM_TOKEN": server.token])
        #expect(result.status == 99, "\(result.stderr)")
        #expect(result.stdout.contains("✗ http.latency.p95 < 10ms"))
        #expect(result.stdout.contains("✓ checks.rate > 99%"))
        let summary = try CLI.json(dir + "/s.json")
        #expect(summary["thresholdsPassed"] as? Bool == false)
    }

    /// Browsing at 100/s for 3 s, and from 1 s on two agents placing 40 orders.
    static let twoWorkloads = """
            defaults:
              headers:
                Authorization: Bearer ${env.CRM_TOKEN}
            flows:
              - name: browse
                steps:
                  - get: /api/v1/customers/${random.int(1,150)}
                    name: read customer
              - name: sell
                steps:
                  - post: /api/v1/orders
                    name: place order
                    json:
                      customerId: ${random.int(1,150)}
                      amount: 10
                      quantity: 1
                    check:
                      - status: 201
            workloads:
              - {name: browsing, flows: [browse], load: {rate: 100, duration: 3s}}
              - {name: agents, flows: [sell], startAfter: 1s, load: {vus: 2, iterations: 40}}
            """

    @Test func workloadsRunAtTheSameTimeEachWithItsModel() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let scenario = "target: http://127.0.0.1:1\n" + Self.twoWorkloads
        try scenario.write(toFile: dir + "/wl.yaml", atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", dir + "/wl.yaml", "--target", server.baseURL, "--quiet", "--out", dir + "/run"],
                                 environment: ["CRM_TOKEN": server.token])
        #expect(result.status == 0, "\(result.stderr)")
        let file = try CLI.json(dir + "/run/result.json")
        let flows = (file["scenario"] as? [String: Any])?["flows"] as? [[String: Any]] ?? []
        let iterations = Dictionary(uniqueKeysWithValues: flows.map { ($0["name"] as? String ?? "", $0["iterations"] as? Int ?? -1) })
        // The open workload sends its schedule (100/s for 3 s); the closed one its 40 iterations, browse never sells.
        #expect(iterations["browse"] == 300)
        #expect(iterations["sell"] == 40)
        #expect(try server.requestCount(route: "/api/v1/orders") == 40)
        let config = file["config"] as? [String: Any]
        #expect(config?["model"] as? String == "mixed")
        #expect(config?["connections"] as? Int == 1_002) // maxInFlight 1,000 of the open one + 2 agents
    }

    @Test func commandLineLoadReplacesWorkloadsWithOneOfAllFlows() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        // No `target:` in the file: --target supplies it.
        let scenario = Self.twoWorkloads
        try scenario.write(toFile: dir + "/wl.yaml", atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", dir + "/wl.yaml", "--target", server.baseURL, "-c", "2", "-d", "1s", "--quiet",
                                  "--out", dir + "/run"], environment: ["CRM_TOKEN": server.token])
        #expect(result.status == 0, "\(result.stderr)")
        let file = try CLI.json(dir + "/run/result.json")
        let config = file["config"] as? [String: Any]
        #expect(config?["model"] as? String == "closed")
        #expect(config?["connections"] as? Int == 2)
        let flows = (file["scenario"] as? [String: Any])?["flows"] as? [[String: Any]] ?? []
        let iterations = Dictionary(uniqueKeysWithValues: flows.map { ($0["name"] as? String ?? "", $0["iterations"] as? Int ?? -1) })
        // One closed workload of both flows from the start: both run, neither workload's own load applies.
        #expect((iterations["browse"] ?? 0) > 0)
        #expect((iterations["sell"] ?? 0) > 0)
        #expect(try server.requestCount(route: "/api/v1/orders") == iterations["sell"])
    }

    @Test func uniqueFeederRunningOutEndsTheRunWithAPartialResult() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        try "name\na\nb\nc\n".write(toFile: dir + "/rows.csv", atomically: true, encoding: .utf8)
        let scenario = """
        target: http://127.0.0.1:1
        data:
          - {name: rows, file: rows.csv, mode: unique}
        flows:
          - name: f
            steps:
              - get: /healthz?row=${data.rows.name}
                name: health
        load: {vus: 2, duration: 30s}
        """
        try scenario.write(toFile: dir + "/u.yaml", atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", dir + "/u.yaml", "--target", server.baseURL, "--quiet", "--out", dir + "/run"])
        #expect(result.status == 97, "\(result.stderr)")
        #expect(result.stderr.contains("feeder 'rows' ran out"))
        let file = try CLI.json(dir + "/run/result.json")
        #expect(file["partial"] as? Bool == true)
        let overall = (file["summary"] as? [String: Any])?["overall"] as? [String: Any]
        #expect(overall?["requests"] as? Int == 3)
        #expect((file["scenario"] as? [String: Any])?["feederExhausted"] as? String == "rows")
    }

    @Test func abortOnFailStopsTheRunEarly() throws {
        let server = try ServerProcess(["--fail-rate", "1"])
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let scenario = """
        target: http://127.0.0.1:1
        defaults:
          headers:
            Authorization: Bearer ${env.CRM_TOKEN}
        flows:
          - name: read
            steps:
              - get: /api/v1/customers/1
                name: read customer
        thresholds:
          - {expr: "http.errors.rate < 5%", abortOnFail: true}
        load: {vus: 4, duration: 60s}
        """
        try scenario.write(toFile: dir + "/abort.yaml", atomically: true, encoding: .utf8)
        let started = Date()
        let result = try CLI.run(["run", dir + "/abort.yaml", "--target", server.baseURL, "--quiet", "--out", dir + "/run"],
                                 environment: ["CRM_TOKEN": server.token], timeoutSeconds: 40)
        #expect(result.status == 99, "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 20)
        let file = try CLI.json(dir + "/run/result.json")
        #expect(file["partial"] as? Bool == true)
        #expect((file["partialReason"] as? String)?.contains("abortOnFail") == true)
    }

    @Test func failingChecksAreCountedAsCheckFailures() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let scenario = """
        target: http://127.0.0.1:1
        defaults:
          headers:
            Authorization: Bearer ${env.CRM_TOKEN}
        flows:
          - name: wrong
            steps:
              - get: /api/v1/customers/2
                name: read
                check:
                  - {json: $.id, equals: 3}
        load: {vus: 1, iterations: 5}
        """
        try scenario.write(toFile: dir + "/wrong.yaml", atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", dir + "/wrong.yaml", "--target", server.baseURL, "--quiet", "--out", dir + "/run",
                                  "--summary-export", dir + "/s.json"], environment: ["CRM_TOKEN": server.token])
        // Every iteration failed its check: the default threshold iterations.failed.rate < 1% fails the run.
        #expect(result.status == 99)
        let summary = try CLI.json(dir + "/s.json")
        #expect(summary["requests"] as? Int == 5)
        #expect(summary["errorsByKind"] as? [String: Int] == ["checkFailed": 5])
        let file = try CLI.json(dir + "/run/result.json")
        let checks = (file["scenario"] as? [String: Any])?["checks"] as? [[String: Any]] ?? []
        #expect(checks.first?["fails"] as? Int == 5)
    }

    @Test func invalidScenarioExits65WithLocations() throws {
        let dir = CLI.temporaryDirectory()
        try "flows:\n  - name: x\n    stepz: []\n".write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let run = try CLI.run(["run", dir + "/bad.yaml", "--quiet"])
        #expect(run.status == 65)
        #expect(run.stderr.contains("bad.yaml:3:5"))
        let validate = try CLI.run(["validate", dir + "/bad.yaml"])
        #expect(validate.status == 65)
        #expect(try CLI.run(["validate", dir + "/missing.yaml"]).status == 66)
    }
}

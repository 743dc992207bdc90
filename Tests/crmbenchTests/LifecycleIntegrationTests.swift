import Foundation
import Testing

/// One lifecycle for run, sweep and find-max: setup once before the first level, teardown once after the last,
/// fresh template values at every level, and `abortOnFail` watching every workload.
@Suite(.serialized, .tags(.timing)) struct LifecycleIntegrationTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// `scenarios/sales.yaml` (unique e-mails: the reference CRM answers 409 to a second customer with the same one)
    /// with a setup and a teardown on routes the flow never uses, so the server's counts tell how often each ran.
    static func salesWithSetupAndTeardown() throws -> String {
        var text = try String(contentsOfFile: repoRoot + "/scenarios/sales.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "flows:\n", with: """
            setup:
              - get: /api/v1/reports/process
                name: setup report
                check:
                  - status: 200
            teardown:
              - get: /healthz
                name: teardown health
            flows:

            """)
        return text
    }

    @Test func sweepRunsSetupAndTeardownOnceAndNeverRepeatsTemplateValues() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        try Self.salesWithSetupAndTeardown().write(toFile: dir + "/sales.yaml", atomically: true, encoding: .utf8)
        let outcome = try CLI.run(["sweep", dir + "/sales.yaml", "--target", server.baseURL, "--vus", "1,2,3", "--step", "2s",
                                   "--no-early-stop", "--quiet", "--out", dir + "/run"],
                                  environment: ["CRM_TOKEN": server.token], timeoutSeconds: 90)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try server.requestCount(route: "/api/v1/reports/process") == 1, "setup ran more than once")
        #expect(try server.requestCount(route: "/healthz") == 1, "teardown did not run exactly once")
        let sweep = try CLI.json(dir + "/run/result.json")["sweep"] as? [String: Any] ?? [:]
        #expect((sweep["levels"] as? [Any])?.count == 3)
        // Level 2 and 3 would repeat level 1's ${random.uuid} e-mails and ${seq} names if the streams restarted.
        let created = try server.requestCount(route: "/api/v1/customers", status: "201")
        #expect(created > 0)
        #expect(try server.requestCount(route: "/api/v1/customers", status: "409") == 0)
        #expect(try server.requestCount(route: "/api/v1/customers", status: "400") == 0)
    }

    @Test func abortOnFailWatchesTheSecondWorkload() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let scenario = """
        name: two-workloads
        secrets: [CRM_TOKEN]
        defaults:
          headers:
            Authorization: Bearer ${env.CRM_TOKEN}
        flows:
          - name: fine
            steps:
              - get: /api/v1/customers/1
                name: read customer
          - name: broken
            steps:
              - get: /api/v1/customers/999999
                name: read missing customer
        thresholds:
          - {expr: "http.errors.rate < 10%", abortOnFail: true}
        workloads:
          - {name: readers, flows: [fine], load: {vus: 2, duration: 20s}}
          - {name: breakers, flows: [broken], load: {vus: 2, duration: 20s}}
        """
        try scenario.write(toFile: dir + "/two.yaml", atomically: true, encoding: .utf8)
        let started = Date()
        let outcome = try CLI.run(["run", dir + "/two.yaml", "--target", server.baseURL, "--quiet", "--out", dir + "/run"],
                                  environment: ["CRM_TOKEN": server.token], timeoutSeconds: 60)
        let seconds = Date().timeIntervalSince(started)
        #expect(outcome.status == 99, "\(outcome.stderr)")
        #expect(seconds < 12, "the run went on for \(seconds) s of its 20 s")
        let result = try CLI.json(dir + "/run/result.json")
        #expect(result["partial"] as? Bool == true)
        #expect((result["partialReason"] as? String)?.contains("abortOnFail") == true, "\(result["partialReason"] ?? "")")
    }
}

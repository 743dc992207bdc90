import Foundation
import Testing

/// `crmbench run` against the reference CRM, both as child processes on 127.0.0.1.
@Suite(.serialized) struct RunIntegrationTests {
    @Test func clientRequestCountEqualsServerCount() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers/7", "-H", server.auth, "-c", "8",
                                  "-d", "2s", "--threads", "2", "--quiet", "--out", dir + "/run",
                                  "--summary-export", dir + "/summary.json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try CLI.json(dir + "/summary.json")
        let clientCount = summary["requests"] as? Int ?? -1
        #expect(clientCount > 100)
        #expect(try server.requestCount(route: "/api/v1/customers/{id}") == clientCount)
        #expect(summary["errors"] as? Int == 0)
        // The result file is complete and says where it came from.
        let resultFile = try CLI.json(dir + "/run/result.json")
        #expect(resultFile["schemaVersion"] as? Int == 1)
        #expect((resultFile["partial"] as? Bool) == false)
        // The token never reaches an output file.
        for file in try FileManager.default.contentsOfDirectory(atPath: dir + "/run") {
            let text = try String(contentsOfFile: dir + "/run/" + file, encoding: .utf8)
            #expect(!text.contains(server.token), "token found in \(file)")
        }
        #expect(try !String(contentsOfFile: dir + "/summary.json", encoding: .utf8).contains(server.token))
    }

    @Test func serverDownIsConnectRefused() throws {
        let server = try ServerProcess()
        let url = server.baseURL
        server.stop()
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["run", "--url", url + "/healthz", "-c", "2", "-d", "1s", "--quiet", "--out", dir,
                                  "--summary-export", dir + "/s.json"])
        #expect(result.status == 0 || result.status == 97)
        let summary = try CLI.json(dir + "/s.json")
        let kinds = summary["errorsByKind"] as? [String: Int] ?? [:]
        #expect(kinds.keys.sorted() == ["connectRefused"])
        #expect((kinds["connectRefused"] ?? 0) == summary["requests"] as? Int)
    }

    @Test func failRateOneIsHTTP5xx() throws {
        let server = try ServerProcess(["--fail-rate", "1"])
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers", "-H", server.auth, "-c", "4", "-d", "1s",
                                  "--quiet", "--out", dir, "--summary-export", dir + "/s.json"])
        #expect(result.status == 0)
        let summary = try CLI.json(dir + "/s.json")
        #expect(summary["errorsByKind"] as? [String: Int] == ["http5xx": summary["requests"] as? Int ?? -1])
        #expect(summary["statusCodes"] as? [String: Int] == ["503": summary["requests"] as? Int ?? -1])
    }

    @Test func slowerThanTheTimeoutIsTimeout() throws {
        let server = try ServerProcess(["--latency", "2s"])
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers", "-H", server.auth, "-c", "2", "-d", "1s",
                                  "--timeout", "500ms", "--quiet", "--out", dir, "--summary-export", dir + "/s.json"])
        #expect(result.status == 0)
        let summary = try CLI.json(dir + "/s.json")
        let kinds = summary["errorsByKind"] as? [String: Int] ?? [:]
        #expect(kinds.keys.sorted() == ["timeout"])
        #expect((kinds["timeout"] ?? 0) >= 2)
        let latency = summary["latencyMicros"] as? [String: Any] ?? [:]
        #expect((latency["min"] as? Int ?? 0) >= 490_000)
    }

    @Test func interruptWritesAPartialValidResult() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["run", "--url", server.baseURL + "/healthz", "-c", "4", "-d", "60s", "--quiet", "--out", dir],
                                 timeoutSeconds: 30, interruptAfter: 1.5)
        #expect(result.status == 98, "\(result.stderr)")
        let file = try CLI.json(dir + "/result.json")
        #expect(file["partial"] as? Bool == true)
        #expect((file["partialReason"] as? String)?.contains("SIGINT") == true)
        let summary = (file["summary"] as? [String: Any])?["overall"] as? [String: Any]
        #expect((summary?["requests"] as? Int ?? 0) > 0)
        let meta = file["meta"] as? [String: Any]
        #expect((meta?["durationSeconds"] as? Double ?? 99) < 10)
    }

    @Test func helpListsEveryCommandAndTheExitCodes() throws {
        let help = try CLI.run(["--help"])
        #expect(help.status == 0)
        for command in ["run", "validate", "sweep", "find-max", "report", "compare", "plan", "merge", "serve", "capacity"] {
            #expect(help.stdout.contains("  \(command)"), "missing \(command)")
        }
        let run = try CLI.run(["run", "--help"])
        #expect(run.stdout.contains("98 interrupted") && run.stdout.contains("99 thresholds failed"))
        #expect(run.stdout.contains("--expected-interval") && run.stdout.contains("--summary-export"))
    }

    @Test func usageErrorsExit64() throws {
        #expect(try CLI.run(["run"]).status == 64)
        #expect(try CLI.run(["run", "--url", "ftp://x"]).status == 64)
        #expect(try CLI.run(["run", "--url", "http://127.0.0.1:1/", "-d", "soon"]).status == 64)
        let bad = try CLI.run(["run", "--url", "http://127.0.0.1:1/", "-c", "0", "-d", "1s", "--quiet"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("connections must be at least 1"))
    }
}

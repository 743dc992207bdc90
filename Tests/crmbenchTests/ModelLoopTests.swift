import Foundation
import Testing

/// The closed loop of `crmbench model`: a mixed scenario against the reference CRM with `--access-log`, the log
/// modelled into a scenario, that scenario run against a fresh server, and `model --check` comparing the two.
@Suite("model: access log to scenario and back", .serialized)
struct ModelLoopTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// crm-mixed.yaml with a session header (one session per iteration), beside a link to its data folder.
    static func mixedScenario(in dir: String) throws -> String {
        let original = try String(contentsOfFile: repoRoot + "/scenarios/crm-mixed.yaml", encoding: .utf8)
        let text = original.replacingOccurrences(of: "    Accept: application/json\n",
                                                 with: "    Accept: application/json\n    X-Session-Id: s${seq}\n")
        try FileManager.default.createSymbolicLink(atPath: dir + "/data", withDestinationPath: repoRoot + "/scenarios/data")
        try text.write(toFile: dir + "/mixed.yaml", atomically: true, encoding: .utf8)
        return dir + "/mixed.yaml"
    }

    /// Bodies for crm-mixed's POSTs (an access log has none).
    static let bodies = """
        {"POST /api/v1/customers": {"name": "M ${seq}", "email": "m-${random.uuid}@example.test", "company": "M"},
         "POST /api/v1/interactions": {"customerId": "${random.int(1,900)}", "channel": "phone", "startedAt": "${now}", "notes": "n"},
         "POST /api/v1/orders": {"customerId": "${random.int(1,900)}", "amount": "${random.int(20,900)}", "quantity": 1},
         "POST /api/v1/tickets": {"customerId": "${random.int(1,900)}", "subject": "s", "description": "d"},
         "POST /api/v1/feedback": {"customerId": "${random.int(1,900)}", "rating": 4, "text": "t"}}
        """

    @Test(.timeLimit(.minutes(2))) func modelledRunMatchesTheLogsMix() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = try ServerProcess(["--access-log", dir + "/access.log"], seed: 1_000)
        let first = try CLI.run(["run", try Self.mixedScenario(in: dir), "--target", source.baseURL, "-c", "24", "-d", "2s",
                                 "--quiet", "--out", dir + "/source"], environment: ["CRM_TOKEN": source.token])
        source.stop()
        #expect(first.status == 0, "\(first.stderr)")

        try Self.bodies.write(toFile: dir + "/bodies.json", atomically: true, encoding: .utf8)
        let model = try CLI.run(["model", dir + "/access.log", "--session-key", "header:X-Session-Id", "--scale", "2x",
                                 "--out", dir + "/gen/modelled.yaml", "-H", "Authorization: Bearer ${env.CRM_TOKEN}",
                                 "--bodies", dir + "/bodies.json"])
        #expect(model.status == 0, "\(model.stderr)")
        let validate = try CLI.run(["validate", dir + "/gen/modelled.yaml"])
        #expect(validate.status == 0, "\(validate.stderr)")
        let summary = try String(contentsOfFile: dir + "/gen/modelled.model.md", encoding: .utf8)
        #expect(summary.contains("## Behaviour classes"))
        #expect(try CLI.json(dir + "/gen/modelled.model.json")["classes"] as? [Any] != nil)
        let chart = try String(contentsOfFile: dir + "/gen/modelled.model.html", encoding: .utf8)
        #expect(chart.contains("id=\"think\"") && chart.contains("id=\"arrivals\"") && chart.contains("id=\"mix\""))
        #expect(chart.contains("<svg"))

        let replay = try ServerProcess(["--access-log", dir + "/replay.log"], seed: 1_000)
        let second = try CLI.run(["run", dir + "/gen/modelled.yaml", "--target", replay.baseURL, "--quiet",
                                  "--out", dir + "/replay"], environment: ["CRM_TOKEN": replay.token])
        replay.stop()
        #expect(second.status == 0, "\(second.stderr)")

        let check = try CLI.run(["model", "--check", dir + "/replay", dir + "/access.log", "--session-key", "header:X-Session-Id",
                                 "--run-log", dir + "/replay.log", "--scale", "2x"])
        let lines = check.stdout.split(separator: "\n")
        let mix = lines.filter { $0.contains(" mix ") }
        #expect(mix.count >= 10, "\(check.stdout)\(check.stderr)")
        #expect(mix.allSatisfy { $0.hasPrefix("PASS") }, "\(check.stdout)")
        #expect(lines.contains { $0.contains("think time") } && lines.contains { $0.contains("session duration") })
        #expect(lines.contains { $0.contains("arrival profile") } && lines.contains { $0.contains("arrival rate") })
        print(check.stdout)
    }

    @Test func badLogsExitWithAMessage() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: dir + "/empty.log", contents: Data())
        _ = FileManager.default.createFile(atPath: dir + "/binary.log", contents: Data([0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2, 0x0A, 0]))
        try "/ only static\n1.2.3.4 - - [05/Dec/2026:07:38:44 +0000] \"GET /app.js HTTP/1.1\" 200 1 \"-\" \"ua\"\n"
            .write(toFile: dir + "/static.log", atomically: true, encoding: .utf8)
        for (file, message) in [("empty.log", "the log is empty"), ("binary.log", "binary file"),
                                ("static.log", "no sessions"), ("missing.log", "no such file")] {
            let outcome = try CLI.run(["model", dir + "/" + file, "--out", dir + "/m.yaml"])
            #expect([65, 66].contains(outcome.status), "\(file): \(outcome.status) \(outcome.stderr)")
            #expect(outcome.stderr.contains(message), "\(file): \(outcome.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/m.yaml"))
        let usage = try CLI.run(["model", dir + "/empty.log", "--session-key", "cookie"])
        #expect(usage.status == 64)
    }

    /// A recorded sales session against the reference CRM (ids as that server handed them out), with a script
    /// request a browser would also have made.
    static let har = """
        {"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": [
          {"startedDateTime": "2026-12-05T10:00:00.000Z", "time": 12,
           "request": {"method": "POST", "url": "http://127.0.0.1:8080/api/v1/customers", "headers": [],
                       "postData": {"mimeType": "application/json", "text": "{\\"name\\": \\"Har Customer\\", \\"email\\": \\"har-1@example.test\\", \\"company\\": \\"Har Corp\\"}"}},
           "response": {"status": 201, "content": {"mimeType": "application/json", "text": "{\\"id\\": 4711, \\"name\\": \\"Har Customer\\", \\"email\\": \\"har-1@example.test\\"}"}}},
          {"startedDateTime": "2026-12-05T10:00:00.400Z", "time": 3,
           "request": {"method": "GET", "url": "http://127.0.0.1:8080/static/app.js", "headers": []},
           "response": {"status": 200, "content": {"mimeType": "application/javascript", "text": "x"}}},
          {"startedDateTime": "2026-12-05T10:00:01.000Z", "time": 5,
           "request": {"method": "GET", "url": "http://127.0.0.1:8080/api/v1/customers/4711", "headers": []},
           "response": {"status": 200, "content": {"mimeType": "application/json", "text": "{\\"id\\": 4711}"}}},
          {"startedDateTime": "2026-12-05T10:00:01.300Z", "time": 9,
           "request": {"method": "POST", "url": "http://127.0.0.1:8080/api/v1/orders", "headers": [],
                       "postData": {"mimeType": "application/json", "text": "{\\"customerId\\": 4711, \\"amount\\": 120, \\"quantity\\": 2}"}},
           "response": {"status": 201, "content": {"mimeType": "application/json", "text": "{\\"id\\": 9001, \\"customerId\\": 4711, \\"status\\": \\"placed\\"}"}}},
          {"startedDateTime": "2026-12-05T10:00:01.500Z", "time": 4,
           "request": {"method": "POST", "url": "http://127.0.0.1:8080/api/v1/orders/9001/pay", "headers": []},
           "response": {"status": 200, "content": {"mimeType": "application/json", "text": "{\\"id\\": 9001, \\"status\\": \\"paid\\"}"}}}
        ]}}
        """

    @Test func harImportRunsCleanAgainstTheReferenceCRM() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.har.write(toFile: dir + "/session.har", atomically: true, encoding: .utf8)
        let imported = try CLI.run(["import", "har", dir + "/session.har", "--out", dir + "/har.yaml",
                                    "-H", "Authorization: Bearer ${env.CRM_TOKEN}"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("4 requests (1 static assets left out)"))
        let yaml = try String(contentsOfFile: dir + "/har.yaml", encoding: .utf8)
        #expect(yaml.contains("/api/v1/orders/${v2}/pay"), "\(yaml)")
        #expect(yaml.contains("\"customerId\": ${v1}"), "\(yaml)")
        let server = try ServerProcess()
        defer { server.stop() }
        let run = try CLI.run(["run", dir + "/har.yaml", "--target", server.baseURL, "--quiet", "--out", dir + "/run"],
                              environment: ["CRM_TOKEN": server.token])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try CLI.json(dir + "/run/result.json")["summary"] as? [String: Any]
        let overall = summary?["overall"] as? [String: Any]
        #expect(overall?["requests"] as? Int == 4)
        #expect(overall?["errors"] as? Int == 0)
        let notHAR = try CLI.run(["import", "har", dir + "/har.yaml", "--out", dir + "/x.yaml"])
        #expect(notHAR.status == 65)
    }
}

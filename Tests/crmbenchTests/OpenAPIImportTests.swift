import Foundation
import Testing

/// The reference CRM's own OpenAPI description, fetched from a running server, imported and run against it.
@Suite("import openapi against the reference CRM")
struct OpenAPIImportTests {
    @Test(.timeLimit(.minutes(1))) func ownDescriptionImportsValidatesAndRunsClean() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try ServerProcess()
        defer { server.stop() }
        let description = try Data(contentsOf: URL(string: server.baseURL + "/openapi.json")!)
        try description.write(to: URL(fileURLWithPath: dir + "/openapi.json"))
        let imported = try CLI.run(["import", "openapi", dir + "/openapi.json", "--out", dir + "/api.yaml",
                                    "-H", "Authorization: Bearer ${env.CRM_TOKEN}"])
        #expect(imported.status == 0, "\(imported.stderr)")
        // customers, interactions, orders, tickets, feedback, reports, system.
        #expect(imported.stdout.contains("7 flows"), "\(imported.stdout)")
        let yaml = try String(contentsOfFile: dir + "/api.yaml", encoding: .utf8)
        #expect(yaml.contains("ordersId: $.id") && yaml.contains("/api/v1/orders/${ordersId}/pay"), "\(yaml)")
        #expect(yaml.contains("@example.test"))
        #expect(try CLI.run(["validate", dir + "/api.yaml"]).status == 0)

        let run = try CLI.run(["run", dir + "/api.yaml", "--target", server.baseURL, "-c", "2", "-d", "1s", "--quiet",
                               "--out", dir + "/run"], environment: ["CRM_TOKEN": server.token])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let summary = try CLI.json(dir + "/run/result.json")["summary"] as? [String: Any]
        let overall = try #require(summary?["overall"] as? [String: Any])
        #expect((overall["requests"] as? Int ?? 0) > 40)
        #expect(overall["errors"] as? Int == 0)
        // Every documented operation was sent: the run's endpoints are the imported steps.
        let endpoints = summary?["endpoints"] as? [[String: Any]] ?? []
        #expect(endpoints.count >= 30, "\(endpoints.map { $0["name"] ?? "" })")

        let notOpenAPI = try CLI.run(["import", "openapi", dir + "/api.yaml", "--out", dir + "/x.yaml"])
        #expect(notOpenAPI.status == 65 && notOpenAPI.stderr.contains("not a JSON object"))
    }
}

import Foundation
import Testing

/// A failed run says why: the failure causes in result.json (counts and samples with the response body) and the
/// top causes in the terminal summary, for a scenario and for a plain URL run. The missing extraction also fails
/// the run by the default threshold.
@Suite(.serialized) struct FailureCauseIntegrationTests {
    static func causes(_ dir: String) throws -> [[String: Any]] {
        ((try CLI.json(dir + "/run/result.json")["failures"] as? [String: Any])?["causes"] as? [[String: Any]]) ?? []
    }

    @Test func aMissingExtractionIsNamedWithItsStepCountAndSamples() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let scenario = """
        name: missing-extraction
        secrets: [CRM_TOKEN]
        defaults:
          headers:
            Authorization: Bearer ${env.CRM_TOKEN}
        flows:
          - name: order
            steps:
              - post: /api/v1/customers
                name: create customer
                json:
                  name: Ada
                  email: a-${random.uuid}@example.test
                extract:
                  customerId: $.id
                  orderId: $.orderId
              - get: /api/v1/customers/${customerId}
                name: read customer
                check:
                  - status: 200
        load: {vus: 1, iterations: 4}
        """
        try scenario.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        let outcome = try CLI.run(["run", dir + "/s.yaml", "--target", server.baseURL, "--out", dir + "/run"],
                                  environment: ["CRM_TOKEN": server.token])
        // Every iteration failed: the default threshold on failed iterations fails the run.
        #expect(outcome.status == 99, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("✗ iterations.failed.rate < 1% (default)"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("extraction $.orderId on 'create customer' ×4"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("0/4 passed, 0 failed, 4 not run"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("steps never reached: 'read customer' ×4"), "\(outcome.stdout)")
        let cause = try #require(try Self.causes(dir).first)
        #expect(cause["kind"] as? String == "extraction")
        #expect(cause["step"] as? String == "create customer")
        #expect(cause["count"] as? Int == 4)
        let samples = cause["samples"] as? [[String: Any]] ?? []
        #expect(samples.count == 4)
        #expect(samples.first?["status"] as? Int == 201)
        #expect((samples.first?["body"] as? String)?.contains("\"id\"") == true)
        #expect(samples.first?["extraction"] as? String == "$.orderId")
        let headers = samples.first?["headers"] as? [String] ?? []
        #expect(headers.contains { $0.lowercased().hasPrefix("content-type:") }, "\(headers)")
        let result = try String(contentsOfFile: dir + "/run/result.json", encoding: .utf8)
        #expect(!result.contains(server.token), "a secret reached result.json")
    }

    @Test func aURLRunWithAWrongTokenShowsTheStatusAndTheBody() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let outcome = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers", "-H", "Authorization: Bearer wrong-token",
                                   "-d", "1s", "-c", "2", "--out", dir + "/run"])
        let cause = try #require(try Self.causes(dir).first, "\(outcome.stderr)")
        #expect(cause["status"] as? Int == 401)
        #expect(cause["kind"] as? String == "status")
        let sample = try #require((cause["samples"] as? [[String: Any]])?.first)
        #expect((sample["body"] as? String)?.contains("missing or invalid bearer token") == true, "\(sample)")
        #expect((sample["headers"] as? [String])?.contains { $0.lowercased().hasPrefix("www-authenticate") } == true)
        #expect(outcome.stdout.contains("401 on 'GET /api/v1/customers' ×"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("missing or invalid bearer token"), "\(outcome.stdout)")
        let result = try String(contentsOfFile: dir + "/run/result.json", encoding: .utf8)
        #expect(!result.contains("wrong-token"), "a secret reached result.json")
    }
}

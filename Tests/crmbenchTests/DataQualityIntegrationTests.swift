import Foundation
import Testing

/// `run --audit` against the reference CRM: the audit's counts against the server's own fault counters.
@Suite(.serialized) struct DataQualityIntegrationTests {
    static let scenario = """
    name: writers
    target: http://127.0.0.1:1
    secrets: [CRM_TOKEN]
    defaults:
      headers:
        Authorization: Bearer ${env.CRM_TOKEN}
    flows:
      - name: write
        steps:
          - post: /api/v1/customers
            name: create customer
            json:
              name: Writer ${seq}
              email: w-${random.uuid}@example.test
              phone: "+1555${random.int(1000000,9999999)}"
            check:
              - status: 201
            record:
              resource: customers
              id: $.id
              fields: [name, email, phone]
              key: email
              readBack: /api/v1/customers/${id}
              search: /api/v1/customers?search=${key}
    load: {vus: 4, duration: 1s}
    """

    /// `crm_fault_writes_total{kind="KIND"}` as the server counted it.
    static func faultCount(_ server: ServerProcess, _ kind: String) throws -> Int {
        let text = try String(contentsOf: URL(string: server.baseURL + "/metrics")!, encoding: .utf8)
        let line = text.split(separator: "\n").first { $0.hasPrefix("crm_fault_writes_total{kind=\"\(kind)\"}") }
        return Int(line?.split(separator: " ").last ?? "") ?? -1
    }

    static func run(_ server: ServerProcess, extra: [String]) throws -> (CLI.Outcome, [String: Any], String) {
        let dir = CLI.temporaryDirectory()
        try scenario.write(toFile: dir + "/writers.yaml", atomically: true, encoding: .utf8)
        let outcome = try CLI.run(["run", dir + "/writers.yaml", "--target", server.baseURL, "--audit", "--out", dir + "/run",
                                   "--no-default-thresholds"] + extra, environment: ["CRM_TOKEN": server.token])
        let file = try CLI.json(dir + "/run/result.json")
        return (outcome, file["dataQuality"] as? [String: Any] ?? [:], dir + "/run")
    }

    static func count(_ data: [String: Any], _ kind: String) -> Int {
        (data[kind] as? [String: Any])?["count"] as? Int ?? -1
    }

    @Test func auditCountsEqualTheServersInjectedFaultsAndALostThresholdExits99() throws {
        let server = try ServerProcess(["--lose-writes", "0.04", "--duplicate-writes", "0.03", "--corrupt-writes", "0.03",
                                        "--fault-seed", "7"], seed: 0)
        defer { server.stop() }
        let (outcome, data, folder) = try Self.run(server, extra: ["--threshold", "data.lost.count == 0"])
        #expect(outcome.status == 99, "\(outcome.stderr)")
        let lost = try Self.faultCount(server, "lost"), duplicated = try Self.faultCount(server, "duplicated")
        let corrupted = try Self.faultCount(server, "corrupted")
        #expect(lost > 0 && duplicated > 0 && corrupted > 0, "too few creates to fault: \(data)")
        #expect(Self.count(data, "lost") == lost)
        #expect(Self.count(data, "duplicated") == duplicated)
        #expect(Self.count(data, "mutated") == corrupted)
        #expect(data["acknowledged"] as? Int == (try server.requestCount(route: "/api/v1/customers", status: "201", method: "POST")))
        #expect(outcome.stdout.contains("data: "), "\(outcome.stdout)")
        // The standalone audit of the same folder finds the same, and judges its own threshold.
        let again = try CLI.run(["audit", folder, "--threshold", "data.mutated.count == 0"],
                                environment: ["CRM_TOKEN": server.token])
        #expect(again.status == 99, "\(again.stderr)")
        let rewritten = try CLI.json(folder + "/result.json")["dataQuality"] as? [String: Any] ?? [:]
        #expect(Self.count(rewritten, "mutated") == corrupted)
    }

    @Test func withoutFaultsEveryAcknowledgedWriteReadsBackUnchanged() throws {
        let server = try ServerProcess([], seed: 0)
        defer { server.stop() }
        let (outcome, data, _) = try Self.run(server, extra: ["--threshold", "data.lost.count == 0",
                                                               "--threshold", "data.duplicated.rate < 0.1%"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let created = try server.requestCount(route: "/api/v1/customers", status: "201", method: "POST")
        #expect(created > 0)
        #expect(data["acknowledged"] as? Int == created)
        #expect(data["checked"] as? Int == created)
        for kind in ["lost", "mutated", "duplicated", "orphaned", "unacknowledgedPresent"] {
            #expect(Self.count(data, kind) == 0, "\(kind): \(data)")
        }
    }
}

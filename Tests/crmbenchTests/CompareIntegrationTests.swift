import Foundation
import Testing

/// `compare` on real runs of the reference CRM.
@Suite(.serialized, .tags(.timing)) struct CompareIntegrationTests {
    private func run(_ server: ServerProcess, into dir: String) throws {
        let result = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers/3", "-H", server.auth, "-c", "4", "-d", "4s",
                                  "--quiet", "--out", dir])
        #expect(result.status == 0, "\(result.stderr)")
    }

    private func verdicts(_ baseline: String, _ candidate: String) throws -> [String: String] {
        let out = try CLI.run(["compare", baseline, candidate, "--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any] ?? [:]
        let comparison = (json["comparisons"] as? [[String: Any]])?.first ?? [:]
        let overall = (comparison["subjects"] as? [[String: Any]])?.first { $0["kind"] as? String == "overall" } ?? [:]
        var result: [String: String] = [:]
        for metric in overall["metrics"] as? [[String: Any]] ?? [] {
            result[metric["metric"] as? String ?? "?"] = metric["verdict"] as? String
        }
        return result
    }

    @Test func slowerServerIsARegressionAndTheSameConfigurationIsNoChange() throws {
        let dir = CLI.temporaryDirectory()
        let fast = try ServerProcess(["--latency", "5ms"])
        try run(fast, into: dir + "/fast")
        fast.stop()
        let slow = try ServerProcess(["--latency", "20ms"])
        try run(slow, into: dir + "/slow1")
        try run(slow, into: dir + "/slow2")
        slow.stop()

        let worse = try verdicts(dir + "/fast", dir + "/slow1")
        #expect(worse["p50"] == "regressed")
        #expect(worse["p99"] == "regressed")
        #expect(worse["throughput"] == "regressed")
        let better = try verdicts(dir + "/slow1", dir + "/fast")
        #expect(better["p50"] == "improved")
        #expect(better["throughput"] == "improved")

        let itself = try verdicts(dir + "/slow1", dir + "/slow1")
        #expect(!itself.isEmpty && itself.values.allSatisfy { $0 == "no significant change" })
        // Two runs of one configuration: latency dominated by the server's fixed 20 ms.
        let same = try verdicts(dir + "/slow1", dir + "/slow2")
        #expect(same["p50"] == "no significant change", "\(same)")
        #expect(same["throughput"] == "no significant change", "\(same)")

        let gate = try CLI.run(["compare", dir + "/fast", dir + "/slow1", "--fail-on-regression", "5%"])
        #expect(gate.status == 99)
    }
}

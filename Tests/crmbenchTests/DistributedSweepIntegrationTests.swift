import Foundation
import Testing

/// `sweep --agents`: a coordinator and 2 agents (separate processes) on 127.0.0.1 against the reference CRM, each
/// level split over the agents, merged exactly and judged by the sweep's own rules.
@Suite(.serialized) struct DistributedSweepIntegrationTests {
    @Test func eachLevelIsSplitOverTheAgentsAndMergedExactly() throws {
        let server = try ServerProcess(seed: 7)
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let path = try DistributedIntegrationTests.scenario("""
        setup:
          - get: /api/v1/orders?limit=1
            name: setup probe
        flows:
          - name: read
            steps:
              - get: /api/v1/customers?limit=5
                name: list customers
        """, server: server, in: dir, name: "fleet-sweep")
        let (coordinator, url) = try DistributedIntegrationTests.coordinator(
            [path, "--rates", "20,40", "--step", "1s", "--out", dir + "/sweep"], agents: 2, command: "sweep")
        let outs = (0..<2).map { dir + "/agent\($0)" }
        let agents = try DistributedIntegrationTests.agents(2, coordinator: url, outs: outs)
        let status = coordinator.wait()
        let agentStatuses = agents.map { $0.wait(seconds: 10) }
        #expect(status == 0, "\(coordinator.stderr)")
        // Each agent ran both levels and heard that the sweep was over.
        #expect(agentStatuses == [0, 0], "\(agents.map(\.stderr))")
        let result = try CLI.json(dir + "/sweep/result.json")
        let levels = (result["sweep"] as? [String: Any])?["levels"] as? [[String: Any]] ?? []
        #expect(levels.map { $0["level"] as? Double } == [20, 40])
        let requests = levels.map { ($0["summary"] as? [String: Any])?["requests"] as? Int ?? -1 }
        // Every request the levels count reached the server, and nothing else did; setup ran once, here.
        let served = try server.requestCount(route: "/api/v1/customers", method: "GET")
        #expect(requests.allSatisfy { $0 > 0 } && requests.reduce(0, +) == served, "\(requests) vs the server's \(served)")
        #expect(try server.requestCount(route: "/api/v1/orders", method: "GET") == 1)
        let overall = (result["summary"] as? [String: Any])?["overall"] as? [String: Any]
        #expect(overall?["requests"] as? Int == requests.reduce(0, +))
        // A level is the exact merge of what its agents measured: counts add, the p99 is the merged histogram's.
        for (index, level) in levels.enumerated() {
            let folders = outs.map { $0 + "/level-\(index + 1)" }
            let parts = try folders.map { try CLI.json($0 + "/result.json") }
            let partRequests = parts.map { (($0["summary"] as? [String: Any])?["overall"] as? [String: Any])?["requests"] as? Int ?? 0 }
            #expect(partRequests.reduce(0, +) == requests[index] && partRequests.allSatisfy { $0 > 0 }, "\(partRequests)")
            let merged = try CLI.run(["merge"] + folders + ["--out", dir + "/by-hand-\(index)", "--quiet"])
            #expect(merged.status == 0, "\(merged.stderr)")
            let byHand = (try CLI.json(dir + "/by-hand-\(index)/result.json")["summary"] as? [String: Any])?["overall"] as? [String: Any]
            let p99 = { (summary: [String: Any]?) in (summary?["latencyMicros"] as? [String: Any])?["p99"] as? Double }
            #expect(p99(level["summary"] as? [String: Any]) == p99(byHand) && p99(byHand) != nil)
        }
        let records = (result["distributed"] as? [String: Any])?["agents"] as? [[String: Any]] ?? []
        #expect(records.map { $0["state"] as? String } == ["finished", "finished"])
        #expect(records.compactMap { $0["requests"] as? Int }.reduce(0, +) == requests.reduce(0, +))
        #expect(result["partial"] as? Bool == false)
        let report = try String(contentsOfFile: dir + "/sweep/report.html", encoding: .utf8)
        #expect(report.contains("Load sweep") && report.contains("sweep: 2 levels of 1 s, 20 → 40 req/s offered"))
    }
}

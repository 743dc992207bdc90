import BenchCore
import Foundation
import Testing

/// A sweep over a fleet: the same agents level after level, each level's figures apart from the last's.
@Suite struct FleetLevelTests {
    let hello = AgentHello(toolVersion: "1.0", protocolVersion: FleetProtocol.version, host: "a", cores: 2)

    func final(level: Int?) -> AgentFinal { AgentFinal(resultJSON: Data("{}".utf8), startSkewMillis: 1, level: level) }

    @Test func aNextLevelRunsEveryAgentNotLostAfreshAndTheLostStayLost() {
        var monitor = FleetMonitor(expected: 3, toolVersion: "1.0")
        for _ in 0..<3 { _ = monitor.register(hello, nowNanos: 0) }
        monitor.start(atNanos: 1_000, level: 0)
        var report = AgentReport()
        report.totalRequests = 40
        _ = monitor.heard(agent: 0, report: report, nowNanos: 2_000)
        monitor.finished(agent: 0, final: final(level: 0), nowNanos: 3_000)
        monitor.finished(agent: 1, final: final(level: 0), nowNanos: 3_000)
        // Agent 2 goes silent past the limit during level 0.
        #expect(monitor.tick(nowNanos: 1_001 + FleetProtocol.silenceLimitNanos) == [.lost(agent: 2, host: "a", silentNanos: FleetProtocol.silenceLimitNanos + 1)])
        #expect(monitor.settled)
        #expect(monitor.activeAgents == [0, 1])
        monitor.start(atNanos: 10_000_000_000, level: 1)
        #expect(monitor.level == 1)
        #expect(monitor.agents.map(\.phase) == [.running, .running, .lost])
        #expect(monitor.agents.allSatisfy { $0.final == nil && $0.report == nil })  // level 0's are forgotten
        #expect(!monitor.settled)
        // Silence counts from the new level's start, not from the last report of the level before.
        #expect(monitor.tick(nowNanos: 10_000_000_000 + FleetProtocol.silenceLimitNanos).isEmpty)
    }

    @Test func reportsAndResultsOfAnotherLevelAreNotCountedInThisOne() {
        var monitor = FleetMonitor(expected: 1, toolVersion: "1.0")
        _ = monitor.register(hello, nowNanos: 0)
        monitor.start(atNanos: 0, level: 0)
        monitor.finished(agent: 0, final: final(level: 0), nowNanos: 1)
        monitor.start(atNanos: 10, level: 1)
        var histogram = LatencyHistogram()
        histogram.record(micros: 5_000)
        var late = AgentReport()
        (late.level, late.totalRequests) = (0, 99)
        late.latency = [SecondHistogram(second: 0, latency: histogram.sparse)]
        _ = monitor.heard(agent: 0, report: late, nowNanos: 20)  // level 0's last report, arriving late
        #expect(monitor.agents[0].report == nil)
        #expect(monitor.fleetLatency.count == 0)
        #expect(monitor.agents[0].lastHeardNanos == 20)  // but the agent is alive
        monitor.finished(agent: 0, final: final(level: 0), nowNanos: 30)  // a retried result of level 0
        #expect(monitor.agents[0].phase == .running)
        var current = late
        current.level = 1
        _ = monitor.heard(agent: 0, report: current, nowNanos: 40)
        #expect(monitor.agents[0].report?.totalRequests == 99)
        #expect(monitor.fleetLatency.count == 1)
        monitor.finished(agent: 0, final: final(level: 1), nowNanos: 50)
        #expect(monitor.agents[0].phase == .finished)
        #expect(monitor.settled)
    }

    /// Protocol 2 only added optional fields: what a protocol-1 coordinator or agent wrote still decodes, as a
    /// run's one level.
    @Test func messagesWithoutALevelStillDecodeAsARunsOneLevel() throws {
        let assignment = #"{"runID":"h-1","segment":{"index":1,"count":2},"scenarioPath":"s.yaml","files":{},"settings":{"arrivals":"uniform","seed":1,"http2":false,"insecure":false,"secretHeaders":[]},"globals":{},"startAtEpochMillis":5}"#
        let decoded = try JSONDecoder().decode(AgentAssignment.self, from: Data(assignment.utf8))
        #expect(decoded.level == nil && decoded.segment == LoadSegment(index: 1, count: 2))
        let report = #"{"elapsedNanos":0,"inFlight":0,"completed":0,"totalRequests":3,"totalHTTPErrors":0,"activeVirtualUsers":1,"iterations":0,"checksPassed":0,"checksFailed":0,"recent":[],"latency":[]}"#
        #expect(try JSONDecoder().decode(AgentReport.self, from: Data(report.utf8)).level == nil)
        let final = try JSONDecoder().decode(AgentFinal.self, from: Data(#"{"resultJSON":"e30=","startSkewMillis":2}"#.utf8))
        #expect(final.level == nil)
        // A level's assignment round-trips with its level.
        var sweep = decoded
        sweep.level = FleetLevel(index: 1, level: 40, open: true, stepNanos: 1_000_000_000)
        let again = try JSONDecoder().decode(AgentAssignment.self, from: try JSONEncoder().encode(sweep))
        #expect(again.level == sweep.level)
    }
}

import BenchCore
import Testing

/// The coordinator's view of its agents, driven by a manual clock.
@Suite struct FleetMonitorTests {
    let hello = AgentHello(toolVersion: "1.0", protocolVersion: FleetProtocol.version, host: "a", cores: 2)

    @Test func admitsUpToTheExpectedAgentsOfTheSameVersion() {
        var monitor = FleetMonitor(expected: 2, toolVersion: "1.0")
        #expect(monitor.register(hello, nowNanos: 0) == .accepted(agent: 0))
        var other = hello
        other.toolVersion = "0.9"
        guard case .refused(409, let reason) = monitor.register(other, nowNanos: 0) else { Issue.record("version admitted"); return }
        #expect(reason.contains("0.9") && reason.contains("1.0"))
        other = hello
        other.protocolVersion = FleetProtocol.version + 1
        guard case .refused(409, _) = monitor.register(other, nowNanos: 0) else { Issue.record("protocol admitted"); return }
        #expect(!monitor.complete)
        #expect(monitor.register(hello, nowNanos: 0) == .accepted(agent: 1))
        #expect(monitor.complete)
        guard case .refused(410, _) = monitor.register(hello, nowNanos: 0) else { Issue.record("third admitted"); return }
    }

    @Test func aSilentAgentIsLostOnceAfterTheLimitAndOnlyAfterTheStart() {
        var monitor = FleetMonitor(expected: 2, toolVersion: "1.0")
        _ = monitor.register(hello, nowNanos: 0)
        _ = monitor.register(hello, nowNanos: 0)
        #expect(monitor.tick(nowNanos: 10_000_000_000).isEmpty)  // waiting for the start: nobody is late
        monitor.start(atNanos: 10_000_000_000)
        let limit = FleetProtocol.silenceLimitNanos
        _ = monitor.heard(agent: 0, report: AgentReport(), nowNanos: 10_000_000_000 + limit)
        #expect(monitor.tick(nowNanos: 10_000_000_000 + limit).isEmpty)
        let events = monitor.tick(nowNanos: 10_000_000_001 + limit)
        #expect(events == [.lost(agent: 1, host: "a", silentNanos: limit + 1)])
        #expect(monitor.tick(nowNanos: 20_000_000_000 + limit).count == 1)  // agent 0 now; agent 1 not again
        #expect(monitor.agents.map(\.phase) == [.lost, .lost])
        #expect(monitor.settled)
        #expect(monitor.liveReports.isEmpty)
    }

    @Test func theStopOrderIsTheFirstReasonAndReachesEveryReport() {
        var monitor = FleetMonitor(expected: 1, toolVersion: "1.0")
        _ = monitor.register(hello, nowNanos: 0)
        monitor.start(atNanos: 0)
        #expect(monitor.heard(agent: 0, report: nil, nowNanos: 1).stop == nil)
        monitor.requestStop("threshold failed")
        monitor.requestStop("later")
        #expect(monitor.heard(agent: 0, report: nil, nowNanos: 2).stop == "threshold failed")
        #expect(monitor.heard(agent: 7, report: nil, nowNanos: 2).stop == "unknown agent")
    }

    @Test func theFleetLatencyIsTheExactMergeOfEverySecondOfEveryAgentOnce() {
        var monitor = FleetMonitor(expected: 2, toolVersion: "1.0")
        _ = monitor.register(hello, nowNanos: 0)
        _ = monitor.register(hello, nowNanos: 0)
        monitor.start(atNanos: 0)
        func second(_ second: Int, _ values: [UInt64]) -> SecondHistogram {
            var histogram = LatencyHistogram()
            for value in values { histogram.record(micros: value) }
            return SecondHistogram(second: second, latency: histogram.sparse)
        }
        var first = AgentReport()
        first.latency = [second(0, [1_000, 2_000]), second(1, [3_000])]
        var again = AgentReport()
        again.latency = [second(1, [3_000]), second(2, [4_000])]  // second 1 sent twice (a report lost its answer)
        var other = AgentReport()
        other.latency = [second(1, [10_000, 20_000])]
        _ = monitor.heard(agent: 0, report: first, nowNanos: 1)
        _ = monitor.heard(agent: 0, report: again, nowNanos: 2)
        _ = monitor.heard(agent: 1, report: other, nowNanos: 2)
        var expected = LatencyHistogram()
        for value: UInt64 in [1_000, 2_000, 3_000, 4_000, 10_000, 20_000] { expected.record(micros: value) }
        #expect(monitor.fleetLatency.sparse == expected.sparse)
        #expect(monitor.secondLatency[1]?.count == 3)
        #expect(monitor.secondLatency[1]?.maxMicros == expected.maxMicros)
    }
}

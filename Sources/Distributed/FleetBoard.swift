import BenchCore
import Foundation

/// What the coordinator's HTTP handlers and its run thread share: the fleet monitor, the assignments once the run
/// is ready, and the token every request must carry. Every method takes the lock briefly and never blocks.
final class FleetBoard: @unchecked Sendable {  // all state behind `lock`
    private let lock = NSLock()
    private var monitor: FleetMonitor
    /// The level under way's assignments, by agent number.
    private var assignments: [Int: AgentAssignment] = [:]
    /// Set when the run ends before the load (a signal, a failed setup), or after a sweep's last level: agents
    /// waiting are told to leave.
    private var cancelled: String?
    /// The agents told so.
    private var dismissed: Set<Int> = []
    private let token: String
    /// Hears every registration, for the coordinator's log.
    var onRegister: (@Sendable (Int, AgentHello) -> Void)?

    init(expected: Int, token: String) {
        monitor = FleetMonitor(expected: expected, toolVersion: BenchCore.toolVersion)
        self.token = token
    }

    /// Nanoseconds on the board's clock.
    var nowNanos: UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Whether a request's `Authorization` header carries the run's token (compared in constant time).
    func authorized(_ header: String?) -> Bool {
        guard let header, header.hasPrefix("Bearer ") else { return false }
        let given = Array(header.dropFirst(7).utf8), expected = Array(token.utf8)
        var difference = given.count ^ expected.count
        for index in 0..<max(given.count, expected.count) {
            difference |= Int((index < given.count ? given[index] : 0) ^ (index < expected.count ? expected[index] : 0))
        }
        return difference == 0
    }

    func register(_ hello: AgentHello) -> FleetMonitor.Admission {
        lock.lock()
        let admission = cancelled == nil ? monitor.register(hello, nowNanos: DispatchTime.now().uptimeNanoseconds)
            : .refused(status: 410, reason: "the run is over: \(cancelled ?? "")")
        lock.unlock()
        if case .accepted(let agent) = admission { onRegister?(agent, hello) }
        return admission
    }

    /// The agent's assignment of the level under way once every agent is there and setup ran; nil while it waits
    /// (for the first level, or for the next once it delivered this one). Throws when the run is over, or went on
    /// without this agent.
    func assignment(agent: Int) throws -> AgentAssignment? {
        lock.lock(); defer { lock.unlock() }
        if let cancelled {
            dismissed.insert(agent)
            throw FleetRefusal(error: "the run is over: \(cancelled)")
        }
        guard monitor.agents.indices.contains(agent) else { return nil }
        if monitor.agents[agent].phase == .lost { throw FleetRefusal(error: "this agent was lost (it stopped reporting); the run went on without it") }
        _ = monitor.heard(agent: agent, report: nil, nowNanos: DispatchTime.now().uptimeNanoseconds)
        return monitor.agents[agent].phase == .running ? assignments[agent] : nil
    }

    /// True once every agent not lost heard that the run is over.
    var everyAgentDismissed: Bool {
        lock.lock(); defer { lock.unlock() }
        return monitor.activeAgents.allSatisfy(dismissed.contains)
    }

    func report(agent: Int, _ report: AgentReport) -> CoordinatorOrder {
        lock.lock(); defer { lock.unlock() }
        return monitor.heard(agent: agent, report: report, nowNanos: DispatchTime.now().uptimeNanoseconds)
    }

    func finish(agent: Int, _ final: AgentFinal) {
        lock.lock(); monitor.finished(agent: agent, final: final, nowNanos: DispatchTime.now().uptimeNanoseconds); lock.unlock()
    }

    /// The assignments of a level (a run's one level is 0), starting at `startNanos` on the board's clock.
    func publish(_ all: [Int: AgentAssignment], startNanos: UInt64, level: Int) {
        lock.lock(); assignments = all; monitor.start(atNanos: startNanos, level: level); lock.unlock()
    }

    func cancel(_ reason: String) { lock.lock(); cancelled = reason; lock.unlock() }

    func requestStop(_ reason: String) { lock.lock(); monitor.requestStop(reason); lock.unlock() }

    func tick() -> [FleetMonitor.Event] {
        lock.lock(); defer { lock.unlock() }
        return monitor.tick(nowNanos: DispatchTime.now().uptimeNanoseconds)
    }

    /// A copy of the monitor, to read.
    var state: FleetMonitor { lock.lock(); defer { lock.unlock() }; return monitor }
}

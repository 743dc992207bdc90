/// The coordinator's view of its agents, as a value driven by a clock the caller passes in: who registered, who
/// reports, who went silent, and whether the run must stop. No I/O: the coordinator's server feeds it.
public struct FleetMonitor: Sendable {
    /// Where an agent is in the run.
    public enum Phase: String, Codable, Sendable {
        case registered, running, finished, lost
    }

    /// One agent as the coordinator knows it.
    public struct Agent: Sendable {
        public var hello: AgentHello
        public var phase: Phase = .registered
        public var lastHeardNanos: UInt64
        public var report: AgentReport?
        /// When the agent was found lost, from the monitor's clock.
        public var lostAtNanos: UInt64?
        public var final: AgentFinal?
    }

    /// The outcome of a registration.
    public enum Admission: Equatable, Sendable {
        case accepted(agent: Int)
        /// Refused, with the HTTP status to answer and the reason.
        case refused(status: Int, reason: String)
    }

    /// Something the coordinator must tell the user.
    public enum Event: Equatable, Sendable {
        /// An agent sent nothing for `silentNanos`.
        case lost(agent: Int, host: String, silentNanos: UInt64)
    }

    public let expected: Int
    public let toolVersion: String
    public private(set) var agents: [Agent] = []
    /// Why every agent must stop (a threshold with `abortOnFail`, a signal, a lost agent under `abort`); nil while
    /// the run goes on.
    public private(set) var stopReason: String?
    /// When the load starts on the monitor's clock (agents are not expected to report before it).
    public private(set) var loadStartNanos: UInt64?
    /// The fleet's latency so far, merged from the agents' per-second histograms (each second of each agent once),
    /// and the last few seconds apart, for the live panel.
    public private(set) var fleetLatency = LatencyHistogram()
    public private(set) var secondLatency: [Int: LatencyHistogram] = [:]
    private var seenSeconds: Set<Int64> = []

    /// A monitor waiting for `expected` agents of `toolVersion`.
    public init(expected: Int, toolVersion: String) {
        self.expected = expected
        self.toolVersion = toolVersion
    }

    /// Admits an agent unless its version or protocol differs, or every place is taken.
    public mutating func register(_ hello: AgentHello, nowNanos: UInt64) -> Admission {
        guard hello.protocolVersion == FleetProtocol.version else {
            return .refused(status: 409, reason: "agent is crmbench \(hello.toolVersion) speaking protocol \(hello.protocolVersion), the coordinator crmbench \(toolVersion) speaking \(FleetProtocol.version): run the same version everywhere")
        }
        guard hello.toolVersion == toolVersion else {
            return .refused(status: 409, reason: "agent is crmbench \(hello.toolVersion), the coordinator \(toolVersion): run the same version everywhere")
        }
        guard agents.count < expected else {
            return .refused(status: 410, reason: "the run already has its \(expected) agents")
        }
        agents.append(Agent(hello: hello, lastHeardNanos: nowNanos))
        return .accepted(agent: agents.count - 1)
    }

    /// True once every expected agent registered.
    public var complete: Bool { agents.count == expected }

    /// The level under way (a run has one, 0): reports and results of another level are not counted.
    public private(set) var level = 0

    /// The load of `level` starts: silence counts from here. Every agent not lost runs it, afresh (its report
    /// and result of an earlier level are forgotten, and so are the fleet's live latency figures); a lost agent
    /// stays lost for the rest of the run.
    public mutating func start(atNanos: UInt64, level: Int = 0) {
        loadStartNanos = atNanos
        self.level = level
        for index in agents.indices where agents[index].phase != .lost {
            agents[index].phase = .running
            agents[index].lastHeardNanos = atNanos
            agents[index].report = nil
            agents[index].final = nil
        }
        fleetLatency = LatencyHistogram()
        secondLatency = [:]
        seenSeconds = []
    }

    /// The agents that run the next level: every one not lost, in order.
    public var activeAgents: [Int] { agents.indices.filter { agents[$0].phase != .lost } }

    /// An agent reported; the answer is the stop order, if any. A lost agent that speaks again stays lost: its
    /// figures are already left out of the live merge, and the result says it was lost.
    public mutating func heard(agent: Int, report: AgentReport?, nowNanos: UInt64) -> CoordinatorOrder {
        guard agents.indices.contains(agent) else { return CoordinatorOrder(stop: "unknown agent") }
        if agents[agent].phase != .lost {
            agents[agent].lastHeardNanos = max(agents[agent].lastHeardNanos, nowNanos)
            // A late report of an earlier level still says the agent lives, but its figures are not this level's.
            if let report, report.level ?? 0 == level {
                agents[agent].report = report
                addLatency(report.latency, agent: agent)
            }
        }
        return CoordinatorOrder(stop: stopReason)
    }

    private mutating func addLatency(_ seconds: [SecondHistogram], agent: Int) {
        for item in seconds where seenSeconds.insert(Int64(agent) << 32 | Int64(item.second & 0xFFFF_FFFF)).inserted {
            guard let histogram = try? LatencyHistogram(sparse: item.latency) else { continue }
            fleetLatency.add(histogram)
            secondLatency[item.second, default: LatencyHistogram()].add(histogram)
        }
        // The panel shows the last seconds only.
        if let newest = secondLatency.keys.max() { secondLatency = secondLatency.filter { $0.key > newest - 6 } }
    }

    /// An agent sent its result.
    public mutating func finished(agent: Int, final: AgentFinal, nowNanos: UInt64) {
        guard agents.indices.contains(agent), agents[agent].phase != .lost, final.level ?? 0 == level else { return }
        agents[agent].phase = .finished
        agents[agent].final = final
        agents[agent].lastHeardNanos = nowNanos
    }

    /// Every agent must stop; the first reason given is kept.
    public mutating func requestStop(_ reason: String) {
        if stopReason == nil { stopReason = reason }
    }

    /// Marks agents silent past the limit as lost, once each, after the load started.
    public mutating func tick(nowNanos: UInt64) -> [Event] {
        guard loadStartNanos != nil else { return [] }
        var events: [Event] = []
        for index in agents.indices where agents[index].phase == .running {
            let silent = nowNanos &- agents[index].lastHeardNanos
            guard nowNanos > agents[index].lastHeardNanos, silent > FleetProtocol.silenceLimitNanos else { continue }
            agents[index].phase = .lost
            agents[index].lostAtNanos = nowNanos
            events.append(.lost(agent: index, host: agents[index].hello.host, silentNanos: silent))
        }
        return events
    }

    /// True when no agent is still running: each finished or was lost.
    public var settled: Bool { agents.allSatisfy { $0.phase == .finished || $0.phase == .lost } }

    /// The reports of the agents not lost, for the live merge.
    public var liveReports: [AgentReport] { agents.filter { $0.phase != .lost }.compactMap(\.report) }
}

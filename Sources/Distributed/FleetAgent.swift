import BenchCore
import Foundation
import LoadEngine
import Runner

/// What an agent needs to join a run (`crmbench agent --coordinator URL`).
public struct AgentOptions: Sendable {
    public var coordinator: String
    public var token: String
    /// Worker threads for this agent's share (default: its own cores).
    public var threads = ThreadCount.auto
    /// How long to keep trying to reach the coordinator (pods may start before it listens).
    public var connectTimeoutNanos: UInt64 = 60_000_000_000
    /// Also keep this agent's own result folder here (default: a temporary folder, removed once sent).
    public var out: String?
    /// TLS to the coordinator: a CA file, or no verification.
    public var caPath: String?
    public var insecure = false

    public init(coordinator: String, token: String) {
        self.coordinator = coordinator.hasSuffix("/") ? String(coordinator.dropLast()) : coordinator
        self.token = token
    }
}

/// A generator of a distributed run: registers, receives its segment (the scenario, its data, setup's captures,
/// the start time), runs it as `crmbench run` would, reports twice a second (obeying stop orders), and sends its
/// result at the end. The coordinator judges and writes the run; the agent's exit code says only whether its part
/// was delivered.
public enum FleetAgent {
    /// Runs one agent's part: a run's one level, or every level of a sweep or find-max the coordinator hands out
    /// until it says the run is over; returns what it wrote last (each level's result is already sent).
    public static func run(_ options: AgentOptions, lifecycle: RunLifecycle, log: @escaping @Sendable (String) -> Void) throws -> RunPlan.Written {
        var tls = ClientOptions()
        (tls.caPath, tls.insecure) = (options.caPath, options.insecure)
        let client = FleetClient(base: options.coordinator, token: options.token, client: tls)
        let agent = try register(client, options: options, lifecycle: lifecycle)
        log("registered with \(options.coordinator) as agent \(agent); waiting for the start")
        var source: ScenarioSource?
        var last: RunPlan.Written?
        while let assignment = try awaitAssignment(client, agent: agent, lifecycle: lifecycle, delivered: last != nil, log: log) {
            // Loaded once: feeders and sequences go on from level to level, as in one process's sweep.
            let loaded = try source ?? load(assignment)
            source = loaded
            let written = try runPart(assignment, of: loaded, agent: agent, client: client, options: options, lifecycle: lifecycle, log: log)
            last = written
            // A run has one level; a stopped agent (the coordinator's order, a signal) runs no further level.
            if assignment.level == nil || lifecycle.stopReason != nil { break }
        }
        guard let last else { throw RunnerError("stopped before the start: \(lifecycle.stopReason ?? "")", kind: .unavailable) }
        return last
    }

    /// The scenario as the coordinator read it, with its data and what its setup captured.
    private static func load(_ assignment: AgentAssignment) throws -> ScenarioSource {
        var target = RunTarget(scenarioPath: assignment.scenarioPath)
        let settings = assignment.settings
        (target.target, target.timeout, target.http2, target.insecure) = (settings.target, settings.timeout, settings.http2, settings.insecure)
        target.streams = settings.streams
        (target.secretHeaders, target.name, target.seed) = (settings.secretHeaders, settings.name, settings.seed)
        (target.iterationsPerFlow, target.segment) = (settings.iterationsPerFlow, assignment.segment)
        let source = try ScenarioSource.load(path: assignment.scenarioPath, options: target, files: ScenarioFiles.inMemory(assignment.files))
        source.adoptSetup(globals: assignment.globals)
        return source
    }

    /// Runs this agent's segment of one level from the agreed start and sends its result.
    private static func runPart(_ assignment: AgentAssignment, of source: ScenarioSource, agent: Int, client: FleetClient,
                                options: AgentOptions, lifecycle: RunLifecycle, log: @escaping @Sendable (String) -> Void) throws -> RunPlan.Written {
        let settings = assignment.settings
        let whole: [LevelWorkload]
        if let level = assignment.level {
            whole = [try LevelWorkload.level(level.level, open: level.open, stepNanos: level.stepNanos, threads: options.threads, of: source)]
        } else {
            var load = LoadSettings()
            (load.connections, load.durationNanos, load.ratePerSecond) = (settings.connections, settings.durationNanos, settings.ratePerSecond)
            (load.arrivals, load.iterationsPerFlow, load.threads) = (ArrivalProcess(rawValue: settings.arrivals) ?? .uniform, settings.iterationsPerFlow, options.threads)
            whole = try load.workloads(of: source)
        }
        let workloads = try whole.map { workload in
            var part = workload
            part.config = try AgentSegmenter.share(workload.config, of: assignment.segment, threads: options.threads)
            return part
        }
        let temporary = options.out == nil
        let levelName = assignment.level.map { "level-\($0.index + 1)" }
        let folder = options.out.map { out in levelName.map { out + "/" + $0 } ?? out }
            ?? NSTemporaryDirectory() + "crmbench-agent-\(ProcessInfo.processInfo.processIdentifier)-\(agent)" + (levelName.map { "-" + $0 } ?? "")
        var plan = RunPlan(source: source, shape: .single(workloads), folder: folder, folderOption: options.out == nil ? "agent folder" : "--out")
        plan.defaultThresholds = false  // the coordinator judges the fleet's merged figures
        plan.writesReports = !temporary  // nobody reads a temporary folder's reports
        defer { if temporary { try? FileManager.default.removeItem(atPath: folder) } }
        // Every agent starts at the agreed instant; how late it really started is its start skew.
        let startAt = Double(assignment.startAtEpochMillis) / 1_000
        while Date().timeIntervalSince1970 < startAt && lifecycle.stopReason == nil { Thread.sleep(forTimeInterval: 0.001) }
        let skewMillis = max(0, (Date().timeIntervalSince1970 - startAt) * 1_000)
        let reporter = AgentReporter(client: client, agent: agent, level: assignment.level?.index, lifecycle: lifecycle,
                                     startSkewMillis: skewMillis, log: log)
        let written = Result { try plan.execute(in: lifecycle) }
        reporter.stop()
        let result = try written.get()
        let final = AgentFinal(resultJSON: try ResultCodec.encode(result.result), startSkewMillis: skewMillis, level: assignment.level?.index)
        try deliver(final, client: client, agent: agent)
        log("agent \(agent): \(result.result.summary.overall.requests) requests sent\(levelName.map { " (" + $0 + ")" } ?? ""); result delivered")
        return result
    }

    /// Registers, retrying while nothing answers (the coordinator may not listen yet) until the connect timeout.
    private static func register(_ client: FleetClient, options: AgentOptions, lifecycle: RunLifecycle) throws -> Int {
        let hello = AgentHello(toolVersion: BenchCore.toolVersion, protocolVersion: FleetProtocol.version,
                               host: ProcessInfo.processInfo.hostName, cores: AvailableCores.count)
        let body = try JSONEncoder().encode(hello)
        let deadline = DispatchTime.now().uptimeNanoseconds + options.connectTimeoutNanos
        var lastProblem = ""
        while DispatchTime.now().uptimeNanoseconds < deadline && lifecycle.stopReason == nil {
            switch client.send("POST", "/v1/agents", body: body) {
            case .status(200, let data):
                guard let welcome = try? JSONDecoder().decode(AgentWelcome.self, from: data) else {
                    throw RunnerError("\(options.coordinator) is not a crmbench coordinator (its answer to a registration is not one)", kind: .protocolMismatch)
                }
                return welcome.agent
            case .status(let status, let data) where (400..<500).contains(status):
                if status == 404 {
                    throw RunnerError("\(options.coordinator) is not a crmbench coordinator (HTTP 404 on /v1/agents)", kind: .protocolMismatch)
                }
                throw FleetClient.refusal(status, data, coordinator: options.coordinator)
            case .status(let status, _): lastProblem = "HTTP \(status)"
            case .unreachable(let reason): lastProblem = reason
            }
            Thread.sleep(forTimeInterval: 0.25)
        }
        if let reason = lifecycle.stopReason { throw RunnerError("stopped before joining: \(reason)", kind: .unavailable) }
        throw RunnerError("no coordinator answered at \(options.coordinator) within \(options.connectTimeoutNanos / 1_000_000_000) s (\(lastProblem))",
                          kind: .unavailable)
    }

    /// Polls for the next assignment: until every agent joined and setup ran, or until the coordinator judged the
    /// level this agent `delivered`. Nil when the coordinator says the run is over after a level; the coordinator
    /// vanishing for 10 s, or ending the run before any level, ends the agent with the reason.
    private static func awaitAssignment(_ client: FleetClient, agent: Int, lifecycle: RunLifecycle, delivered: Bool,
                                        log: @Sendable (String) -> Void) throws -> AgentAssignment? {
        var silentSince: UInt64?
        while lifecycle.stopReason == nil {
            switch client.send("GET", "/v1/agents/\(agent)/assignment") {
            case .status(200, let data):
                do { return try JSONDecoder().decode(AgentAssignment.self, from: data) } catch {
                    throw RunnerError("the coordinator's assignment cannot be read: \(error)", kind: .protocolMismatch)
                }
            case .status(204, _): silentSince = nil
            case .status(410, let data) where delivered:
                log("agent \(agent): " + ((try? JSONDecoder().decode(FleetRefusal.self, from: data).error) ?? "the run is over"))
                return nil
            case .status(let status, let data) where (400..<500).contains(status):
                throw FleetClient.refusal(status, data, coordinator: client.base)
            case .status, .unreachable:
                let now = DispatchTime.now().uptimeNanoseconds
                if now - (silentSince ?? now) > 10_000_000_000 {
                    throw RunnerError("the coordinator at \(client.base) stopped answering before the \(delivered ? "next level" : "start")", kind: .unavailable)
                }
                silentSince = silentSince ?? now
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw RunnerError("stopped before the start: \(lifecycle.stopReason ?? "")", kind: .unavailable)
    }

    /// Sends the result, retrying a few times: what was measured must reach the coordinator if it is there.
    private static func deliver(_ final: AgentFinal, client: FleetClient, agent: Int) throws {
        let body = try JSONEncoder().encode(final)
        var problem = ""
        for attempt in 0..<5 {
            switch client.send("POST", "/v1/agents/\(agent)/result", body: body, timeoutMillis: 30_000) {
            case .status(200, _): return
            case .status(let status, let data) where (400..<500).contains(status):
                throw FleetClient.refusal(status, data, coordinator: client.base)
            case .status(let status, _): problem = "HTTP \(status)"
            case .unreachable(let reason): problem = reason
            }
            Thread.sleep(forTimeInterval: 0.5 * Double(attempt + 1))
        }
        throw RunnerError("the result could not be sent to the coordinator (\(problem))", kind: .unavailable)
    }
}

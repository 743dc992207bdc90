import BenchCore
import Foundation
import LoadEngine
import Runner

/// The coordinator of a distributed run: waits for its agents, runs setup once, gives each agent its segment and
/// one start time, watches them live (one panel, `abortOnFail` on the fleet's figures, lost agents named within
/// 3 s), merges their results exactly, judges the thresholds on the merge, runs teardown once and writes one result.
public final class Coordinator {
    private let options: FleetOptions
    private let source: ScenarioSource
    private let scenarioPath: String
    private let files: [String: Data]
    private let fleetSettings: FleetSettings
    private let board: FleetBoard
    private let log: @Sendable (String) -> Void
    private var server: CoordinatorServer?
    /// Why the run became partial (lost agents, a stop order), in the order it happened.
    private var partialReasons: [String] = []

    /// A coordinator of `source` (read from `scenarioPath`, with every file the loader read in `files`).
    public init(options: FleetOptions, source: ScenarioSource, scenarioPath: String, files: [String: Data],
                fleetSettings: FleetSettings, log: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.source = source
        self.scenarioPath = scenarioPath
        self.files = files
        self.fleetSettings = fleetSettings
        self.log = log
        board = FleetBoard(expected: options.agents, token: options.token)
        board.onRegister = { agent, hello in
            log("agent \(agent) joined from \(hello.host) (\(hello.cores) cores)")
        }
    }

    /// Refuses a load that cannot be split over the agents (5 agents for 3 virtual users), before anything starts.
    public static func checkSplit(_ workloads: [LevelWorkload], agents: Int) throws {
        for index in 0..<agents {
            for workload in workloads { _ = try AgentSegmenter.share(workload.config, of: LoadSegment(index: index, count: agents)) }
        }
    }

    /// The fleet's live figures as one (nil before the first report).
    public func liveSnapshot() -> ProgressSnapshot? {
        let state = board.state
        var merged = ProgressSnapshot.merging(state.liveReports.map { report in
            ProgressSnapshot(elapsedNanos: report.elapsedNanos, latest: report.latest, recent: report.recent,
                             inFlight: report.inFlight, completed: report.completed, totalRequests: report.totalRequests,
                             totalHTTPErrors: report.totalHTTPErrors,
                             live: LiveCounts(activeVirtualUsers: report.activeVirtualUsers, iterations: report.iterations,
                                              checksPassed: report.checksPassed, checksFailed: report.checksFailed))
        })
        // The fleet's percentiles of a second, merged from every agent's histogram of it (not the busiest agent's).
        if let second = merged?.latest?.second, let histogram = state.secondLatency[second], histogram.count > 0 {
            merged?.latest?.p50Micros = histogram.valueAt(percentile: 50)
            merged?.latest?.p90Micros = histogram.valueAt(percentile: 90)
            merged?.latest?.p95Micros = histogram.valueAt(percentile: 95)
            merged?.latest?.p99Micros = histogram.valueAt(percentile: 99)
            merged?.latest?.maxMicros = histogram.maxMicros
        }
        return merged
    }

    /// `abortOnFail` on the fleet's figures: the error rate (as one process judges it) and latency thresholds on
    /// the histogram merged from every agent's seconds so far (after 100 requests, as one process waits).
    func abortReason(_ snapshot: ProgressSnapshot, latency: LatencyHistogram) -> String? {
        if let reason = source.abortReason(snapshot) { return reason }
        guard snapshot.totalRequests >= 100 else { return nil }
        for threshold in source.thresholds where threshold.abortOnFail {
            let verdict = threshold.evaluate { metric in
                if case .httpLatency(let stat) = metric { return ThresholdLookup.statistic(stat, of: latency) }
                return nil
            }
            if verdict.observed != nil && !verdict.passed {
                return "threshold '\(threshold.expression)' failed on the fleet while running (abortOnFail)"
            }
        }
        return nil
    }

    /// Runs the whole distributed run and writes `plan.folder`. `plan.shape` must be `.single` (the workloads the
    /// agents split); `plan.thresholds`, `defaultThresholds` and `summaryExport` apply to the merged result.
    public func run(_ plan: RunPlan, in lifecycle: RunLifecycle) throws -> RunPlan.Written {
        guard case .single(let workloads) = plan.shape else { throw RunnerError("a distributed run splits one level", kind: .usage) }
        try Self.checkSplit(workloads, agents: options.agents)
        try FileOutput.ensureWritableFolder(plan.folder, option: plan.folderOption)
        try FileOutput.ensureWritableFile(plan.folder + "/result.json", option: plan.folderOption)
        let tls = options.tlsCertificatePath.flatMap { cert in options.tlsKeyPath.map { (certificate: cert, key: $0) } }
        let server = try CoordinatorServer.start(host: options.listenHost, port: options.listenPort, board: board, tls: tls)
        self.server = server
        defer { server.stop() }
        log("listening on \(server.url); waiting for \(options.agents) agents")
        try waitForAgents(lifecycle)
        do { try lifecycle.prepare(source) } catch {
            board.cancel("setup failed")
            throw error
        }
        if let reason = lifecycle.stopReason {
            board.cancel(reason)
            throw RunnerError("the run was stopped before its load: \(reason)", kind: .runInvalid)
        }
        let started = Date()
        let startDelayNanos: UInt64 = 1_000_000_000  // agents poll every 100 ms: all hear of it well before
        let startAt = Int64((started.timeIntervalSince1970 * 1_000).rounded()) + Int64(startDelayNanos / 1_000_000)
        let globals = source.capturedGlobals
        let assignments = (0..<options.agents).map { index in
            AgentAssignment(runID: "\(source.info.contentHash)-\(startAt)", segment: LoadSegment(index: index, count: options.agents),
                            scenarioPath: scenarioPath, files: files, settings: fleetSettings, globals: globals,
                            startAtEpochMillis: startAt)
        }
        board.publish(assignments, startNanos: board.nowNanos + startDelayNanos)
        log("setup done; the load starts on \(options.agents) agents in 1 s")
        watch(until: plannedEnd(workloads) + startDelayNanos, lifecycle: lifecycle)
        let written = try collect(plan, lifecycle: lifecycle, started: started)
        return written
    }

    /// Waits until every agent registered; too few by the deadline, or a signal, ends the run with the reason.
    private func waitForAgents(_ lifecycle: RunLifecycle) throws {
        let deadline = DispatchTime.now().uptimeNanoseconds + options.agentsTimeoutNanos
        while !board.state.complete {
            if let reason = lifecycle.stopReason {
                board.cancel(reason)
                throw RunnerError("stopped while waiting for agents: \(reason)", kind: .unavailable)
            }
            if DispatchTime.now().uptimeNanoseconds > deadline {
                let joined = board.state.agents.count
                board.cancel("too few agents")
                throw RunnerError("only \(joined) of \(options.agents) agents registered within \(Int(options.agentsTimeoutNanos / 1_000_000_000)) s (--agents-timeout); start them with: crmbench agent --coordinator \(server?.url ?? "URL") --token …",
                                  kind: .unavailable)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// The longest the agents' load may take from the start, with room to stop and send results.
    private func plannedEnd(_ workloads: [LevelWorkload]) -> UInt64 {
        let load = workloads.map { $0.startAfterNanos + $0.config.durationNanos + $0.config.gracefulStopNanos }.max() ?? 0
        // A run bounded only by iterations has no planned length: allow it an hour, like a long run.
        return (workloads.contains { $0.config.durationNanos == 0 } ? 3_600_000_000_000 : load) + 30_000_000_000
    }

    /// Watches the fleet four times a second until every agent finished or was lost, or the deadline passed:
    /// names lost agents, applies `abortOnFail` to the fleet's figures, passes a signal on as a stop order.
    private func watch(until deadlineFromNowNanos: UInt64, lifecycle: RunLifecycle) {
        let deadline = DispatchTime.now().uptimeNanoseconds + deadlineFromNowNanos
        var loadStart: UInt64?
        while !board.state.settled {
            let now = DispatchTime.now().uptimeNanoseconds
            let state = board.state
            if loadStart == nil, let start = state.loadStartNanos, now >= start { loadStart = start }
            for case .lost(let agent, let host, let silent) in board.tick() {
                let after = loadStart.map { Double(now &- $0) / 1e9 } ?? 0
                let reason = "agent \(agent) (\(host)) lost after \(String(format: "%.1f", after)) s of load: no report for \(String(format: "%.1f", Double(silent) / 1e9)) s"
                log(reason + (options.abortOnAgentLoss ? "; stopping every agent (--on-agent-loss abort)" : "; the run goes on without it"))
                partialReasons.append(reason)
                if options.abortOnAgentLoss { board.requestStop(reason) }
            }
            if state.stopReason == nil {
                if let reason = lifecycle.stopReason {
                    board.requestStop(reason)
                    log("stopping every agent: \(reason)")
                } else if let snapshot = liveSnapshot(), let reason = abortReason(snapshot, latency: state.fleetLatency) {
                    board.requestStop(reason)
                    log("\(reason); stopping every agent")
                }
            }
            if now > deadline {
                log("agents did not finish by the planned end; ending the run without them")
                board.requestStop("the run passed its planned end")
                partialReasons.append("agents still running at the planned end")
                break
            }
            Thread.sleep(forTimeInterval: 0.25)
        }
    }

    /// Merges what the agents sent, judges the thresholds on the merge, runs teardown and writes the run folder.
    private func collect(_ plan: RunPlan, lifecycle: RunLifecycle, started: Date) throws -> RunPlan.Written {
        let state = board.state
        var results: [RunResult] = []
        var agents: [DistributedRecord.Agent] = []
        let loadStart = state.loadStartNanos ?? 0
        for (index, agent) in state.agents.enumerated() {
            var record = DistributedRecord.Agent(index: index, host: agent.hello.host, toolVersion: agent.hello.toolVersion,
                                                 cores: agent.hello.cores, state: agent.phase.rawValue)
            record.startSkewMillis = agent.final?.startSkewMillis ?? agent.report?.startSkewMillis
            if let lost = agent.lostAtNanos { record.lostAfterSeconds = Double(lost &- min(lost, loadStart)) / 1e9 }
            if let final = agent.final {
                do {
                    let result = try ResultCodec.decode(final.resultJSON)
                    results.append(result)
                    (record.connections, record.ratePerSecond) = (result.config.connections, result.config.ratePerSecond)
                    (record.requests, record.cpuSeconds) = (result.summary.overall.requests, result.generator.cpuSeconds)
                    let health = result.generator.warnings
                    (record.healthy, record.warnings) = (health.isEmpty, health.isEmpty ? nil : health)
                } catch {
                    log("agent \(index)'s result cannot be read: \(error)")
                    record.state = "lost"
                    partialReasons.append("agent \(index)'s result could not be read")
                }
            }
            agents.append(record)
        }
        lifecycle.finish()  // teardown once, here
        guard !results.isEmpty else {
            throw RunnerError("no agent delivered a result: " + (partialReasons.isEmpty ? "nothing was measured" : partialReasons.joined(separator: "; ")),
                              kind: .runInvalid)
        }
        let commandLine = CommandLineRedaction.redact(CommandLine.arguments)
        var merged: RunResult
        if results.count == 1 {
            merged = results[0]
            merged.meta.commandLine = commandLine
        } else {
            do { merged = try ResultMerger.merge(results, commandLine: commandLine) } catch {
                throw RunnerError("the agents' results cannot be merged: \(error)", kind: .runInvalid)
            }
        }
        merged.meta.name = source.info.name
        merged.meta.startTime = FileOutput.iso8601(started)
        merged.distributed = DistributedRecord(agents: agents, onAgentLoss: options.abortOnAgentLoss ? "abort" : "continue")
        let fleet = merged
        merged.thresholds = plan.judge(hasIterations: merged.scenario != nil) { try? ThresholdLookup(result: fleet) }
        // The agents' own stop reasons (the coordinator's order) and the fleet's: one partial reason.
        if let order = state.stopReason, !partialReasons.contains(order) { partialReasons.insert(order, at: 0) }
        if let reason = lifecycle.partialReason, !partialReasons.contains(reason) { partialReasons.insert(reason, at: 0) }
        if !partialReasons.isEmpty {
            merged.partial = true
            merged.partialReason = partialReasons.joined(separator: "; ")
        }
        let written = try RunFolderWriter.write(merged, to: plan.folder)
        if let failure = written.failure { log("warning: \(failure); the result was saved to \(written.folder) instead") }
        try plan.writeSummaryExport(merged)
        return RunPlan.Written(result: merged, folder: written.folder)
    }
}

import BenchCore
import Foundation
import LoadEngine
import Runner

/// The coordinator of a distributed run: waits for its agents, runs setup once, gives each agent its segment and
/// one start time, watches them live (one panel, `abortOnFail` on the fleet's figures, lost agents named within
/// 3 s), merges their results exactly, judges the thresholds on the merge, runs teardown once and writes one result.
/// A sweep or find-max does this level by level (`Coordinator+Levels.swift`).
public final class Coordinator {
    private let options: FleetOptions
    let source: ScenarioSource
    private let scenarioPath: String
    private let files: [String: Data]
    private let fleetSettings: FleetSettings
    let board: FleetBoard
    let log: @Sendable (String) -> Void
    private var server: CoordinatorServer?
    /// Why the run became partial (lost agents, a stop order), in the order it happened.
    var partialReasons: [String] = []
    /// Each agent's record so far, by agent number (each level of a sweep adds to it).
    private var records: [Int: DistributedRecord.Agent] = [:]

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

    /// Runs the whole distributed run and writes `plan.folder`: a run's one level (`.single`, the workloads the
    /// agents split) or a sweep's or find-max's levels, one after another over the same agents. `plan.thresholds`,
    /// `defaultThresholds` and `summaryExport` apply to the merged result; `onLevel` hears of each merged level.
    public func run(_ plan: RunPlan, in lifecycle: RunLifecycle,
                    onLevel: (SweepLevel, String?) -> Void = { _, _ in }) throws -> RunPlan.Written {
        try checkSplit(plan.shape)
        try FileOutput.ensureWritableFolder(plan.folder, option: plan.folderOption)
        try FileOutput.ensureWritableFile(plan.folder + "/result.json", option: plan.folderOption)
        let tls = options.tlsCertificatePath.flatMap { cert in options.tlsKeyPath.map { (certificate: cert, key: $0) } }
        let server = try CoordinatorServer.start(host: options.listenHost, port: options.listenPort, board: board, tls: tls)
        self.server = server
        defer { server.stop() }
        log("listening on \(server.url); waiting for \(options.agents) agents")
        try waitForAgents(lifecycle)
        guard case .single(let workloads) = plan.shape else { return try runLevels(plan, in: lifecycle, onLevel: onLevel) }
        do { try lifecycle.prepare(source) } catch {
            board.cancel("setup failed")
            throw error
        }
        if let reason = lifecycle.stopReason {
            board.cancel(reason)
            throw RunnerError("the run was stopped before its load: \(reason)", kind: .runInvalid)
        }
        let started = Date()
        runAgents(workloads, level: nil, lifecycle: lifecycle)
        let merged = try gather()
        lifecycle.finish()  // teardown once, here
        guard var merged else {
            throw RunnerError("no agent delivered a result: " + (partialReasons.isEmpty ? "nothing was measured" : partialReasons.joined(separator: "; ")),
                              kind: .runInvalid)
        }
        merged.meta.name = source.info.name
        merged.meta.startTime = FileOutput.iso8601(started)
        merged.distributed = distributedRecord
        let fleet = merged
        merged.thresholds = plan.judge(hasIterations: merged.scenario != nil) { try? ThresholdLookup(result: fleet) }
        // The agents' own stop reasons (the coordinator's order) and the fleet's: one partial reason.
        if let order = board.state.stopReason, !partialReasons.contains(order) { partialReasons.insert(order, at: 0) }
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

    /// Refuses a plan whose load cannot be split over the agents before anything starts: a run's workloads, every
    /// level of a sweep, a find-max's first probe (later probes are rates, split at any size).
    private func checkSplit(_ shape: RunPlan.Shape) throws {
        switch shape {
        case .single(let workloads): try Self.checkSplit(workloads, agents: options.agents)
        case .sweep(let levels, let open, _, let stepNanos, let threads):
            for level in levels {
                let workload = try LevelWorkload.level(level, open: open, stepNanos: stepNanos, threads: threads, of: source)
                try Self.checkSplit([workload], agents: options.agents)
            }
        case .findMax(let search, _, _, let stepNanos, let threads):
            guard case .probe(let rate) = search.first else { return }
            let workload = try LevelWorkload.level(rate, open: true, stepNanos: stepNanos, threads: threads, of: source)
            try Self.checkSplit([workload], agents: options.agents)
        }
    }

    /// Gives every agent still there its segment of `workloads` (a sweep's `level`, or the run's load as the
    /// settings give it) and one start time a second ahead, then watches them until each finished or was lost.
    func runAgents(_ workloads: [LevelWorkload], level: FleetLevel?, lifecycle: RunLifecycle) {
        let startDelayNanos: UInt64 = 1_000_000_000  // agents poll every 100 ms: all hear of it well before
        let startAt = Int64((Date().timeIntervalSince1970 * 1_000).rounded()) + Int64(startDelayNanos / 1_000_000)
        let globals = source.capturedGlobals
        // A lost agent takes no further part: the next level is split over those still there.
        let active = board.state.activeAgents
        var assignments: [Int: AgentAssignment] = [:]
        for (index, agent) in active.enumerated() {
            assignments[agent] = AgentAssignment(runID: "\(source.info.contentHash)-\(startAt)", segment: LoadSegment(index: index, count: active.count),
                                                 scenarioPath: scenarioPath, files: files, settings: fleetSettings, globals: globals,
                                                 startAtEpochMillis: startAt, level: level)
        }
        board.publish(assignments, startNanos: board.nowNanos + startDelayNanos, level: level?.index ?? 0)
        log((level == nil ? "setup done; the load" : "level \((level?.index ?? 0) + 1)") + " starts on \(active.count) agents in 1 s")
        watch(until: plannedEnd(workloads) + startDelayNanos, lifecycle: lifecycle)
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
                let level = lifecycle.currentLevel.map { " (\($0))" } ?? ""
                let reason = "agent \(agent) (\(host)) lost after \(String(format: "%.1f", after)) s of load\(level): no report for \(String(format: "%.1f", Double(silent) / 1e9)) s"
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

    /// Merges exactly what the agents delivered for the level just run (nil: nothing delivered) and adds each
    /// agent's part to its record: skew the largest of its levels, requests and CPU summed, lost for good once lost.
    func gather() throws -> RunResult? {
        let state = board.state
        var results: [RunResult] = []
        let loadStart = state.loadStartNanos ?? 0
        for (index, agent) in state.agents.enumerated() {
            if records[index]?.state == FleetMonitor.Phase.lost.rawValue { continue }  // lost at an earlier level
            var record = records[index] ?? DistributedRecord.Agent(index: index, host: agent.hello.host, toolVersion: agent.hello.toolVersion,
                                                                   cores: agent.hello.cores, state: agent.phase.rawValue)
            record.state = agent.phase.rawValue
            let skews = [record.startSkewMillis, agent.final?.startSkewMillis ?? agent.report?.startSkewMillis].compactMap { $0 }
            record.startSkewMillis = skews.max()
            if let lost = agent.lostAtNanos { record.lostAfterSeconds = Double(lost &- min(lost, loadStart)) / 1e9 }
            if let final = agent.final {
                do {
                    let result = try ResultCodec.decode(final.resultJSON)
                    results.append(result)
                    (record.connections, record.ratePerSecond) = (result.config.connections, result.config.ratePerSecond)
                    record.requests = (record.requests ?? 0) + result.summary.overall.requests
                    record.cpuSeconds = (record.cpuSeconds ?? 0) + result.generator.cpuSeconds
                    let earlier = record.warnings ?? []
                    let warnings = earlier + result.generator.warnings.filter { !earlier.contains($0) }
                    (record.healthy, record.warnings) = (record.healthy != false && result.generator.warnings.isEmpty, warnings.isEmpty ? nil : warnings)
                } catch {
                    log("agent \(index)'s result cannot be read: \(error)")
                    record.state = FleetMonitor.Phase.lost.rawValue
                    partialReasons.append("agent \(index)'s result could not be read")
                }
            }
            records[index] = record
        }
        let commandLine = CommandLineRedaction.redact(CommandLine.arguments)
        guard results.count > 1 else {
            var only = results.first
            only?.meta.commandLine = commandLine
            return only
        }
        do { return try ResultMerger.merge(results, commandLine: commandLine) } catch {
            throw RunnerError("the agents' results cannot be merged: \(error)", kind: .runInvalid)
        }
    }

    /// Every agent of the run as the result records it.
    var distributedRecord: DistributedRecord {
        DistributedRecord(agents: records.keys.sorted().compactMap { records[$0] }, onAgentLoss: options.abortOnAgentLoss ? "abort" : "continue")
    }
}

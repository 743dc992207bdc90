import BenchCore
import DataQuality
import Foundation
import LoadEngine
import Reports

/// What to run: a source (a URL or a scenario), the load (one level of one or more workloads, the levels of a
/// sweep, or the probes of a find-max), and where the result goes.
public struct RunPlan {
    /// The amount of load.
    public enum Shape {
        /// One level: the workloads run at the same time (`crmbench run`).
        case single([LevelWorkload])
        /// Closed (`vus`) or open (`rates`) levels, one after another, stopping early per the policy.
        case sweep(levels: [Double], open: Bool, policy: SweepPolicy, stepNanos: UInt64, threads: ThreadCount)
        /// Probes of arrival rates for the highest that meets the objective.
        case findMax(search: MaxRateSearch, objective: ServiceLevel, slo: String, stepNanos: UInt64, threads: ThreadCount)
    }

    public var source: LoadSource
    public var shape: Shape
    /// The run folder, and how messages name it (`--out` or `run folder`).
    public var folder: String
    public var folderOption: String
    /// Also write the summary as JSON here.
    public var summaryExport: String?
    /// Closed model: the expected-interval correction to add (0: each endpoint's mean latency).
    public var expectedIntervalMicros: UInt64?
    /// Thresholds of the command line (`--threshold`), judged with the scenario's.
    public var thresholds: [Threshold] = []
    /// Whether the default thresholds judge the metrics no threshold states (`--no-default-thresholds`: false).
    public var defaultThresholds = true
    /// Whether the run folder gets the reports besides result.json (an agent's temporary folder does not).
    public var writesReports = true
    /// `run --audit`: keep a write ledger in the run folder and read every declared write back after the load,
    /// this many reads at once; nil: no audit. `scenarioPath` is kept in the ledger for a later `crmbench audit`.
    public var auditConcurrency: Int?
    public var scenarioPath: String?
    /// Called with the result just before it is written (the live outputs stop there and add their report).
    public var beforeWrite: ((inout RunResult) -> Void)?
    /// Measures a level of a sweep or find-max in place of this process's engines (a distributed run's coordinator
    /// splits it over its agents and merges what they measured); nil: `RunLifecycle.runLevel`. Whatever measures
    /// it, the level is judged by the same loop.
    public var levelRunner: ((LevelStep) throws -> LevelOutput)?

    /// A plan; the folder is checked when it runs, before any load.
    public init(source: LoadSource, shape: Shape, folder: String, folderOption: String, summaryExport: String? = nil,
                expectedIntervalMicros: UInt64? = nil) {
        self.source = source
        self.shape = shape
        self.folder = folder
        self.folderOption = folderOption
        self.summaryExport = summaryExport
        self.expectedIntervalMicros = expectedIntervalMicros
    }

    /// What a run wrote: its result and the folder that holds it (a fallback one when the run folder failed).
    public struct Written {
        public var result: RunResult
        public var folder: String

        /// What a run wrote to `folder`.
        public init(result: RunResult, folder: String) {
            self.result = result
            self.folder = folder
        }
    }

    /// Checks the outputs, then runs the whole lifecycle (setup, every level, teardown) and writes the run folder.
    /// `onLevel` hears of each level of a sweep or find-max as it ends, with a note on it.
    public func execute(in lifecycle: RunLifecycle, onLevel: (SweepLevel, String?) -> Void = { _, _ in }) throws -> Written {
        let needed = OutputCheck.estimatedRunBytes(endpoints: source.info.endpointNames.count, durationSeconds: plannedSeconds)
        try FileOutput.ensureWritableFolder(folder, option: folderOption, requiredBytes: needed)
        try FileOutput.ensureWritableFile(folder + "/result.json", option: folderOption)
        if let summaryExport { try FileOutput.ensureWritableFile(summaryExport, option: "--summary-export") }
        var ledger: WriteLedger?
        if auditConcurrency != nil, case .single = shape {
            ledger = try AuditRun.attachLedger(to: source, folder: folder, scenarioPath: scenarioPath)
        }
        try lifecycle.prepare(source)
        defer { lifecycle.finish() }
        switch shape {
        case .single(let workloads):
            return try runSingle(workloads, in: lifecycle, ledger: ledger)
        case .sweep(let levels, let open, let policy, let stepNanos, let threads):
            return try runLevels(SweepSequence(levels: levels, open: open, policy: policy), stepNanos: stepNanos,
                                 threads: threads, in: lifecycle, onLevel: onLevel)
        case .findMax(let search, let objective, let slo, let stepNanos, let threads):
            return try runLevels(FindMaxSequence(search: search, objective: objective, slo: slo), stepNanos: stepNanos,
                                 threads: threads, in: lifecycle, onLevel: onLevel)
        }
    }

    /// How long one level of a sweep or find-max runs (for the live panel); the whole run for a single level.
    public var levelSeconds: Double {
        switch shape {
        case .single: return plannedSeconds
        case .sweep(_, _, _, let stepNanos, _), .findMax(_, _, _, let stepNanos, _): return Double(stepNanos) / 1e9
        }
    }

    /// The longest the load may take, for the outputs' size: a sweep's or find-max's every level.
    var plannedSeconds: Double {
        switch shape {
        case .single(let workloads):
            return workloads.map { Double($0.startAfterNanos + $0.config.durationNanos) / 1e9 }.max() ?? 0
        case .sweep(let levels, _, _, let stepNanos, _): return Double(levels.count) * Double(stepNanos) / 1e9
        case .findMax(let search, _, _, let stepNanos, _): return Double(search.maxProbes) * Double(stepNanos) / 1e9
        }
    }

    private func runSingle(_ workloads: [LevelWorkload], in lifecycle: RunLifecycle, ledger: WriteLedger?) throws -> Written {
        let measured = try lifecycle.runLevel(workloads)
        let output = measured.output
        // Before teardown, which may delete what the load wrote.
        let dataQuality = ledger.flatMap {
            AuditRun.audit(ledger: $0, source: source, folder: folder, concurrency: auditConcurrency ?? 8, tell: lifecycle.tell)
        }
        let info = source.info
        var record = info.record(for: workloads[0].config)
        if workloads.count > 1 {
            record.model = .mixed
            record.ratePerSecond = nil
            record.connections = workloads.reduce(0) { $0 + $1.config.connections }
        }
        var scenario = lifecycle.results(for: output)
        if workloads.count > 1, var flows = scenario?.flows {
            // Each workload's seconds count from its own start: their flows' windows would not line up.
            for i in flows.indices { flows[i].windows = nil }
            scenario?.flows = flows
        }
        lifecycle.finish()
        let meta = RunMetadata.thisRun(name: info.name, target: info.target, started: lifecycle.started,
                                       durationSeconds: output.durationSeconds, secretValues: info.secretValues)
        var result = output.result(meta: meta, config: record, scenario: scenario, partialReason: lifecycle.partialReason,
                                   expectedIntervalMicros: record.model == .closed ? expectedIntervalMicros : nil)
        result.server = measured.server
        result.dataQuality = dataQuality
        result.thresholds = judge(output, dataQuality: dataQuality)
        result.failures = lifecycle.failureCauses()
        if result.partial, output.abortedRequests > 0, let reason = result.partialReason {
            result.partialReason = reason + "; \(output.abortedRequests) requests in flight were aborted"
        }
        return try write(&result, lifecycle: lifecycle)
    }

    /// The verdicts of the scenario's, the command line's and the default thresholds on what a run measured.
    func judge(_ output: EngineOutput, dataQuality: DataQualityResult? = nil) -> [ThresholdRecord]? {
        let tally = source.tally()
        return judge(hasIterations: tally != nil) {
            var lookup = ThresholdLookup(overall: output.overall, endpoints: output.endpoints, tally: tally,
                                         durationSeconds: output.durationSeconds)
            lookup.dataQuality = dataQuality
            return lookup
        }
    }

    /// The verdicts of the scenario's, the command line's and the default thresholds on the figures `lookup` gives
    /// (built only when some threshold applies; nil figures: nothing judged). A distributed run's coordinator
    /// judges its merged result with it.
    public func judge(hasIterations: Bool, lookup: () -> ThresholdLookup?) -> [ThresholdRecord]? {
        let policy = ThresholdPolicy(scenario: source.thresholds, commandLine: thresholds, defaults: defaultThresholds,
                                     hasIterations: hasIterations)
        guard !policy.entries.isEmpty, let figures = lookup() else { return nil }
        return policy.judge(figures.value)
    }

    /// Writes `--summary-export`, when asked for.
    public func writeSummaryExport(_ result: RunResult) throws {
        guard let summaryExport else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try FileOutput.writeAtomically(try encoder.encode(SummaryExport(result)), to: summaryExport)
    }

    /// Writes the run folder (and the summary export); a signal that came while writing marks the result partial
    /// and it is written again, so the folder always says what happened.
    private func write(_ result: inout RunResult, lifecycle: RunLifecycle) throws -> Written {
        beforeWrite?(&result)
        var written = RunFolderWriter.Written(folder: folder, failure: nil)
        for attempt in 0..<2 {
            written = try RunFolderWriter.write(result, to: folder, reports: writesReports)
            try writeSummaryExport(result)
            guard attempt == 0, !result.partial, let reason = lifecycle.partialReason, reason.hasPrefix("interrupted") else { break }
            result.partial = true
            result.partialReason = reason
        }
        if let failure = written.failure { lifecycle.tell(.warning("\(failure); the result was saved to \(written.folder) instead")) }
        return Written(result: result, folder: written.folder)
    }

    /// The one loop of sweep and find-max: a level, judged, then the next, until the sequence ends, stops early or
    /// the run is asked to stop (a level cut short is kept but not judged).
    private func runLevels<Sequence: LevelSequence>(_ levels: Sequence, stepNanos: UInt64, threads: ThreadCount,
                                                    in lifecycle: RunLifecycle,
                                                    onLevel: (SweepLevel, String?) -> Void) throws -> Written {
        var sequence = levels
        var done: [SweepLevel] = []
        var combined: EngineOutput?
        var stoppedEarly: String?
        var lastConfig: EngineConfiguration?
        var next = sequence.first
        let info = source.info
        while let level = next {
            if let reason = lifecycle.stopReason { stoppedEarly = reason; break }
            let workload = try LevelWorkload.level(level, open: sequence.open, stepNanos: stepNanos, threads: threads, of: source)
            let config = workload.config
            lastConfig = config
            lifecycle.currentLevel = "level \(done.count + 1): " + NumberText.short(level) + (sequence.open ? "/s" : " VUs")
            let levelStep = LevelStep(index: done.count, level: level, open: sequence.open, stepNanos: stepNanos, workloads: [workload])
            let measured = try levelRunner?(levelStep) ?? lifecycle.runLevel(levelStep.workloads)
            guard measured.started else { stoppedEarly = lifecycle.stopReason; break }
            let output = measured.output
            // `followed(by:)` starts a level one second after the last second so far: the level's place on the time axis.
            let startSecond = combined.map { ($0.timeSeries.last?.second ?? -1) + 1 } ?? 0
            combined = combined.map { $0.followed(by: output) } ?? output
            let health = measured.health ?? output.generatorHealth(openModel: sequence.open, ratePerSecond: sequence.open ? level : nil,
                                                                   maxInFlight: config.connections)
            var measuredLevel = SweepLevel(level: level, durationSeconds: output.durationSeconds,
                                           summary: EndpointSummary(metrics: output.overall, durationSeconds: output.durationSeconds),
                                           server: measured.server, generatorHealthy: health.measuringTarget)
            measuredLevel.generatorCauses = health.causes
            measuredLevel.startSecond = startSecond
            if sequence.open {
                let seconds = Double(stepNanos) / 1e9
                measuredLevel.sentRatePerSecond = seconds > 0 ? Double(output.requests) / seconds : nil
                measuredLevel.sentAskedRate = MaxRateSearch.sentAskedRate(askedPerSecond: level, sentRequests: output.requests,
                                                                          seconds: seconds)
            }
            if let reason = output.stopReason {
                // Cut short: its figures cover only part of the step, so it is kept but not judged.
                done.append(measuredLevel)
                onLevel(measuredLevel, sequence.note(on: measuredLevel))
                stoppedEarly = reason
                break
            }
            let step = sequence.next(after: &measuredLevel, done: done + [measuredLevel])
            done.append(measuredLevel)
            onLevel(measuredLevel, sequence.note(on: measuredLevel))
            next = step.next
            if let reason = step.stoppedEarly { stoppedEarly = reason }
        }
        if combined == nil, let reason = lifecycle.stopReason, let first = sequence.first {
            // Stopped before the first level: the result says so, with nothing measured.
            combined = .empty(endpointNames: info.endpointNames, stopReason: reason)
            lastConfig = try LoadSettings.level(first, open: sequence.open, stepNanos: stepNanos, threads: threads, client: info.client)
        }
        guard let combined, let lastConfig else { throw RunnerError("no level was run", kind: .usage) }
        let sweep = sequence.results(levels: done, stoppedEarly: stoppedEarly)
        var record = info.record(for: lastConfig)
        record.model = sequence.open ? .open : .closed
        let meta = RunMetadata.thisRun(name: info.name, target: info.target, started: lifecycle.started,
                                       durationSeconds: combined.durationSeconds, secretValues: info.secretValues)
        // A signal between levels ends the sweep as surely as one during a level.
        let reason = lifecycle.partialReason ?? combined.stopReason
        let interrupted = reason?.hasPrefix("interrupted") == true ? reason : nil
        var result = combined.result(meta: meta, config: record, partialReason: interrupted)
        result.failures = lifecycle.failureCauses()
        if interrupted == nil { result.partial = false; result.partialReason = nil }
        result.sweep = sweep
        lifecycle.finish()
        return try write(&result, lifecycle: lifecycle)
    }
}

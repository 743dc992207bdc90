import ArgumentParser
import BenchCore
import Foundation
import LoadEngine
import Reports

/// Runs an engine with signals trapped and progress shown, then writes the run folder and prints the summary.
struct RunExecutor {
    var name: String
    var target: String
    var quiet: Bool
    var out: String?
    var summaryExport: String?
    var plannedSeconds: Double
    var targetRate: Double?
    /// Closed model: the expected-interval correction to add (0: each endpoint's mean latency).
    var expectedIntervalMicros: UInt64? = nil

    /// Runs a plan with a configuration, writes `result.json` and the reports, prints the summary; returns the exit code.
    func execute(plan: RunPlan, config: EngineConfiguration) throws -> ExitCode {
        try execute(plan: plan, workloads: [(config, 0)])
    }

    /// Runs one engine per workload at the same time (each from its start offset), then merges what they measured.
    func execute(plan: RunPlan, workloads: [(config: EngineConfiguration, startAfterNanos: UInt64)]) throws -> ExitCode {
        guard let primary = workloads.first?.config else { throw CLIFailure(message: "nothing to run", code: ExitCodes.usage) }
        let started = Date()
        let folder = out ?? FileOutput.defaultRunFolder(name: name, date: started)
        try FileOutput.ensureWritableFolder(folder, option: out == nil ? "run folder" : "--out")
        if let summaryExport { try FileOutput.ensureWritableFile(summaryExport, option: "--summary-export") }
        try plan.prepare(workers: primary.threads)
        if let problem = HTTPClientInfo.knownProblem(client: primary.client, target: plan.target) {
            FileHandle.standardError.write(Data("crmbench: warning: \(problem)\n".utf8))
        }
        let before = plan.scrapeServer()
        let engines = workloads.map { Engine(configuration: $0.config, endpointNames: plan.endpointNames) }
        let controls = engines.map { $0.makeControl() }
        let group = ControlGroup(controls)
        plan.onStopRequest = { group.requestStop(reason: $0) }
        let trap = SignalTrap(group: group, quiet: quiet)
        let progress = quiet ? nil : ProgressPrinter(control: controls[0], plannedSeconds: plannedSeconds, targetRate: targetRate)
        let watchdog = AbortWatch(control: controls[0], plan: plan, group: group)
        let box = WorkloadOutputs(count: engines.count)
        let done = DispatchGroup()
        for (index, engine) in engines.enumerated() {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                // Later workloads wait for their start, unless the run is stopped meanwhile.
                let startAt = Date().addingTimeInterval(Double(workloads[index].startAfterNanos) / 1e9)
                while Date() < startAt && !controls[index].stopRequested { Thread.sleep(forTimeInterval: 0.02) }
                do {
                    let fresh = index == 0 ? controls[0] : engine.makeControl()
                    if index > 0 { group.replace(index, with: fresh) }
                    let threads = workloads[index].config.threads
                    // A single engine is the run's one workload (all flows when the command line replaced several).
                    let output = try engine.run(control: fresh) {
                        workloads.count == 1 ? plan.makeDriver(worker: $0, workers: threads)
                            : plan.makeDriver(worker: $0, workers: threads, workload: index)
                    }
                    box.set(index, output)
                } catch {
                    box.fail(error)
                    group.requestStop(reason: "workload \(index) could not run")
                }
            }
            thread.start()
        }
        done.wait()
        progress?.stop()
        watchdog.stop()
        trap.cancel()
        let (outputs, failure) = box.contents
        if let failure { throw CLIFailure(message: "\(failure)", code: ExitCodes.runInvalid) }
        guard var output = outputs[0] else { throw CLIFailure(message: "the first workload did not run", code: ExitCodes.runInvalid) }
        for index in outputs.indices.dropFirst() {
            if let other = outputs[index] {
                output = output.combined(with: other, offsetSeconds: Int(workloads[index].startAfterNanos / 1_000_000_000))
            }
        }
        let config = primary
        let (scenarioResults, _) = plan.finish(output)
        let after = before == nil ? nil : plan.scrapeServer()
        let meta = RunMetadata.thisRun(name: name, target: target, started: started, durationSeconds: output.durationSeconds,
                                       secretValues: plan.secretValues)
        var record = plan.record(for: config)
        if workloads.count > 1 {
            record.model = "mixed"
            record.ratePerSecond = nil
            record.connections = workloads.reduce(0) { $0 + $1.config.connections }
        }
        var result = output.result(meta: meta, config: record, scenario: scenarioResults,
                                   expectedIntervalMicros: record.model == "closed" ? expectedIntervalMicros : nil)
        if let before, let after {
            result.server = after.demands(since: before, completions: output.requests, seconds: output.durationSeconds)
        }
        if result.partial, output.abortedRequests > 0, let reason = result.partialReason {
            result.partialReason = reason + "; \(output.abortedRequests) requests in flight were aborted"
        }
        try RunFolderWriter.write(result, to: folder)
        if let summaryExport {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try FileOutput.writeAtomically(try encoder.encode(SummaryExport(result)), to: summaryExport)
        }
        if !quiet {
            print(TerminalSummary.render(result), terminator: "")
            print("\nresults: \(folder)/result.json")
            if FileManager.default.fileExists(atPath: folder + "/report.html") { print("report:  \(folder)/report.html") }
        }
        // One verdict for the exit code and junit.xml: the thresholds' outcome is in the result.
        let verdict = RunVerdict(result)
        switch verdict {
        case .feederExhausted, .nothingReceived:
            FileHandle.standardError.write(Data("crmbench: \(verdict.problem ?? "nothing was measured")\n".utf8))
        case .passed, .thresholdsFailed, .abortedOnThreshold, .interrupted:
            break
        }
        return ExitCodes.code(for: verdict)
    }
}

/// Writes a run folder: `result.json` first (atomically), then the reports rendered from it.
enum RunFolderWriter {
    static func write(_ result: RunResult, to folder: String) throws {
        do {
            try FileOutput.writeAtomically(try ResultCodec.encode(result), to: folder + "/result.json")
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure(message: "cannot write \(folder)/result.json: \(FileOutput.reason(error))",
                             code: ExitCodes.cannotCreateOutput)
        }
        try ReportWriter.writeReports(for: result, to: folder)
    }
}

/// Renders the reports of a result into its folder: report.html, summary.md, timeseries.csv, junit.xml.
enum ReportWriter {
    static func writeReports(for result: RunResult, to folder: String) throws {
        for (file, text) in ReportSet.render(result) {
            try FileOutput.writeAtomically(text, to: folder + "/" + file)
        }
    }
}

/// Facts about this machine for the result's metadata.
enum MachineProbe {
    static func current() -> MachineInfo {
        let info = ProcessInfo.processInfo
        return MachineInfo(cores: info.activeProcessorCount, os: info.operatingSystemVersionString, hostname: info.hostName)
    }
}

/// What the workload threads hand back, behind a lock.
final class WorkloadOutputs: @unchecked Sendable {
    private let lock = NSLock()
    private var outputs: [EngineOutput?]
    private var failure: Error?

    init(count: Int) { outputs = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ output: EngineOutput) { lock.lock(); outputs[index] = output; lock.unlock() }
    func fail(_ error: Error) { lock.lock(); failure = failure ?? error; lock.unlock() }
    var contents: ([EngineOutput?], Error?) { lock.lock(); defer { lock.unlock() }; return (outputs, failure) }
}

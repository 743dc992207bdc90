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

    /// Runs a plan with a configuration, writes `result.json` and the reports, prints the summary; returns the exit code.
    func execute(plan: RunPlan, config: EngineConfiguration) throws -> ExitCode {
        let engine = Engine(configuration: config, endpointNames: plan.endpointNames)
        try plan.prepare(workers: config.threads)
        let before = plan.scrapeServer()
        let control = engine.makeControl()
        plan.onStopRequest = { control.requestStop(reason: $0) }
        let trap = SignalTrap(control: control, quiet: quiet)
        let progress = quiet ? nil : ProgressPrinter(control: control, plannedSeconds: plannedSeconds, targetRate: targetRate)
        let watchdog = AbortWatch(control: control, plan: plan)
        let started = Date()
        let output: EngineOutput
        do {
            output = try engine.run(control: control) { plan.makeDriver(worker: $0, workers: config.threads) }
        } catch {
            progress?.stop()
            watchdog.stop()
            trap.cancel()
            throw CLIFailure(message: "\(error)", code: ExitCodes.runInvalid)
        }
        progress?.stop()
        watchdog.stop()
        trap.cancel()
        let (scenarioResults, thresholdsPassed) = plan.finish(output)
        let after = before == nil ? nil : plan.scrapeServer()
        let meta = RunMetadata(toolVersion: BenchCore.toolVersion, curlVersion: HTTPClientInfo.curlVersion,
                               commandLine: CommandLine.arguments.map { HeaderRedaction.redact($0) }, name: name,
                               startTime: FileOutput.iso8601(started), endTime: FileOutput.iso8601(Date()),
                               durationSeconds: output.durationSeconds, machine: MachineProbe.current(), target: target)
        var result = output.result(meta: meta, config: plan.record(for: config), scenario: scenarioResults)
        if let before, let after {
            result.server = after.demands(since: before, completions: output.requests, seconds: output.durationSeconds)
        }
        let folder = out ?? FileOutput.defaultRunFolder(name: name, date: started)
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
        if result.partial {
            if result.partialReason?.contains("abortOnFail") == true { return ExitCodes.thresholdsFailed }
            if let exhausted = result.scenario?.feederExhausted {
                FileHandle.standardError.write(Data("crmbench: the run ended early: feeder '\(exhausted)' ran out of unique rows\n".utf8))
                return ExitCodes.runInvalid
            }
            return ExitCodes.interrupted
        }
        if output.requests == 0 { 
            FileHandle.standardError.write(Data("crmbench: no request completed: nothing was measured\n".utf8))
            return ExitCodes.runInvalid
        }
        return thresholdsPassed ? ExitCodes.success : ExitCodes.thresholdsFailed
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
            throw CLIFailure(message: "cannot write \(folder)/result.json: \(error)", code: ExitCodes.unreadableInput)
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

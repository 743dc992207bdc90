import ArgumentParser
import BenchCore
import Foundation
import LoadEngine
import Reports

/// `crmbench find-max`: the highest arrival rate that still meets an SLO, with the evidence of each probe.
struct FindMaxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find-max",
        abstract: "Search for the highest arrival rate that meets an SLO (ramp, then bisection).",
        discussion: "Example: crmbench find-max scenarios/browse.yaml --target http://127.0.0.1:8080 --slo 'p99<300ms,errors<1%'"
    )

    @OptionGroup var target: TargetOptions
    @Option(help: "The objective, e.g. 'p99<300ms,errors<1%'.") var slo: String
    @Option(parsing: .unconditional, help: "First rate to probe (arrivals per second, above 0 and at most 10000000).")
    var start: Double = 50
    @Option(parsing: .unconditional, help: "Duration of each probe.") var step = "10s"
    @Option(parsing: .unconditional, help: "Most probes to run (1 to 50).") var maxProbes: Int = 12
    @Option(parsing: .unconditional, help: "Stop bisecting when the bracket is within this fraction (0.001 to 0.5).")
    var precision: Double = 0.05
    @Option(parsing: .unconditional, help: "Worker threads (1 to 256).") var threads: Int = 1
    @Option(help: "Run folder (default results/<timestamp>-find-max-<name>).") var out: String?
    @Flag(help: "Print nothing but errors.") var quiet = false

    func validate() throws {
        do { _ = try ServiceLevel(parsing: slo) } catch { throw ValidationError("--slo: \(error)") }
        if let problem = InputLimits.rateProblem(start, option: "--start") { throw ValidationError(problem) }
        if let problem = InputLimits.durationProblem(step, option: "--step") { throw ValidationError(problem) }
        if !(precision >= 0.001 && precision <= 0.5) { throw ValidationError("--precision must be between 0.001 and 0.5 (got \(precision))") }
        if threads < 1 || threads > 256 { throw ValidationError("--threads must be between 1 and 256 (got \(threads))") }
        if maxProbes < 1 || maxProbes > 50 { throw ValidationError("--max-probes must be between 1 and 50") }
    }

    func run() throws {
        do {
            let objective = try ServiceLevel(parsing: slo)
            let plan = try target.makePlan()
            let folder = out ?? FileOutput.defaultRunFolder(name: "find-max-" + plan.name)
            try FileOutput.ensureWritableFolder(folder, option: out == nil ? "run folder" : "--out")
            let runner = LevelRunner(plan: plan, threads: threads, stepNanos: DurationText.nanos(step) ?? 10_000_000_000, quiet: quiet)
            var search = MaxRateSearch(startRatePerSecond: start, precision: precision, maxProbes: maxProbes)
            var next = search.first
            var probes: [SweepLevel] = []
            var combined: EngineOutput?
            var interrupted = false
            while case .probe(let rate) = next {
                // The ramp doubles: past the highest rate the engine takes, the search ends with what it found.
                if rate > InputLimits.maxRatePerSecond {
                    next = .done(maxRatePerSecond: search.highestPassing)
                    break
                }
                var (output, level) = try runner.run(level: rate, open: true)
                let verdict = objective.evaluate(level.summary)
                // A generator that could not keep up measured itself: that probe does not meet the SLO. An
                // interrupted probe is not judged at all: its figures cover only part of the step.
                level.metSLO = output.stopReason != nil ? nil : verdict.met && level.generatorHealthy
                probes.append(level)
                combined = combined.map { $0.followed(by: output) } ?? output
                if !quiet {
                    let note = output.stopReason != nil ? "interrupted, not judged"
                        : level.metSLO == true ? "meets SLO" : "misses SLO" + (verdict.reason.map { ": \($0)" } ?? ": generator-bound")
                    FileHandle.standardError.write(Data((LevelRunner.line(level, open: true) + "  → " + note + "\n").utf8))
                }
                if output.stopReason != nil { interrupted = true; break }
                next = search.record(met: level.metSLO == true)
            }
            guard let combined else { throw CLIFailure(message: "no probe was run", code: ExitCodes.usage) }
            var maxRate: Double?
            if case .done(let found) = next { maxRate = found } else { maxRate = search.highestPassing }
            let sweep = SweepResults(dimension: "rate", levels: probes.sorted { $0.level < $1.level },
                                     stoppedEarly: interrupted ? combined.stopReason : nil, maxRatePerSecond: maxRate, slo: slo)
            let result = try runner.writeResult(combined, sweep: sweep, folder: folder, open: true)
            if !quiet {
                print(TerminalSummary.render(result), terminator: "")
                print(SweepText.render(sweep))
                print("\nresults: \(folder)/result.json")
            }
            let verdict = RunVerdict(result)
            if case .nothingReceived = verdict { FileHandle.standardError.write(Data("crmbench: \(verdict.problem ?? "")\n".utf8)) }
            throw ExitCodes.code(for: verdict)
        } catch let failure as CLIFailure {
            FileHandle.standardError.write(Data("crmbench: \(failure.message)\n".utf8))
            throw failure.code
        }
    }
}

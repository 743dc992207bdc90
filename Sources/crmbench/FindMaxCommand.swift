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
    @Option(help: "First rate to probe (arrivals per second).") var start: Double = 50
    @Option(help: "Duration of each probe.") var step = "10s"
    @Option(help: "Most probes to run.") var maxProbes: Int = 12
    @Option(help: "Stop bisecting when the bracket is within this fraction.") var precision: Double = 0.05
    @Option(help: "Worker threads.") var threads: Int = 1
    @Option(help: "Run folder (default results/<timestamp>-find-max-<name>).") var out: String?
    @Flag(help: "Print nothing but errors.") var quiet = false

    func validate() throws {
        do { _ = try ServiceLevel(parsing: slo) } catch { throw ValidationError("--slo: \(error)") }
        if !(start > 0 && start.isFinite) { throw ValidationError("--start must be a positive rate") }
        if DurationText.nanos(step) == nil { throw ValidationError("--step '\(step)' is not a duration") }
        if maxProbes < 1 || maxProbes > 50 { throw ValidationError("--max-probes must be between 1 and 50") }
    }

    func run() throws {
        do {
            let objective = try ServiceLevel(parsing: slo)
            let plan = try target.makePlan()
            let runner = LevelRunner(plan: plan, threads: threads, stepNanos: DurationText.nanos(step) ?? 10_000_000_000, quiet: quiet)
            var search = MaxRateSearch(startRatePerSecond: start, precision: precision, maxProbes: maxProbes)
            var next = search.first
            var probes: [SweepLevel] = []
            var combined: EngineOutput?
            var interrupted = false
            while case .probe(let rate) = next {
                var (output, level) = try runner.run(level: rate, open: true)
                let verdict = objective.evaluate(level.summary)
                // A generator that could not keep up measured itself: that probe does not meet the SLO.
                level.metSLO = verdict.met && level.generatorHealthy
                probes.append(level)
                combined = combined.map { $0.followed(by: output) } ?? output
                if !quiet {
                    let note = level.metSLO == true ? "meets SLO" : "misses SLO" + (verdict.reason.map { ": \($0)" } ?? ": generator-bound")
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
            let folder = out ?? FileOutput.defaultRunFolder(name: "find-max-" + plan.name)
            let result = try runner.writeResult(combined, sweep: sweep, folder: folder, open: true)
            if !quiet {
                print(TerminalSummary.render(result), terminator: "")
                print(SweepText.render(sweep))
                print("\nresults: \(folder)/result.json")
            }
            throw interrupted ? ExitCodes.interrupted : (maxRate == nil ? ExitCodes.thresholdsFailed : ExitCodes.success)
        } catch let failure as CLIFailure {
            FileHandle.standardError.write(Data("crmbench: \(failure.message)\n".utf8))
            throw failure.code
        }
    }
}

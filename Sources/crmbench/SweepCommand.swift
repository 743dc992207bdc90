import ArgumentParser
import BenchCore
import Foundation
import LoadEngine
import Reports

/// `crmbench sweep`: one step per load level, each with its own summary and the server's demands, stopping once
/// errors or latency pass a limit or throughput stops rising. Its result is what `plan` fits.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a capacity sweep over load levels (virtual users or arrival rates).",
        discussion: """
        Examples:
          crmbench sweep scenarios/browse.yaml --target http://127.0.0.1:8080 --vus 1,2,4,8,16,32,64 --step 15s
          crmbench sweep --url http://127.0.0.1:8080/healthz --rates 100,200,400,800 --step 10s
        """
    )

    @OptionGroup var target: TargetOptions
    @Option(help: "Closed-model levels: whole numbers of virtual users, comma-separated, increasing.") var vus: String?
    @Option(help: "Open-model levels: arrivals per second, comma-separated, increasing.") var rates: String?
    @Option(parsing: .unconditional, help: "Duration of each level.") var step = "15s"
    @Option(parsing: .unconditional, help: "Stop once a level's error rate passes this (e.g. 5%).") var maxErrors = "5%"
    @Option(parsing: .unconditional, help: "Stop once a level's p99 passes this (e.g. 2s).") var maxP99: String?
    @Flag(help: "Run every level even past saturation.") var noEarlyStop = false
    @Option(parsing: .unconditional, help: "Worker threads (1 to 256).") var threads: Int = 1
    @Option(help: "Run folder (default results/<timestamp>-sweep-<name>).") var out: String?
    @Flag(help: "Print nothing but errors.") var quiet = false

    func validate() throws {
        if (vus == nil) == (rates == nil) { throw ValidationError("give exactly one of --vus or --rates") }
        if let vus, case .failure(let problem) = InputLimits.levels(vus, integers: true, option: "--vus") {
            throw ValidationError(problem.description)
        }
        if let rates, case .failure(let problem) = InputLimits.levels(rates, integers: false, option: "--rates") {
            throw ValidationError(problem.description)
        }
        if let problem = InputLimits.durationProblem(step, option: "--step") { throw ValidationError(problem) }
        if threads < 1 || threads > 256 { throw ValidationError("--threads must be between 1 and 256 (got \(threads))") }
        if PercentText.fraction(maxErrors) == nil { throw ValidationError("--max-errors must be a percentage like 5%") }
        if let maxP99, let problem = InputLimits.durationProblem(maxP99, option: "--max-p99") { throw ValidationError(problem) }
    }

    func run() throws {
        do {
            let plan = try target.makePlan()
            let folder = out ?? FileOutput.defaultRunFolder(name: "sweep-" + plan.name)
            try FileOutput.ensureWritableFolder(folder, option: out == nil ? "run folder" : "--out")
            let levels = (try? InputLimits.levels(vus ?? rates ?? "", integers: vus != nil, option: "levels").get()) ?? []
            var policy = SweepPolicy(maxErrorRate: PercentText.fraction(maxErrors) ?? 0.05,
                                     maxP99Micros: maxP99.flatMap(DurationText.nanos).map { Double($0) / 1_000 })
            if noEarlyStop { policy.levelsWithoutGain = Int.max / 2 }
            let runner = LevelRunner(plan: plan, threads: threads, stepNanos: DurationText.nanos(step) ?? 15_000_000_000,
                                     quiet: quiet)
            var done: [SweepLevel] = []
            var combined: EngineOutput?
            var stopped: String?
            for (index, level) in levels.enumerated() {
                let (output, level) = try runner.run(level: level, open: rates != nil)
                combined = combined.map { $0.followed(by: output) } ?? output
                done.append(level)
                if !quiet { FileHandle.standardError.write(Data((LevelRunner.line(level, open: rates != nil) + "\n").utf8)) }
                if let reason = output.stopReason { stopped = reason; break }
                if index < levels.count - 1, let reason = policy.stopReason(after: done) { stopped = reason; break }
            }
            guard let combined else { throw CLIFailure(message: "no level was run", code: ExitCodes.usage) }
            let sweep = SweepResults(dimension: rates != nil ? "rate" : "vus", levels: done, stoppedEarly: stopped)
            let result = try runner.writeResult(combined, sweep: sweep, folder: folder, open: rates != nil)
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

/// `5%` → 0.05.
enum PercentText {
    static func fraction(_ text: String) -> Double? {
        guard text.hasSuffix("%"), let value = Double(text.dropLast()), value >= 0, value <= 100 else { return nil }
        return value / 100
    }
}

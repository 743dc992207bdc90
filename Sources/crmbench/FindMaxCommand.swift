import ArgumentParser
import BenchCore
import Runner

/// `crmbench find-max`: the highest arrival rate that still meets an SLO, with the evidence of each probe.
struct FindMaxCommand: RunnerCommand {
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
    @OptionGroup var level: LevelOptions

    func validate() throws {
        do { _ = try ServiceLevel(parsing: slo) } catch { throw ValidationError("--slo: \(error)") }
        if let problem = InputLimits.rateProblem(start, option: "--start") { throw ValidationError(problem) }
        if let problem = InputLimits.durationProblem(step, option: "--step") { throw ValidationError(problem) }
        if !(precision >= 0.001 && precision <= 0.5) { throw ValidationError("--precision must be between 0.001 and 0.5 (got \(precision))") }
        if maxProbes < 1 || maxProbes > 50 { throw ValidationError("--max-probes must be between 1 and 50") }
        try level.checkFleet(scenario: target.scenario)
    }

    func execute() throws -> ExitCode {
        let objective: ServiceLevel
        do { objective = try ServiceLevel(parsing: slo) } catch { throw RunnerError("--slo: \(error)", kind: .usage) }
        let shape = RunPlan.Shape.findMax(search: MaxRateSearch(startRatePerSecond: start, precision: precision, maxProbes: maxProbes),
                                          objective: objective, slo: slo,
                                          stepNanos: DurationText.nanos(step) ?? 10_000_000_000, threads: ThreadCount(level.threads) ?? .auto)
        return try level.execute(target: target, shape: shape, folderPrefix: "find-max-", open: true)
    }
}

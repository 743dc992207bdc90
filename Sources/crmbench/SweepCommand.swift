import ArgumentParser
import BenchCore
import Runner

/// `crmbench sweep`: one step per load level, each with its own summary and the server's demands, stopping once
/// errors or latency pass a limit or throughput stops rising. Its result is what `plan` fits.
struct SweepCommand: RunnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a capacity sweep over load levels (virtual users or arrival rates).",
        discussion: """
        Examples:
          crmbench sweep scenarios/browse.yaml --target http://127.0.0.1:8080 --vus 1,2,4,8,16,32,64 --step 15s
          crmbench sweep --url http://127.0.0.1:8080/healthz --rates 100,200,400,800 --step 10s
          crmbench sweep scenarios/browse.yaml --rates 200,400,800 --agents 4 --listen 0.0.0.0:7878
            (distributed: each level split over 4 'crmbench agent' processes, merged exactly)
        """
    )

    @OptionGroup var target: TargetOptions
    @Option(parsing: .unconditional, help: "Closed-model levels: whole numbers of virtual users, comma-separated, increasing.") var vus: String?
    @Option(parsing: .unconditional, help: "Open-model levels: arrivals per second, comma-separated, increasing.") var rates: String?
    @Option(parsing: .unconditional, help: "Duration of each level.") var step = "15s"
    @Option(parsing: .unconditional, help: "Stop once a level's error rate passes this (e.g. 5%).") var maxErrors = "5%"
    @Option(parsing: .unconditional, help: "Stop once a level's p99 passes this (e.g. 2s).") var maxP99: String?
    @Flag(help: "Run every level even past saturation (no stop for errors, p99 or throughput).") var noEarlyStop = false
    @OptionGroup var level: LevelOptions

    func validate() throws {
        let problems = OptionChecks.sweepProblems(vus: vus, rates: rates, step: step, maxErrors: maxErrors, maxP99: maxP99)
        if let problem = problems.first { throw ValidationError(problem) }
        try level.checkFleet(scenario: target.scenario)
    }

    func execute() throws -> ExitCode {
        let levels = (try? InputLimits.levels(vus ?? rates ?? "", integers: vus != nil, option: "levels").get()) ?? []
        var policy = SweepPolicy(maxErrorRate: OptionChecks.percentFraction(maxErrors) ?? 0.05,
                                 maxP99Micros: maxP99.flatMap(DurationText.nanos).map { Double($0) / 1_000 })
        // Every level runs: no stop for errors, latency or a flat throughput.
        if noEarlyStop { policy = SweepPolicy(maxErrorRate: 1, maxP99Micros: nil, levelsWithoutGain: Int.max / 2) }
        let shape = RunPlan.Shape.sweep(levels: levels, open: rates != nil, policy: policy,
                                        stepNanos: DurationText.nanos(step) ?? 15_000_000_000, threads: ThreadCount(level.threads) ?? .auto)
        return try level.execute(target: target, shape: shape, folderPrefix: "sweep-", open: rates != nil)
    }
}

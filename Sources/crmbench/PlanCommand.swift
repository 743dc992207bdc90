import ArgumentParser
import Runner

/// `crmbench plan RUN_DIR`: what load the target will take and what to change to meet a target.
struct PlanCommand: RunnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Fit the capacity model to a sweep and rank hardware/software/architecture changes against an SLO.",
        discussion: "Example: crmbench plan results/20261124-120000-sweep-browse --slo 'throughput=1000,p95<200ms' --capacity capacity.yaml\n"
            + "Exit: 0 met, 99 not met, 96 insufficient evidence (the plan names the run that would settle it)."
    )

    @Argument(help: "A sweep or find-max run folder (or its result.json).") var runFolder: String
    @Option(help: "Capacity file (YAML): cores, nodes, workers, dbPool, readFraction, slo, costs.") var capacity: String?
    @Option(help: "The target, e.g. 'throughput=1000,p95<200ms' (overrides the capacity file's slo).") var slo: String?
    @Option(help: "Also predict these changes, e.g. 'cores=2' or 'cache=0.8,nodes=2' (keys: cores, speedup, cache, nodes, replicas, pool, workers, contention, reduce:STATION). Repeatable.")
    var whatIf: [String] = []
    @Flag(help: "Print plan.json instead of the text.") var json = false
    @Option(name: .customLong("validate"),
            help: ArgumentHelp("Check the plan in RUN_DIR against a sweep measured after the change: the error per level.",
                               valueName: "AFTER_RUN_DIR")) var afterRunFolder: String?

    func validate() throws {
        if let problem = OptionChecks.planProblems(slo: slo, whatIf: whatIf).first { throw ValidationError(problem) }
    }

    func execute() throws -> ExitCode {
        if let afterRunFolder {
            let checked = try CapacityPlanRun.validate(runFolder: runFolder, after: afterRunFolder)
            print(checked.text)
            return checked.validation.holds ? ExitCodes.success : ExitCodes.thresholdsFailed
        }
        let outcome = try CapacityPlanRun.make(runFolder: runFolder, capacityPath: capacity, slo: slo, whatIf: whatIf)
        print(json ? String(decoding: outcome.json, as: UTF8.self) : outcome.text)
        return [.met: ExitCodes.success, .notMet: ExitCodes.thresholdsFailed][outcome.verdict] ?? ExitCodes.insufficientEvidence
    }
}

import ArgumentParser
import BenchCore
import Runner

/// `crmbench validate FILE...`: loads each scenario, prints `OK` or every diagnostic, and exits
/// 0 when all are valid, 65 (EX_DATAERR) when one is invalid, 66 (EX_NOINPUT) when one cannot be read.
struct ValidateCommand: RunnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file without sending a request.",
        discussion: "Exit status: 0 valid, 65 invalid scenario, 66 unreadable file."
    )

    @Argument(help: "Scenario files to check.")
    var files: [String]
    @Option(help: "The target the run will be given (a file may then leave target: out).") var target: String?

    func validate() throws {
        if let target, let problem = TargetURL.problem(target, option: "--target") { throw ValidationError(problem) }
    }

    func execute() throws -> ExitCode {
        var worst: ExitCode = ExitCodes.success
        for file in files {
            switch ScenarioFiles.check(file, requiresTarget: target == nil) {
            case .success(let scenario):
                print("OK: \(file) (\(scenario.flows.count) flows, \(scenario.requestStepCount) steps)")
            case .failure(let failure):
                Terminal.line(failure.message)
                // An unreadable file outranks an invalid one, as the first of either.
                if worst.isSuccess || failure.kind == .unreadableInput { worst = ExitCodes.code(for: failure.kind) }
            }
        }
        return worst
    }
}

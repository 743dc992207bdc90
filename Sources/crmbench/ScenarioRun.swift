import ArgumentParser

/// Runs a scenario file (lands with the scenario language).
struct ScenarioRun {
    let command: RunCommand
    let path: String

    func execute() throws -> ExitCode {
        throw CLIFailure(message: "scenario files are not supported yet; use --url", code: ExitCodes.usage)
    }
}

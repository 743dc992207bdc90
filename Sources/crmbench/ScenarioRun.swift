/// Loads a scenario file into a plan (lands with the scenario language).
enum ScenarioPlanLoader {
    static func load(path: String, options: TargetOptions) throws -> LoadPlan {
        throw CLIFailure(message: "scenario files are not supported yet; use --url", code: ExitCodes.usage)
    }
}

import ArgumentParser
import Runner

/// The options sweep and find-max share, and how both run their levels.
struct LevelOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Worker threads: auto (the cores this process may use, at most one per connection) or 1 to 256.") var threads = "auto"
    @Option(help: "Run folder (default results/<timestamp>-<command>-<name>), or a live output: json=FILE, prometheus-rw=URL. Repeatable.")
    var out: [String] = []
    @OptionGroup var live: LiveOptions
    @Flag(help: "Print nothing but errors.") var quiet = false
    @OptionGroup var history: HistoryOptions
    @OptionGroup var fleet: FleetArguments

    func validate() throws {
        if let problem = OptionChecks.threadProblems(threads).first { throw ValidationError(problem) }
        try live.check(out: out)
    }

    /// The fleet's options against the command's scenario (`--agents` needs one), and no live outputs with them.
    func checkFleet(scenario: String?) throws {
        if let problem = fleet.problems(scenario: scenario).first { throw ValidationError(problem) }
        if fleet.agents != nil && (out.count > (LiveOptions.folder(out) == nil ? 0 : 1) || live.metricsListen != nil) {
            throw ValidationError("--agents runs do not take live outputs yet")
        }
    }

    /// Runs the levels of `shape` through one lifecycle, printing a line per level, then the summary.
    func execute(target: TargetOptions, shape: RunPlan.Shape, folderPrefix: String, open: Bool) throws -> ExitCode {
        let lifecycle = RunLifecycle(notice: RunOutcome.notice(quiet: quiet))  // signals trapped from the start
        let printLevel = RunOutcome.levelPrinter(open: open, quiet: quiet)
        let folder = LiveOptions.folder(out)
        if fleet.agents != nil {
            let written = Result {
                try fleet.coordinate(target: target.runTarget, settings: LoadSettings(), levels: shape, plan: { plan in
                    plan.folder = folder ?? FileOutput.defaultRunFolder(name: folderPrefix + plan.source.info.name)
                    plan.folderOption = folder == nil ? "run folder" : "--out"
                }, quiet: quiet, lifecycle: lifecycle, onLevel: printLevel)
            }
            history.record(try written.get())
            return RunOutcome.report(try written.get(), quiet: quiet)
        }
        let source = try target.runTarget.makeSource()
        var plan = RunPlan(source: source, shape: shape, folder: folder ?? FileOutput.defaultRunFolder(name: folderPrefix + source.info.name),
                           folderOption: folder == nil ? "run folder" : "--out")
        let progress = quiet ? nil : ProgressPrinter(snapshot: { lifecycle.snapshot() }, plannedSeconds: plan.levelSeconds,
                                                     targetRate: nil, level: { lifecycle.currentLevel })
        let feed = try live.start(out: out, folder: plan.folder, source: source.info, lifecycle: lifecycle)
        LiveOptions.attach(feed, to: &plan)
        let written = Result { try plan.execute(in: lifecycle) { progress?.clear(); printLevel($0, $1) } }
        feed?.stop(result: nil)  // a run that failed before writing
        progress?.stop()
        history.record(try written.get())
        return RunOutcome.report(try written.get(), quiet: quiet)
    }
}

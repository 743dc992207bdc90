import ArgumentParser
import BenchCore
import LoadEngine
import Runner

/// `crmbench run`: a wrk/hey-style run of one request (`--url`), or a scenario file.
struct RunCommand: RunnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a load test: one URL (--url) or a scenario file.",
        discussion: """
        Examples:
          crmbench run --url http://127.0.0.1:8080/api/v1/customers/1 -H 'Authorization: Bearer T' -c 50 -d 30s
          crmbench run --url http://127.0.0.1:8080/healthz --rate 1000 -d 10s      (open model)
          crmbench run scenarios/crm-mixed.yaml --target http://127.0.0.1:8080
        Exit codes: 0 ok, 64 usage, 65 invalid scenario, 66 unreadable input, 97 nothing measured,
        98 interrupted (partial result written), 99 thresholds failed.
        """
    )

    @OptionGroup var target: TargetOptions
    @OptionGroup var fleet: FleetArguments
    // `.unconditional`: `-c -3` reaches validate() and gets "must be between 1 and …", not "missing value".
    @Option(name: [.customShort("c"), .customLong("connections")], parsing: .unconditional,
            help: "Connections (closed model) or the in-flight limit (open model), 1 to 100000. Default 10, or the scenario's.")
    var connections: Int?
    @Option(name: [.customShort("d"), .customLong("duration")], parsing: .unconditional,
            help: "Duration, e.g. 30s, 2m (at most 7 days). Default 10s, or the scenario's.")
    var duration: String?
    @Option(parsing: .unconditional, help: "Worker threads: auto (the cores this process may use, at most one per connection) or 1 to 256.") var threads = "auto"
    @Option(parsing: .unconditional, help: "Open model: arrivals per second, above 0 and at most 10000000 (omit for the closed model).")
    var rate: Double?
    @Option(help: "Open model arrivals: uniform or poisson.") var arrivals = "uniform"
    @Option(parsing: .unconditional, help: "Closed model: also report latency with the expected-interval correction (a duration, or 'auto' for the mean latency).")
    var expectedInterval: String?
    @Option(parsing: .unconditional, help: "Iterations of each flow (a --url run: requests), instead of a duration.")
    var iterations: Int?
    @Option(help: "Threshold the run must pass, e.g. 'http.latency.p95 < 200ms' (repeatable).") var threshold: [String] = []
    @Flag(help: "Judge only the stated thresholds, not the defaults (http.errors.rate < 1%, iterations.failed.rate < 1%).")
    var noDefaultThresholds = false
    @Option(help: "Run folder (default results/<timestamp>-<name>), or a live output: json=FILE (k6 JSON lines, each second), prometheus-rw=URL (remote write). Repeatable.")
    var out: [String] = []
    @OptionGroup var live: LiveOptions
    @Option(help: "Also write the end-of-run summary as JSON to this file.") var summaryExport: String?
    @Flag(help: "Keep a write ledger and read every declared write (record:) back after the load; findings in result.json.")
    var audit = false
    @Option(parsing: .unconditional, help: "With --audit: reads at once, 1 to 256.") var auditConcurrency = 8
    @Flag(help: "Print nothing but errors.") var quiet = false
    @Flag(help: "Also print result.json to stdout between '-----BEGIN CRMBENCH RESULT-----' and '-----END CRMBENCH RESULT-----' (for pods whose files are lost).")
    var logResult = false
    @OptionGroup var history: HistoryOptions
    @Option(help: ArgumentHelp("Event loop of the workers: poll, epoll or auto (by connections per worker).",
                               visibility: .hidden))
    var eventLoop = "auto"

    func validate() throws {
        let problems = OptionChecks.runProblems(connections: connections, duration: duration, rate: rate, threads: threads,
                                                arrivals: arrivals, eventLoop: eventLoop, expectedInterval: expectedInterval)
        if !(1...256).contains(auditConcurrency) { throw ValidationError("--audit-concurrency must be between 1 and 256, got \(auditConcurrency)") }
        let more = OptionChecks.verdictProblems(thresholds: threshold, iterations: iterations) + fleet.problems(scenario: target.scenario)
        if let problem = problems.first ?? more.first { throw ValidationError(problem) }
        try live.check(out: out)
        if fleet.agents != nil && (audit || out.count > (LiveOptions.folder(out) == nil ? 0 : 1) || live.metricsListen != nil) {
            throw ValidationError("--agents runs do not take --audit or live outputs yet: audit the run folder afterwards with crmbench audit")
        }
    }

    func execute() throws -> ExitCode {
        let lifecycle = RunLifecycle(notice: RunOutcome.notice(quiet: quiet))  // signals trapped from the start
        var runTarget = target.runTarget
        runTarget.iterationsPerFlow = iterations
        var settings = LoadSettings()
        (settings.connections, settings.durationNanos, settings.threads) = (connections, duration.flatMap(DurationText.nanos), ThreadCount(threads) ?? .auto)
        (settings.ratePerSecond, settings.arrivals, settings.iterationsPerFlow) = (rate, ArrivalProcess(rawValue: arrivals) ?? .uniform, iterations)
        settings.eventLoop = EngineConfiguration.EventLoop(rawValue: eventLoop) ?? .auto
        if fleet.agents != nil {
            let written = Result { try fleet.coordinate(target: runTarget, settings: settings, plan: configure, quiet: quiet, lifecycle: lifecycle) }
            history.record(try written.get())
            return RunOutcome.report(try written.get(), quiet: quiet, logResult: logResult)
        }
        let source = try runTarget.makeSource()
        let workloads = try settings.workloads(of: source)
        var plan = RunPlan(source: source, shape: .single(workloads), folder: "", folderOption: "")
        configure(&plan)
        let progress = quiet ? nil : ProgressPrinter(snapshot: { lifecycle.snapshot() },
                                                     plannedSeconds: Double(workloads[0].config.durationNanos) / 1e9,
                                                     targetRate: rate,
                                                     stage: { StageText.describe(workloads[0].config.model, elapsedNanos: $0) })
        let feed = try live.start(out: out, folder: plan.folder, source: source.info, lifecycle: lifecycle)
        LiveOptions.attach(feed, to: &plan)
        let written = Result { try plan.execute(in: lifecycle) }
        feed?.stop(result: nil)  // a run that failed before writing
        progress?.stop()  // the panel is cleared before the summary is printed below it
        history.record(try written.get())
        return RunOutcome.report(try written.get(), quiet: quiet, logResult: logResult)
    }

    /// The run's outputs and verdict settings, the same for one process and for a coordinator.
    private func configure(_ plan: inout RunPlan) {
        let folder = LiveOptions.folder(out)
        if let folder { plan.folder = folder } else if plan.folder.isEmpty { plan.folder = FileOutput.defaultRunFolder(name: plan.source.info.name) }
        (plan.folderOption, plan.summaryExport) = (folder == nil ? "run folder" : "--out", summaryExport)
        (plan.auditConcurrency, plan.scenarioPath) = (audit ? auditConcurrency : nil, target.scenario)
        (plan.thresholds, plan.defaultThresholds) = (threshold.compactMap { try? Threshold.parse($0) }, !noDefaultThresholds)
        plan.expectedIntervalMicros = expectedInterval.map { $0 == "auto" ? 0 : (DurationText.nanos($0) ?? 0) / 1_000 }
    }
}

import ArgumentParser
import BenchCore
import Foundation
import LoadEngine
import Reports

/// `crmbench run`: a wrk/hey-style run of one request (`--url`), or a scenario file.
struct RunCommand: ParsableCommand {
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
    // `.unconditional`: `-c -3` reaches validate() and gets "must be between 1 and …", not "missing value".
    @Option(name: [.customShort("c"), .customLong("connections")], parsing: .unconditional,
            help: "Connections (closed model) or the in-flight limit (open model), 1 to 100000. Default 10, or the scenario's.")
    var connections: Int?
    @Option(name: [.customShort("d"), .customLong("duration")], parsing: .unconditional,
            help: "Duration, e.g. 30s, 2m (at most 7 days). Default 10s, or the scenario's.")
    var duration: String?
    @Option(parsing: .unconditional, help: "Worker threads (1 to 256).") var threads: Int = 1
    @Option(parsing: .unconditional, help: "Open model: arrivals per second, above 0 and at most 10000000 (omit for the closed model).")
    var rate: Double?
    @Option(help: "Open model arrivals: uniform or poisson.") var arrivals = "uniform"
    @Option(parsing: .unconditional, help: "Closed model: also report latency with the expected-interval correction (a duration, or 'auto' for the mean latency).")
    var expectedInterval: String?
    @Option(help: "Run folder (default results/<timestamp>-<name>).") var out: String?
    @Option(help: "Also write the end-of-run summary as JSON to this file.") var summaryExport: String?
    @Flag(help: "Print nothing but errors.") var quiet = false
    @Option(help: ArgumentHelp("Event loop of the workers: poll, epoll or auto (by connections per worker).",
                               visibility: .hidden))
    var eventLoop = "auto"

    func validate() throws {
        if let duration, let problem = InputLimits.durationProblem(duration, option: "--duration") {
            throw ValidationError(problem)
        }
        if let rate, let problem = InputLimits.rateProblem(rate, option: "--rate") { throw ValidationError(problem) }
        if let connections, let problem = InputLimits.countProblem(connections, option: "--connections") {
            throw ValidationError(problem)
        }
        if threads < 1 || threads > 256 { throw ValidationError("--threads must be between 1 and 256 (got \(threads))") }
        if !["uniform", "poisson"].contains(arrivals) { throw ValidationError("--arrivals must be uniform or poisson") }
        if EngineConfiguration.EventLoop(rawValue: eventLoop) == nil {
            throw ValidationError("--event-loop must be poll, epoll or auto")
        }
        if let expectedInterval, expectedInterval != "auto",
           let problem = InputLimits.durationProblem(expectedInterval, option: "--expected-interval") {
            throw ValidationError(problem + "; or 'auto'")
        }
    }

    func run() throws {
        do {
            let plan = try target.makePlan()
            let config = try engineConfiguration(for: plan)
            var executor = RunExecutor(name: plan.name, target: plan.target, quiet: quiet, out: out,
                                       summaryExport: summaryExport,
                                       plannedSeconds: Double(config.durationNanos) / 1e9, targetRate: rate)
            executor.expectedIntervalMicros = expectedInterval.map { $0 == "auto" ? 0 : (DurationText.nanos($0) ?? 0) / 1_000 }
            if plan.workloads.count > 1 && connections == nil && duration == nil && rate == nil {
                throw try executor.execute(plan: plan, workloads: try plan.workloads.map { load in
                    (try configuration(for: plan, load: load), load.startAfterNanos)
                })
            }
            throw try executor.execute(plan: plan, config: config)
        } catch let failure as CLIFailure {
            FileHandle.standardError.write(Data("crmbench: \(failure.message)\n".utf8))
            throw failure.code
        }
    }

    /// Command-line load settings win over the scenario's `load:` section.
    func engineConfiguration(for plan: RunPlan) throws -> EngineConfiguration {
        try configuration(for: plan, load: plan.scenarioLoad)
    }

    func configuration(for plan: RunPlan, load: PlannedLoad?) throws -> EngineConfiguration {
        var config = EngineConfiguration()
        config.client = plan.client
        config.threads = threads
        config.eventLoop = EngineConfiguration.EventLoop(rawValue: eventLoop) ?? .auto
        if let load {
            config.model = load.model
            config.connections = load.connections
            config.durationNanos = load.durationNanos
            config.maxIterations = load.maxIterations
            config.gracefulStopNanos = load.gracefulStopNanos
        } else {
            config.connections = 10
            config.durationNanos = 10_000_000_000
            config.gracefulStopNanos = min(UInt64(config.client.timeoutMillis) * 1_000_000, 10_000_000_000)
        }
        if let connections { config.connections = connections }
        if let duration { config.durationNanos = DurationText.nanos(duration) ?? config.durationNanos; config.maxIterations = nil }
        if let rate {
            config.model = .open(rate: StageProfile(initial: rate, stages: []),
                                 arrivals: arrivals == "poisson" ? .poisson(seed: 1) : .uniform)
            // Room for half a second of arrivals in flight, so a server pause shows as latency, not as send lag.
            // min before Int(): the rate is validated, but a conversion must never be the thing that checks it.
            let half = rate.isFinite ? min(max(rate / 2, 0), 5_000) : 5_000
            if connections == nil { config.connections = max(config.connections, max(64, Int(half))) }
        }
        let problems = config.validate()
        guard problems.isEmpty else { throw CLIFailure(message: problems.joined(separator: "; "), code: ExitCodes.usage) }
        return config
    }
}

import BenchCore
import Foundation
import LoadEngine
import Reports

/// Runs one load level of a plan (a sweep step or a find-max probe) and measures the server around it.
struct LevelRunner {
    let plan: RunPlan
    let threads: Int
    let stepNanos: UInt64
    let quiet: Bool
    private let started = Date()

    init(plan: RunPlan, threads: Int, stepNanos: UInt64, quiet: Bool) {
        self.plan = plan
        self.threads = threads
        self.stepNanos = stepNanos
        self.quiet = quiet
    }

    func configuration(level: Double, open: Bool) -> EngineConfiguration {
        var config = EngineConfiguration()
        config.client = plan.client
        config.durationNanos = stepNanos
        config.gracefulStopNanos = min(UInt64(plan.client.timeoutMillis) * 1_000_000, 5_000_000_000)
        if open {
            config.model = .open(rate: StageProfile(initial: level, stages: []), arrivals: .uniform)
            // Clamped before Int(): levels are validated, but a conversion must never trap on a bad one.
            config.connections = level.isFinite ? Int(min(10_000, max(50, level / 5))) : 10_000
        } else {
            config.connections = level.isFinite ? Int(min(Double(InputLimits.maxConnections), max(1, level.rounded()))) : 1
        }
        config.threads = min(threads, config.connections)
        return config
    }

    /// Runs a level; a Ctrl-C during it ends the level (and the caller's loop) with what was measured.
    func run(level: Double, open: Bool) throws -> (EngineOutput, SweepLevel) {
        let config = configuration(level: level, open: open)
        let problems = config.validate()
        guard problems.isEmpty else { throw CLIFailure(message: problems.joined(separator: "; "), code: ExitCodes.usage) }
        let engine = Engine(configuration: config, endpointNames: plan.endpointNames)
        try plan.prepare(workers: config.threads)
        let before = plan.scrapeServer()
        let control = engine.makeControl()
        plan.onStopRequest = { control.requestStop(reason: $0) }
        let trap = SignalTrap(control: control, quiet: quiet)
        defer { trap.cancel() }
        let output: EngineOutput
        do { output = try engine.run(control: control) { plan.makeDriver(worker: $0, workers: config.threads) } } catch {
            throw CLIFailure(message: "\(error)", code: ExitCodes.runInvalid)
        }
        let after = before == nil ? nil : plan.scrapeServer()
        let demands: ServerDemands? = {
            guard let before, let after else { return nil }
            return after.demands(since: before, completions: output.requests, seconds: output.durationSeconds)
        }()
        let summary = EndpointSummary(metrics: output.overall, durationSeconds: output.durationSeconds)
        let health = GeneratorHealth(threads: config.threads, cpuBusyFraction: output.cpuBusyFraction, cpuSeconds: output.cpuSeconds,
                                     requests: output.requests, lag: output.lag, lateArrivals: output.lateArrivals,
                                     droppedArrivals: output.droppedArrivals, openModel: open)
        return (output, SweepLevel(level: level, durationSeconds: output.durationSeconds, summary: summary, server: demands,
                                   generatorHealthy: health.measuringTarget))
    }

    /// Writes the combined result of all levels with the sweep section.
    func writeResult(_ combined: EngineOutput, sweep: SweepResults, folder: String, open: Bool) throws -> RunResult {
        let last = configuration(level: sweep.levels.last?.level ?? 1, open: open)
        let meta = RunMetadata.thisRun(name: plan.name, target: plan.target, started: started,
                                       durationSeconds: combined.durationSeconds, secretValues: plan.secretValues)
        var record = plan.record(for: last)
        record.model = open ? "open" : "closed"
        let interrupted = combined.stopReason?.hasPrefix("interrupted") == true ? combined.stopReason : nil
        var result = combined.result(meta: meta, config: record, partialReason: interrupted)
        if interrupted == nil { result.partial = false; result.partialReason = nil }
        result.sweep = sweep
        try RunFolderWriter.write(result, to: folder)
        return result
    }

    static func line(_ level: SweepLevel, open: Bool) -> String {
        let s = level.summary
        var text = (open ? "rate \(NumberText.short(level.level))/s" : "vus \(NumberText.short(level.level))")
            + ": \(Int(s.requestsPerSecond.rounded())) req/s, p50 \(DurationText.format(micros: s.latencyMicros.p50))"
            + ", p99 \(DurationText.format(micros: s.latencyMicros.p99)), errors \(Double(Int(s.errorRate * 10_000)) / 100)%"
        if let cpu = level.server?.cpuUtilization { text += ", server CPU \(Int((cpu * 100).rounded()))%" }
        if !level.generatorHealthy { text += "  [generator-bound]" }
        return text
    }
}

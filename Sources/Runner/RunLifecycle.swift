import BenchCore
import Foundation
import LoadEngine

/// One workload of a level: its engine settings, its delay from the level's start, and which of the source's
/// workloads it runs (nil: the run's one workload).
public struct LevelWorkload: Sendable {
    public var config: EngineConfiguration
    public var startAfterNanos: UInt64
    public var workload: Int?

    /// Creates a workload of a level.
    public init(config: EngineConfiguration, startAfterNanos: UInt64 = 0, workload: Int?) {
        self.config = config
        self.startAfterNanos = startAfterNanos
        self.workload = workload
    }
}

/// What one level measured, with the server's demands over it when the target exports `/metrics`.
public struct LevelOutput {
    public var output: EngineOutput
    public var server: ServerDemands?
    /// False when the run was stopped before this level's load began: nothing was measured.
    public var started = true
    /// How the generators kept up, when judged where they ran (a distributed level: its agents' own judgements,
    /// merged); nil: judged from `output`.
    public var health: GeneratorHealth?

    /// What a level measured.
    public init(output: EngineOutput, server: ServerDemands?, started: Bool = true, health: GeneratorHealth? = nil) {
        self.output = output
        self.server = server
        self.started = started
        self.health = health
    }
}

/// What the user should hear while a run goes.
public enum RunNotice: Sendable {
    /// Something that may spoil the figures or the run (always shown).
    case warning(String)
    /// A signal was received and the run is stopping (shown unless quiet).
    case stopping(String)
    /// How a long step after the load is going, e.g. the audit's read-back (shown unless quiet).
    case progress(String)
}

/// The lifecycle of a run, the same for `run`, `sweep` and `find-max`: created before anything else (signals are
/// trapped from then on), `prepare` (setup once), `runLevel` once per level, `finish` (teardown once), then the
/// caller writes the result. A first SIGINT or SIGTERM, at any point, stops at the next safe point (the level under
/// way ends, no later level starts) and is recorded with the phase it came in; a second aborts what is in flight.
public final class RunLifecycle {
    /// When the run began.
    public let started = Date()
    private let group = ControlGroup()
    private let notice: @Sendable (RunNotice) -> Void
    private var trap: SignalTrap?
    private var source: LoadSource?
    private var finished = false
    private let levelLock = NSLock()
    private var level: String?
    private var lastLevel: [RunControl] = []  // behind levelLock
    /// Whether the engines keep every endpoint's totals for live outputs (set before the first level).
    public var keepsEndpointTotals = false

    /// The sweep level or find-max probe under way, as the live panel heads it ("level 3: 40 VUs"); nil for a run.
    public var currentLevel: String? {
        get { levelLock.lock(); defer { levelLock.unlock() }; return level }
        set { levelLock.lock(); level = newValue; levelLock.unlock() }
    }

    /// Starts a run's lifecycle: SIGINT and SIGTERM are trapped until `close()`. `notice` hears what the user should
    /// be told while it runs (warnings, signals).
    public init(notice: @escaping @Sendable (RunNotice) -> Void) {
        self.notice = notice
        trap = SignalTrap(group: group) { notice(.stopping($0)) }
    }

    deinit { trap?.cancel() }

    /// Runs the source's setup once (not when a signal came first).
    public func prepare(_ source: LoadSource) throws {
        self.source = source
        source.onStopRequest = { [group] reason in group.requestStop(reason: reason) }
        if let problem = HTTPClientInfo.knownProblem(client: source.info.client, target: source.info.target) {
            notice(.warning(problem))
        }
        guard group.stopReason == nil else { return }
        group.enter(.setup)
        try source.setUp { [group] in group.stopReason != nil }
        group.enter(.betweenLevels)
    }

    /// Stops the run at the next safe point, as `abortOnFail` does (a distributed run's coordinator ordered it).
    public func requestStop(reason: String) { group.requestStop(reason: reason) }

    /// Tells the user something while the run goes (through the `notice` given at the start).
    public func tell(_ notice: RunNotice) { self.notice(notice) }

    /// Why the run was asked to stop (a signal, `abortOnFail`, data that ran out), or nil: no further level runs.
    public var stopReason: String? { group.stopReason }

    /// The reason a stopped run's result gives: a signal's with the phase it came in ("interrupted by SIGINT during
    /// setup"), any other as it is; nil when the run was not stopped.
    public var partialReason: String? {
        guard let reason = group.stopReason else { return nil }
        guard reason.hasPrefix("interrupted"), let phase = group.stoppedPhase else { return reason }
        return reason + " during " + phase.rawValue
    }

    /// The live figures of every workload of the level under way, as one; nil between levels.
    public func snapshot() -> ProgressSnapshot? { .merging(group.attached.map { $0.snapshot() }) }

    /// What live outputs read: the level under way, or between levels and after the last one the finished level's
    /// final figures (every second included), so the last seconds of a level reach them too.
    public func liveSnapshot() -> ProgressSnapshot? {
        let attached = group.attached
        if !attached.isEmpty { return .merging(attached.map { $0.snapshot() }) }
        levelLock.lock(); let finished = lastLevel; levelLock.unlock()
        return .merging(finished.map { $0.snapshot() })
    }

    /// Runs one level: an engine per workload at the same time, each from its start offset, with `abortOnFail`
    /// watching all of them together; then merges what they measured. A run already stopped measures nothing.
    public func runLevel(_ workloads: [LevelWorkload]) throws -> LevelOutput {
        guard let source else { throw RunnerError("no source prepared", kind: .runInvalid) }
        guard !workloads.isEmpty else { throw RunnerError("nothing to run", kind: .usage) }
        defer { group.enter(.betweenLevels) }
        let info = source.info
        group.enter(.scrape)
        let before = group.stopReason == nil ? info.scrapeServer() : nil
        if let reason = group.stopReason {
            return LevelOutput(output: .empty(endpointNames: info.endpointNames, stopReason: reason), server: nil, started: false)
        }
        source.beginLevel()
        group.enter(.load)
        let engines = workloads.map { workload in
            var config = workload.config
            // With the run's credentials, so an API that needs them answers the warm-up as it will the load.
            (config.warmupURL, config.warmupHeaders) = (info.target, info.metricsHeaders)
            config.keepsEndpointTotals = config.keepsEndpointTotals || keepsEndpointTotals
            return Engine(configuration: config, endpointNames: info.endpointNames)
        }
        let watch = AbortWatch(group: group, source: source)
        let box = WorkloadOutputs(count: engines.count)
        let done = DispatchGroup()
        for (index, engine) in engines.enumerated() {
            let workload = workloads[index]
            done.enter()
            let thread = Thread { [group, source] in
                defer { done.leave() }
                // Later workloads wait for their start, unless the run is stopped meanwhile.
                let startAt = Date().addingTimeInterval(Double(workload.startAfterNanos) / 1e9)
                while Date() < startAt && group.stopReason == nil { Thread.sleep(forTimeInterval: 0.02) }
                let control = engine.makeControl()
                group.attach(control)
                do {
                    let threads = workload.config.threads
                    box.set(index, try engine.run(control: control) {
                        source.makeDriver(worker: $0, workers: threads, workload: workload.workload)
                    })
                } catch {
                    box.fail(error)
                    group.requestStop(reason: "workload \(index) could not run")
                }
            }
            thread.start()
        }
        done.wait()
        watch.stop()
        let controls = group.attached
        levelLock.lock(); lastLevel = controls; levelLock.unlock()
        group.detachAll()
        let (outputs, failure) = box.contents
        if let failure { throw RunnerError("\(failure)", kind: .runInvalid) }
        guard var output = outputs[0] else { throw RunnerError("the first workload did not run", kind: .runInvalid) }
        for index in outputs.indices.dropFirst() {
            if let other = outputs[index] {
                output = output.combined(with: other, offsetSeconds: Int(workloads[index].startAfterNanos / 1_000_000_000))
            }
        }
        group.enter(.scrape)
        let after = before == nil ? nil : info.scrapeServer()
        var server: ServerDemands?
        if let before, let after {
            server = after.demands(since: before, completions: output.requests, seconds: output.durationSeconds)
        }
        return LevelOutput(output: output, server: server)
    }

    /// The scenario results of everything run, judged on `output` (nil for a URL run).
    public func results(for output: EngineOutput) -> ScenarioResults? { source?.results(for: output) }

    /// Why requests failed in everything run (secrets redacted), nil when nothing failed.
    public func failureCauses() -> FailureCauses? { source?.failureCauses() }

    /// Runs the source's teardown once (not after a second signal), then the run is writing its result. Safe to
    /// call more than once.
    public func finish() {
        guard !finished else { return }
        finished = true
        if let source, !group.abortRequested {
            group.enter(.teardown)
            if let warning = source.tearDown(shouldStop: { [group] in group.abortRequested }) { notice(.warning(warning)) }
        }
        group.enter(.writing)
    }

    /// Releases the signals: after the result is written and reported.
    public func close() {
        trap?.cancel()
        trap = nil
    }
}

/// What the workload threads hand back, behind a lock.
final class WorkloadOutputs: @unchecked Sendable {  // all state behind `lock`; one writer thread per index
    private let lock = NSLock()
    private var outputs: [EngineOutput?]
    private var failure: Error?

    init(count: Int) { outputs = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ output: EngineOutput) { lock.lock(); outputs[index] = output; lock.unlock() }
    func fail(_ error: Error) { lock.lock(); failure = failure ?? error; lock.unlock() }
    var contents: ([EngineOutput?], Error?) { lock.lock(); defer { lock.unlock() }; return (outputs, failure) }
}

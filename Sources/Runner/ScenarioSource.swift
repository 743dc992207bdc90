import BenchCore
import Foundation
import LoadEngine

/// The source of a scenario run: flows driven on the engine's slots, setup once before the load and teardown once
/// after it. Every level of a sweep continues `${seq}`, the random streams and the feeders where the last one
/// stopped, so a write scenario never sends the same values twice.
// @unchecked: the drivers and level state are behind `lock`; what setup captured (`globals`) is written before the
// first level's engine threads start and read only after.
public final class ScenarioSource: LoadSource, @unchecked Sendable {
    public let scenario: Scenario
    public let info: SourceInfo
    public let workloads: [Workload]
    /// Masks the scenario's secrets and environment values in results and in every message printed.
    public let redactor: SecretRedactor
    public var onStopRequest: (@Sendable (String) -> Void)?
    /// Receives every declared write of the load (`run --audit`); set before the run starts.
    public var writeSink: WriteSink?
    private let endpointIndexByStep: [String: Int]
    /// `--secret-header` names, lower-cased: their values are masked in failure samples too.
    private let secretHeaderNames: Set<String>
    private let environment = ProcessInfo.processInfo.environment
    private let seed: UInt64
    private var globals: [String: String] = [:]
    /// Set when a coordinator ran setup for the whole fleet: this source only uses what it captured.
    private var adoptedSetup = false
    /// This agent's part of a distributed run (nil: the whole run).
    private let segment: LoadSegment?
    private let lock = NSLock()
    /// Every driver since setup (the scenario's results count them all) and those of the current level.
    private var drivers: [ScenarioDriver] = []
    private var levelDrivers: [ScenarioDriver] = []
    /// Drivers of this level whose share of a `unique` feeder ran out; the run stops when every one has.
    private var exhaustedDrivers = 0
    /// Where the current level starts: its number (for the random streams), first `${seq}` and feeder rows.
    private var level = 0
    private var firstSeq = 0
    private var feeders: FeederSet
    private var tornDown = false
    private let flowsInTurn: Bool
    /// Prints the first iterations' requests and responses (`--http-debug`); nil when off.
    private let debugLog: HTTPDebugLog?

    /// Loads and validates a scenario file, every problem with its location. `files` reads the scenario and its
    /// data files (default: the file system; an agent reads what its coordinator sent).
    public static func load(path: String, options: RunTarget, files: @escaping ScenarioFileReader = ScenarioFiles.read) throws -> ScenarioSource {
        var loader = ScenarioLoader(readFile: files)
        loader.requiresTarget = options.target == nil
        switch loader.load(path: path) {
        case .success(var scenario):
            if let target = options.target { scenario.target = target }
            return try ScenarioSource(scenario: scenario, path: path, options: options, bytes: try? files(path))
        case .failure(.unreadable(let file, let reason)):
            throw RunnerError("cannot read \(file): \(reason)", kind: .unreadableInput)
        case .failure(.invalid(let diagnostics)):
            throw RunnerError("invalid scenario:\n" + diagnostics.map { "\($0)" }.joined(separator: "\n"), kind: .invalidInput)
        }
    }

    /// A source of a loaded scenario; `path` names it in messages and gives the content hash (of `bytes` when
    /// given, else of the file at `path`).
    public init(scenario: Scenario, path: String, options: RunTarget, bytes scenarioBytes: [UInt8]? = nil) throws {
        self.scenario = scenario
        let target = scenario.target
        guard target.hasPrefix("http://") || target.hasPrefix("https://") else {
            throw RunnerError("\(path): target '\(URLRedaction.redact(target))' must start with http:// or https://", kind: .usage)
        }
        var names: [String] = []
        var index: [String: Int] = [:]
        for step in scenario.stepNames where index[step] == nil {
            index[step] = names.count
            names.append(step)
        }
        endpointIndexByStep = index
        var client = options.clientOptions()
        if options.timeout == nil { client.timeoutMillis = Int(scenario.defaults.timeoutMillis) }
        if !options.http2 { client.http2 = scenario.defaults.http2 }
        if let streams = options.streams {
            guard client.http2 else {
                throw RunnerError("--streams needs HTTP/2: give --http2, or set `http2: true` in \(path)'s defaults", kind: .usage)
            }
            client.streamsPerConnection = streams
        }
        let bytes = (scenarioBytes.map { Data($0) } ?? (try? Data(contentsOf: URL(fileURLWithPath: path))))
            .map { String(decoding: $0, as: UTF8.self) } ?? path
        let env = ProcessInfo.processInfo.environment
        let metricsHeaders = scenario.defaults.headers.compactMap { header -> String? in
            guard header.name.lowercased() == "authorization" else { return nil }
            var context = TemplateContext(env: { env[$0] })
            return "Authorization: \(header.value.render(&context))"
        }
        let secretHeaderNames = Set(options.secretHeaders.map { $0.lowercased() })
        self.secretHeaderNames = secretHeaderNames
        redactor = scenario.redactor(env: { env[$0] }, secretHeaderNames: secretHeaderNames)
        let seed = options.seed ?? RunTarget.clockSeed()
        self.seed = seed
        segment = options.segment
        flowsInTurn = options.iterationsPerFlow != nil
        debugLog = options.httpDebugIterations > 0
            ? HTTPDebugLog(iterations: options.httpDebugIterations, redactor: redactor, secretHeaderNames: secretHeaderNames) : nil
        workloads = scenario.load.workloads
        feeders = FeederSet(scenario.feeders)
        var info = SourceInfo(
            name: options.name ?? scenario.name, target: target, endpointNames: names.isEmpty ? ["request"] : names,
            client: client, requests: scenario.requestRecords(), contentHash: ContentHash.fnv1a([bytes]),
            metricsURL: options.metricsURL ?? URLSource.defaultMetricsURL(for: target), metricsHeaders: metricsHeaders,
            secretValues: scenario.secretValues(env: { env[$0] }, secretHeaderNames: secretHeaderNames),
            // Several workloads run together only as the file says; command-line load replaces them with one.
            scenarioLoad: workloads.count == 1 ? workloads.first : nil,
            gracefulStopNanos: UInt64(max(0, scenario.load.gracefulStopNanos)), seed: seed, flowCount: max(1, scenario.flows.count))
        info.endpointGroups = names.map { scenario.groupTag(step: $0) }
        self.info = info
        for missing in scenario.referencedEnvNames.sorted() where env[missing] == nil {
            FileHandle.standardError.write(Data("crmbench: warning: \(path) uses ${env.\(missing)} but it is not set\n".utf8))
        }
    }

    /// A factory for one worker of one workload. Every (workload, worker) pair is its own slice of the level, so
    /// `${seq}` values and `unique` feeder rows never repeat across workloads running at the same time; the
    /// level's number is mixed into the seed so no two levels draw the same random values.
    private func makeFactory(worker: Int, workers: Int, workload: Int? = nil) -> IterationFactory {
        let env = environment
        let selected = workload.flatMap { scenario.load.workloads.indices.contains($0) ? scenario.load.workloads[$0] : nil }
        let workloadCount = workload == nil ? 1 : max(1, scenario.load.workloads.count)
        let local = (workload ?? 0) * workers + worker, locals = workers * workloadCount
        // An agent's slices interleave with the other agents': rows, `${seq}` and seeds never meet across the fleet.
        let (slice, slices) = segment.map { (local * $0.count + $0.index, locals * $0.count) } ?? (local, locals)
        lock.lock()
        let (first, rows, levelSeed) = (firstSeq, feeders, Self.seed(seed, level: level))
        lock.unlock()
        var factory = IterationFactory(scenario: scenario, workload: selected, globals: globals,
                                       feeders: rows.partition(index: slice, count: slices),
                                       seed: levelSeed &+ UInt64(slice), firstSeq: first + slice, seqStride: slices,
                                       env: { env[$0] }, nowEpochMillis: { Int64(Date().timeIntervalSince1970 * 1_000) })
        factory.flowsInTurn = flowsInTurn
        return factory
    }

    /// The seed of a level: the run's for the first, a hash of it and the level's number after. Not the run's seed
    /// plus a multiple of SplitMix64's increment: that would replay the first level's streams one step later.
    static func seed(_ seed: UInt64, level: Int) -> UInt64 {
        guard level > 0 else { return seed }
        var mixer = SplitMix64(seed: seed ^ (UInt64(level) &* 0xD1B5_4A32_D192_ED03))
        return mixer.next()
    }

    /// What setup captured, for a coordinator to hand its agents.
    public var capturedGlobals: [String: String] { globals }

    /// Uses what another process's setup captured (a distributed run's coordinator) and runs neither setup nor
    /// teardown here: the coordinator runs each once for the whole fleet.
    public func adoptSetup(globals captured: [String: String]) {
        globals = captured
        adoptedSetup = true
        tornDown = true
    }

    public func setUp(shouldStop: () -> Bool) throws {
        guard !adoptedSetup else { return }
        var factory = makeFactory(worker: 0, workers: 1)
        guard var setup = factory.setupIteration() else { return }
        let outcome = OneShotRunner.drive(&setup, client: info.client, shouldStop: shouldStop)
        // Stopped by a signal: no load runs, and the result says so; that is not a failed setup.
        if outcome.failureReason == OneShotRunner.interruptedReason { return }
        guard outcome.succeeded else {
            throw RunnerError("setup failed: \(redactor.redact(outcome.failureReason ?? "unknown reason"))", kind: .runInvalid)
        }
        factory.adoptSetup(outcome)
        globals = factory.globals
    }

    public func beginLevel() {
        lock.lock(); defer { lock.unlock() }
        guard !levelDrivers.isEmpty else { return }
        firstSeq = levelDrivers.map(\.nextSeq).max() ?? firstSeq
        feeders = feeders.continuing(after: levelDrivers.map(\.feeders))
        level += 1
        levelDrivers = []
        exhaustedDrivers = 0
    }

    public func makeDriver(worker: Int, workers: Int, workload: Int?) -> SlotDriver {
        let driver = ScenarioDriver(factory: makeFactory(worker: worker, workers: workers, workload: workload), slots: 0,
                                    endpointIndexByStep: endpointIndexByStep, checkCount: scenario.checkNames.count,
                                    onExhausted: { [weak self] reason in self?.driverRanOut(reason) })
        driver.debugLog = debugLog
        driver.writeSink = writeSink
        lock.lock(); drivers.append(driver); levelDrivers.append(driver); lock.unlock()
        return driver
    }

    /// Each worker draws `unique` rows from its own slice, so one worker running out leaves rows in the others':
    /// its slots park, and the run stops only when every worker of the level has run out.
    private func driverRanOut(_ reason: String) {
        lock.lock()
        exhaustedDrivers += 1
        let all = exhaustedDrivers >= levelDrivers.count
        lock.unlock()
        if all { onStopRequest?(reason) }
    }

    public var thresholds: [Threshold] { scenario.thresholds }

    /// The scenario's default headers rendered (authorization, accept): what the audit's reads send.
    public var defaultHeaderLines: [String] {
        scenario.defaults.headers.map { header in
            var context = TemplateContext(env: { [environment] in environment[$0] })
            return "\(header.name): \(header.value.render(&context))"
        }
    }

    /// Every `record:` declaration of the flows' steps.
    public var writeDeclarations: [WriteDeclaration] {
        scenario.flows.flatMap { flow in
            flow.program.compactMap { if case .request(let step, _) = $0 { return step.record } else { return nil } }
        }
    }

    public func tally() -> ScenarioTally? {
        var tally = ScenarioTally(checkCount: scenario.checkNames.count)
        lock.lock(); for driver in drivers { tally.add(driver.tally) }; lock.unlock()
        return tally
    }

    public func results(for output: EngineOutput) -> ScenarioResults? {
        let tally = tally() ?? ScenarioTally(checkCount: 0)
        return ScenarioResults(
            flows: scenario.flows.map { flow in
                let t = tally.flows[flow.name] ?? ScenarioTally.Transaction()
                var summary = TransactionSummary(name: flow.name, iterations: t.succeeded + t.failed, failed: t.failed,
                                                 interrupted: t.interrupted, histogram: t.duration)
                summary.windows = tally.flowWindows[flow.name]?.fromRunStart
                return summary
            },
            groups: scenario.groupNames.map { name in
                let t = tally.groups[name] ?? ScenarioTally.Transaction()
                return TransactionSummary(name: name, iterations: t.succeeded, failed: t.failed, interrupted: t.interrupted,
                                          histogram: t.duration)
            },
            checks: scenario.checkNames.enumerated().map { id, name in
                let step = scenario.checkSteps.indices.contains(id) ? scenario.checkSteps[id] : ""
                return CheckSummary(name: name, step: step, passes: tally.checkPasses[id], fails: tally.checkFails[id],
                                    notRun: tally.checkNotRun[id])
            },
            failureSamples: tally.sampleFailures.map(redactor.redact),
            feederExhausted: tally.feederExhausted,
            stepsNotReached: tally.stepsNotReached.isEmpty ? nil : scenario.stepNames.compactMap { name in
                tally.stepsNotReached[name].map { StepNotReached(step: name, iterations: $0) }
            })
    }

    public func failureCauses() -> FailureCauses? {
        var failures = FailureTally()
        lock.lock(); for driver in drivers { failures.add(driver.tally.failures) }; lock.unlock()
        return failures.record?.redacted(by: redactor, headerNames: secretHeaderNames)
    }

    /// `abortOnFail` thresholds on what is known while the run goes: the error rate and the request count
    /// (after 100 requests, so the first second's noise does not abort a run).
    public func abortReason(_ progress: ProgressSnapshot) -> String? {
        guard progress.totalRequests >= 100 else { return nil }
        for threshold in scenario.thresholds where threshold.abortOnFail {
            let verdict = threshold.evaluate { metric in
                switch metric {
                case .httpErrorRate: return Double(progress.totalHTTPErrors) / Double(progress.totalRequests)
                default: return nil
                }
            }
            if verdict.observed != nil && !verdict.passed {
                return "threshold '\(threshold.expression)' failed while running (abortOnFail)"
            }
        }
        return nil
    }

    public func tearDown(shouldStop: () -> Bool) -> String? {
        guard !tornDown else { return nil }
        tornDown = true
        var factory = makeFactory(worker: 0, workers: 1)
        factory.globals = globals
        guard var teardown = factory.teardownIteration() else { return nil }
        let outcome = OneShotRunner.drive(&teardown, client: info.client, shouldStop: shouldStop)
        return outcome.succeeded ? nil : "teardown failed: \(redactor.redact(outcome.failureReason ?? ""))"
    }
}

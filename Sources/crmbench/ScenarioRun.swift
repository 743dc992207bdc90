import BenchCore
import Foundation
import LoadEngine

/// Loads a scenario file into a run plan, reporting every problem with its location.
enum ScenarioPlanLoader {
    static func load(path: String, options: TargetOptions) throws -> RunPlan {
        var loader = ValidateCommand.loader
        loader.requiresTarget = options.target == nil
        switch loader.load(path: path) {
        case .success(var scenario):
            if let target = options.target { scenario.target = target }
            return try ScenarioPlan(scenario: scenario, path: path, options: options)
        case .failure(let error):
            switch error {
            case .unreadable(let file, let reason):
                throw CLIFailure(message: "cannot read \(file): \(reason)", code: ExitCodes.unreadableInput)
            case .invalid(let diagnostics):
                throw CLIFailure(message: "invalid scenario:\n" + diagnostics.map { "\($0)" }.joined(separator: "\n"),
                                 code: ExitCodes.invalidScenario)
            }
        }
    }
}

/// The plan of a scenario run: flows driven on the engine's slots, setup before and teardown after.
final class ScenarioPlan: RunPlan {
    let scenario: Scenario
    let name: String
    let target: String
    let endpointNames: [String]
    let client: ClientOptions
    let requests: [RequestRecord]
    let contentHash: String
    let metricsURL: String?
    let metricsHeaders: [String]
    let scenarioLoad: PlannedLoad?
    let workloads: [PlannedLoad]
    private let endpointIndexByStep: [String: Int]
    private let environment = ProcessInfo.processInfo.environment
    /// Masks the scenario's secrets and environment values in results and in every message printed.
    let redactor: SecretRedactor
    /// The values declared secret, masked in the recorded command line and target as well.
    let secretValues: [String]
    private let seed: UInt64
    private var globals: [String: String] = [:]
    private var drivers: [ScenarioDriver] = []
    private let lock = NSLock()
    /// Set when a unique feeder ran out; the run stops with that reason.
    var onStopRequest: ((String) -> Void)?

    init(scenario: Scenario, path: String, options: TargetOptions) throws {
        self.scenario = scenario
        name = options.name ?? scenario.name
        target = scenario.target
        guard target.hasPrefix("http://") || target.hasPrefix("https://") else {
            throw CLIFailure(message: "\(path): target '\(URLRedaction.redact(target))' must start with http:// or https://",
                             code: ExitCodes.usage)
        }
        var names: [String] = []
        var index: [String: Int] = [:]
        for step in scenario.stepNames where index[step] == nil {
            index[step] = names.count
            names.append(step)
        }
        endpointNames = names.isEmpty ? ["request"] : names
        endpointIndexByStep = index
        var client = options.clientOptions()
        if options.timeout == nil { client.timeoutMillis = Int(scenario.defaults.timeoutMillis) }
        if !options.http2 { client.http2 = scenario.defaults.http2 }
        self.client = client
        requests = scenario.requestRecords()
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: path))).map { String(decoding: $0, as: UTF8.self) } ?? path
        contentHash = ContentHash.fnv1a([bytes])
        metricsURL = options.metricsUrl ?? URLPlan.defaultMetricsURL(for: target)
        let env = ProcessInfo.processInfo.environment
        metricsHeaders = scenario.defaults.headers.compactMap { header in
            guard header.name.lowercased() == "authorization" else { return nil }
            var context = TemplateContext(env: { env[$0] })
            return "Authorization: \(header.value.render(&context))"
        }
        let secretHeaderNames = Set(options.secretHeader.map { $0.lowercased() })
        redactor = scenario.redactor(env: { env[$0] }, secretHeaderNames: secretHeaderNames)
        secretValues = scenario.secretValues(env: { env[$0] }, secretHeaderNames: secretHeaderNames)
        seed = UInt64(truncatingIfNeeded: Int(Date().timeIntervalSince1970 * 1_000))
        workloads = scenario.load.workloads.map { Self.plannedLoad($0, gracefulStopNanos: scenario.load.gracefulStopNanos) }
        // Several workloads run together only as the file says; command-line load replaces them with one.
        scenarioLoad = workloads.count == 1 ? workloads.first : nil
        for missing in scenario.referencedEnvNames.sorted() where env[missing] == nil {
            FileHandle.standardError.write(Data("crmbench: warning: \(path) uses ${env.\(missing)} but it is not set\n".utf8))
        }
    }

    /// One workload of the scenario's `load:` / `workloads:` as engine settings.
    static func plannedLoad(_ workload: Workload, gracefulStopNanos: Int64) -> PlannedLoad {
        let graceful = UInt64(max(0, gracefulStopNanos))
        var planned: PlannedLoad
        switch workload.model {
        case .closed(.constant(let vus, let duration)):
            planned = PlannedLoad(model: .closed, connections: vus, durationNanos: UInt64(max(0, duration)), maxIterations: nil,
                                  gracefulStopNanos: graceful)
        case .closed(.iterations(let vus, let count)):
            planned = PlannedLoad(model: .closed, connections: vus, durationNanos: 0, maxIterations: UInt64(max(0, count)),
                                  gracefulStopNanos: graceful)
        case .closed(.stages(let stages)):
            let profile = StageProfile(initial: 0, stages: stages.map { .init(durationNanos: UInt64(max(0, $0.durationNanos)), target: $0.target) })
            planned = PlannedLoad(model: .closedStages(profile), connections: max(1, Int(profile.peak.rounded(.up))),
                                  durationNanos: profile.durationNanos, maxIterations: nil, gracefulStopNanos: graceful)
        case .open(let open):
            let profile: StageProfile
            let duration: UInt64
            switch open.rate {
            case .constant(let perSecond, let nanos):
                profile = StageProfile(initial: perSecond, stages: [])
                duration = UInt64(max(0, nanos))
            case .stages(let stages):
                profile = StageProfile(initial: 0, stages: stages.map { .init(durationNanos: UInt64(max(0, $0.durationNanos)), target: $0.target) })
                duration = profile.durationNanos
            }
            let arrivals: EngineConfiguration.Arrivals = open.arrivals == .poisson ? .poisson(seed: 1) : .uniform
            planned = PlannedLoad(model: .open(rate: profile, arrivals: arrivals), connections: open.maxInFlight,
                                  durationNanos: duration, maxIterations: nil, gracefulStopNanos: graceful)
        }
        planned.name = workload.name
        planned.startAfterNanos = UInt64(max(0, workload.startAfterNanos))
        return planned
    }

    /// A factory for one worker of one workload. Every (workload, worker) pair is its own slice of the run, so
    /// `${seq}` values and `unique` feeder rows never repeat across workloads running at the same time.
    private func makeFactory(worker: Int, workers: Int, workload: Int? = nil) -> IterationFactory {
        let env = environment
        let selected = workload.flatMap { scenario.load.workloads.indices.contains($0) ? scenario.load.workloads[$0] : nil }
        let workloadCount = workload == nil ? 1 : max(1, scenario.load.workloads.count)
        let slice = (workload ?? 0) * workers + worker, slices = workers * workloadCount
        return IterationFactory(scenario: scenario, workload: selected, globals: globals,
                                feeders: FeederSet(scenario.feeders).partition(index: slice, count: slices),
                                seed: seed &+ UInt64(slice), firstSeq: slice, seqStride: slices,
                                env: { env[$0] }, nowEpochMillis: { Int64(Date().timeIntervalSince1970 * 1_000) })
    }

    func prepare(workers: Int) throws {
        lock.lock(); drivers = []; lock.unlock()
        var factory = makeFactory(worker: 0, workers: 1)
        guard var setup = factory.setupIteration() else { return }
        let outcome = OneShotRunner.drive(&setup, client: client)
        guard outcome.succeeded else {
            throw CLIFailure(message: "setup failed: \(redactor.redact(outcome.failureReason ?? "unknown reason"))",
                             code: ExitCodes.runInvalid)
        }
        factory.adoptSetup(outcome)
        globals = factory.globals
    }

    /// One worker of the run as one workload: the scenario's only workload, or all flows when the command line
    /// replaced several.
    func makeDriver(worker: Int, workers: Int) -> SlotDriver {
        driver(worker: worker, workers: workers, workload: workloads.count == 1 ? 0 : nil)
    }

    func makeDriver(worker: Int, workers: Int, workload: Int) -> SlotDriver {
        driver(worker: worker, workers: workers, workload: workload)
    }

    /// A driver of one worker of workload `workload` (nil: all flows, as one workload).
    private func driver(worker: Int, workers: Int, workload: Int?) -> SlotDriver {
        let driver = ScenarioDriver(factory: makeFactory(worker: worker, workers: workers, workload: workload), slots: 0,
                                    endpointIndexByStep: endpointIndexByStep, checkCount: scenario.checkNames.count,
                                    onExhausted: { [weak self] reason in self?.onStopRequest?(reason) })
        lock.lock(); drivers.append(driver); lock.unlock()
        return driver
    }

    func finish(_ output: EngineOutput) -> (ScenarioResults?, Bool) {
        var tally = ScenarioTally(checkCount: scenario.checkNames.count)
        lock.lock(); for driver in drivers { tally.add(driver.tally) }; lock.unlock()
        runTeardown()
        let lookup = ThresholdLookup(overall: output.overall, endpoints: output.endpoints, tally: tally,
                                     durationSeconds: output.durationSeconds)
        let verdicts = scenario.thresholds.evaluate(lookup.value)
        let records = verdicts.map { verdict in
            ThresholdRecord(expression: verdict.threshold.expression, passed: verdict.passed, observed: verdict.observed,
                            detail: verdict.reason ?? verdict.observed.map { "observed \(verdict.threshold.format($0))" } ?? "")
        }
        let results = ScenarioResults(
            flows: scenario.flows.map { flow in
                let t = tally.flows[flow.name] ?? ScenarioTally.Transaction()
                return TransactionSummary(name: flow.name, iterations: t.succeeded + t.failed, failed: t.failed,
                                          interrupted: t.interrupted, histogram: t.duration)
            },
            groups: scenario.groupNames.map { name in
                let t = tally.groups[name] ?? ScenarioTally.Transaction()
                return TransactionSummary(name: name, iterations: t.succeeded, failed: t.failed, interrupted: t.interrupted,
                                          histogram: t.duration)
            },
            checks: scenario.checkNames.enumerated().map { id, name in
                let step = scenario.checkSteps.indices.contains(id) ? scenario.checkSteps[id] : ""
                return CheckSummary(name: name, step: step, passes: tally.checkPasses[id], fails: tally.checkFails[id])
            },
            thresholds: records,
            failureSamples: tally.sampleFailures.map(redactor.redact),
            feederExhausted: tally.feederExhausted)
        return (results, records.allSatisfy(\.passed))
    }

    /// `abortOnFail` thresholds on what is known while the run goes: the error rate and the request count
    /// (after 100 requests, so the first second's noise does not abort a run).
    func abortReason(_ progress: ProgressSnapshot) -> String? {
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

    private func runTeardown() {
        var factory = makeFactory(worker: 0, workers: 1)
        factory.globals = globals
        guard var teardown = factory.teardownIteration() else { return }
        let outcome = OneShotRunner.drive(&teardown, client: client)
        if !outcome.succeeded {
            FileHandle.standardError.write(Data("crmbench: warning: teardown failed: \(redactor.redact(outcome.failureReason ?? ""))\n".utf8))
        }
    }
}

/// Drives one iteration outside the load (setup, teardown), request by request.
enum OneShotRunner {
    static func drive(_ iteration: inout FlowIteration, client: ClientOptions) -> IterationOutcome {
        var action = iteration.start()
        var guardCount = 0
        while guardCount < 10_000 {
            guardCount += 1
            switch action {
            case .finished(let outcome):
                return outcome
            case .think(let nanos):
                usleep(UInt32(min(max(0, nanos) / 1_000, 60_000_000)))
                action = iteration.handleThinkDone()
            case .send(let request):
                let started = Date()
                let result = SimpleFetch.request(request.url, method: request.method,
                                                 headers: request.headers.map { "\($0.0): \($0.1)" },
                                                 body: request.body.isEmpty ? nil : request.body,
                                                 timeoutMillis: request.timeoutMillis > 0 ? Int(request.timeoutMillis) : client.timeoutMillis,
                                                 client: client)
                let micros = Int64(Date().timeIntervalSince(started) * 1e6)
                switch result {
                case .success(let response):
                    action = iteration.handle(response: ResponseView(status: response.status, headers: response.headers,
                                                                     body: response.body, latencyMicros: micros))
                case .failure(let failure):
                    action = iteration.handle(response: ResponseView(status: 0, transportError: failure.message, latencyMicros: micros))
                }
            }
        }
        return IterationOutcome(flowName: "setup", succeeded: false, failureReason: "too many steps", checks: [], steps: [],
                                groups: [], extracted: [:])
    }
}

/// What a worker counted of a scenario beyond requests: flows and groups timed as business transactions,
/// checks, iterations. Mergeable like `EndpointMetrics`.
public struct ScenarioTally: Sendable {
    public struct Transaction: Sendable {
        public var duration = LatencyHistogram()
        public var succeeded: UInt64 = 0
        public var failed: UInt64 = 0
        public var interrupted: UInt64 = 0
        public init() {}

        mutating func add(_ other: Transaction) {
            duration.add(other.duration)
            succeeded &+= other.succeeded
            failed &+= other.failed
            interrupted &+= other.interrupted
        }
    }

    public var flows: [String: Transaction] = [:]
    /// Per flow: iterations, failed iterations and coarse durations per second of completion, for `compare`.
    public var flowWindows: [String: WindowSeries] = [:]
    public var groups: [String: Transaction] = [:]
    /// Pass and fail counts indexed by check id.
    public var checkPasses: [UInt64]
    public var checkFails: [UInt64]
    /// Per check id: how often its step was never reached because the iteration ended early.
    public var checkNotRun: [UInt64]
    /// Per step name: iterations that ended before reaching it.
    public var stepsNotReached: [String: UInt64] = [:]
    /// Why steps failed, per step and kind, with samples.
    public var failures = FailureTally()
    /// The first failure reasons seen (bounded), for the summary.
    public var sampleFailures: [String] = []
    public var feederExhausted: String?

    public init(checkCount: Int) {
        checkPasses = Array(repeating: 0, count: checkCount)
        checkFails = Array(repeating: 0, count: checkCount)
        checkNotRun = Array(repeating: 0, count: checkCount)
    }

    /// Counts a finished iteration that took `durationMicros` end to end and ended in `second` of the run (nil:
    /// not known, no window).
    public mutating func add(_ outcome: IterationOutcome, durationMicros: UInt64, second: Int? = nil) {
        if let second {
            let value = CoarseHistogram.representativeMicros(index: CoarseHistogram.index(micros: durationMicros))
            flowWindows[outcome.flowName, default: WindowSeries()].add(
                WindowSeries.Window(second: max(0, second), requests: 1, errors: outcome.succeeded ? 0 : 1,
                                    latencyFlat: outcome.succeeded ? [value, 1] : []))
        }
        // Mutated in place: copying a transaction out would copy its histogram (about 190 KB) per iteration.
        if outcome.succeeded {
            flows[outcome.flowName, default: Transaction()].succeeded &+= 1
            flows[outcome.flowName, default: Transaction()].duration.record(micros: durationMicros)
        } else {
            flows[outcome.flowName, default: Transaction()].failed &+= 1
            if sampleFailures.count < 20, let reason = outcome.failureReason { sampleFailures.append(reason) }
        }
        for timing in outcome.groups {
            groups[timing.name, default: Transaction()].succeeded &+= 1
            groups[timing.name, default: Transaction()].duration.record(micros: UInt64(max(0, timing.durationMicros)))
        }
        countChecks(outcome.checks)
        for name in outcome.stepsNotReached { stepsNotReached[name, default: 0] &+= 1 }
        for id in outcome.checksNotRun where id >= 0 && id < checkNotRun.count { checkNotRun[id] &+= 1 }
    }

    /// Counts an iteration cut short at the end of the run.
    public mutating func addInterrupted(flowName: String, checks: [CheckVerdict]) {
        flows[flowName, default: Transaction()].interrupted &+= 1
        countChecks(checks)
    }

    private mutating func countChecks(_ verdicts: [CheckVerdict]) {
        for verdict in verdicts where verdict.checkID >= 0 && verdict.checkID < checkPasses.count {
            if verdict.passed { checkPasses[verdict.checkID] &+= 1 } else { checkFails[verdict.checkID] &+= 1 }
        }
    }

    /// Merges another worker's tally.
    public mutating func add(_ other: ScenarioTally) {
        for (name, t) in other.flows { flows[name, default: Transaction()].add(t) }
        for (name, t) in other.groups { groups[name, default: Transaction()].add(t) }
        for (name, w) in other.flowWindows { flowWindows[name] = flowWindows[name].map { $0.merged(with: w, offsetSeconds: 0) } ?? w }
        for i in checkPasses.indices where i < other.checkPasses.count {
            checkPasses[i] &+= other.checkPasses[i]
            checkFails[i] &+= other.checkFails[i]
            if i < other.checkNotRun.count, i < checkNotRun.count { checkNotRun[i] &+= other.checkNotRun[i] }
        }
        for (name, count) in other.stepsNotReached { stepsNotReached[name, default: 0] &+= count }
        failures.add(other.failures)
        for reason in other.sampleFailures where sampleFailures.count < 20 { sampleFailures.append(reason) }
        feederExhausted = feederExhausted ?? other.feederExhausted
    }

    /// Passed checks / evaluated checks (nil when none ran).
    public var checkPassRate: Double? {
        let passes = checkPasses.reduce(0, +), total = passes + checkFails.reduce(0, +)
        return total == 0 ? nil : Double(passes) / Double(total)
    }

    /// Succeeded / finished iterations (nil when none finished).
    public var iterationSuccessRate: Double? {
        let ok = flows.values.reduce(0) { $0 + $1.succeeded }, failed = flows.values.reduce(0) { $0 + $1.failed }
        return ok + failed == 0 ? nil : Double(ok) / Double(ok + failed)
    }
}

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
    public var groups: [String: Transaction] = [:]
    /// Pass and fail counts indexed by check id.
    public var checkPasses: [UInt64]
    public var checkFails: [UInt64]
    /// The first failure reasons seen (bounded), for the summary.
    public var sampleFailures: [String] = []
    public var feederExhausted: String?

    public init(checkCount: Int) {
        checkPasses = Array(repeating: 0, count: checkCount)
        checkFails = Array(repeating: 0, count: checkCount)
    }

    /// Counts a finished iteration that took `durationMicros` end to end.
    public mutating func add(_ outcome: IterationOutcome, durationMicros: UInt64) {
        var flow = flows[outcome.flowName] ?? Transaction()
        if outcome.succeeded {
            flow.succeeded &+= 1
            flow.duration.record(micros: durationMicros)
        } else {
            flow.failed &+= 1
            if sampleFailures.count < 20, let reason = outcome.failureReason { sampleFailures.append(reason) }
        }
        flows[outcome.flowName] = flow
        for timing in outcome.groups {
            var group = groups[timing.name] ?? Transaction()
            group.succeeded &+= 1
            group.duration.record(micros: UInt64(max(0, timing.durationMicros)))
            groups[timing.name] = group
        }
        countChecks(outcome.checks)
    }

    /// Counts an iteration cut short at the end of the run.
    public mutating func addInterrupted(flowName: String, checks: [CheckVerdict]) {
        var flow = flows[flowName] ?? Transaction()
        flow.interrupted &+= 1
        flows[flowName] = flow
        countChecks(checks)
    }

    private mutating func countChecks(_ verdicts: [CheckVerdict]) {
        for verdict in verdicts where verdict.checkID >= 0 && verdict.checkID < checkPasses.count {
            if verdict.passed { checkPasses[verdict.checkID] &+= 1 } else { checkFails[verdict.checkID] &+= 1 }
        }
    }

    /// Merges another worker's tally.
    public mutating func add(_ other: ScenarioTally) {
        for (name, t) in other.flows { var mine = flows[name] ?? Transaction(); mine.add(t); flows[name] = mine }
        for (name, t) in other.groups { var mine = groups[name] ?? Transaction(); mine.add(t); groups[name] = mine }
        for i in checkPasses.indices where i < other.checkPasses.count {
            checkPasses[i] &+= other.checkPasses[i]
            checkFails[i] &+= other.checkFails[i]
        }
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

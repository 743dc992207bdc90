/// Builds the iterations of one worker: picks flows by weight, draws feeder rows, numbers iterations.
///
/// One factory per worker (or per virtual user); nothing is shared, so no locks. Give each worker a distinct
/// seed, `firstSeq` = worker index and `seqStride` = worker count so `${seq}` is unique across the run, and
/// `feeders.partition(index:count:)` so `unique` rows are never used twice.
public struct IterationFactory {
    /// Why no iteration could be built.
    public enum Refusal: Error, Equatable, Sendable {
        /// A `unique` feeder ran out of rows: report it and stop the workload.
        case feederExhausted(String)
        /// The workload has no flow to pick.
        case noFlows
    }

    /// The scenario.
    public let scenario: Scenario
    /// Variables captured by setup, visible to every iteration.
    public var globals: [String: String]
    /// This worker's feeder cursors.
    public var feeders: FeederSet
    /// The random source; each iteration gets a split of it.
    public var random: SplitMix64
    /// The `${seq}` of the next iteration.
    public private(set) var nextSeq: Int
    /// Flows taken in turn by `${seq}` instead of by weight (`--iterations N`: each flow N times). The workers'
    /// `${seq}` slices together cover 0..<total, so every flow runs exactly as often.
    public var flowsInTurn = false
    private let seqStride: Int
    private let picker: FlowPicker
    /// `flowMix: exact`: iterations picked so far and where this worker's sequence starts (seeded).
    private var spreadCount = 0
    private let spreadStart: Double
    private let variableOrder: [String]
    private let env: (String) -> String?
    private let nowEpochMillis: () -> Int64

    /// Creates a factory for a workload (nil = all flows).
    public init(
        scenario: Scenario, workload: Workload? = nil, globals: [String: String] = [:], feeders: FeederSet? = nil,
        seed: UInt64, firstSeq: Int = 0, seqStride: Int = 1,
        env: @escaping (String) -> String?, nowEpochMillis: @escaping () -> Int64
    ) {
        self.scenario = scenario
        self.globals = globals
        self.feeders = feeders ?? FeederSet(scenario.feeders)
        self.random = SplitMix64(seed: seed)
        self.nextSeq = firstSeq
        self.seqStride = max(seqStride, 1)
        self.picker = FlowPicker(flows: scenario.flows, only: workload?.flowNames)
        var startSource = SplitMix64(seed: seed ^ 0x5EED_F10E_0000_0001)
        self.spreadStart = Double.random(in: 0..<1, using: &startSource)
        self.variableOrder = scenario.variables.keys.sorted()
        self.env = env
        self.nowEpochMillis = nowEpochMillis
    }

    /// The next iteration: a weighted pick (or the given flow index), fresh feeder rows and the next `seq`.
    public mutating func next(flowIndex: Int? = nil) -> Result<FlowIteration, Refusal> {
        guard flowIndex != nil || !picker.isEmpty else { return .failure(.noFlows) }
        let index: Int
        if let flowIndex {
            index = flowIndex
        } else if flowsInTurn {
            index = picker.inTurn(nextSeq)
        } else if scenario.flowMix == .exact {
            index = picker.spread(spreadCount, start: spreadStart)
            spreadCount += 1
        } else {
            index = picker.pick(using: &random)
        }
        guard scenario.flows.indices.contains(index) else { return .failure(.noFlows) }
        var rows: [String: [String: String]] = [:]
        if !feeders.isEmpty {
            switch feeders.draw(using: &random) {
            case .rows(let drawn): rows = drawn
            case .exhausted(let name): return .failure(.feederExhausted(name))
            }
        }
        let seq = nextSeq
        nextSeq = nextSeq.addingReportingOverflow(seqStride).overflow ? 0 : nextSeq + seqStride
        return .success(iteration(for: scenario.flows[index], rows: rows, seq: seq))
    }

    /// The setup iteration, run once before the load; pass its outcome to `adoptSetup(_:)`. Nil if none.
    public mutating func setupIteration() -> FlowIteration? {
        scenario.setup.map { iteration(for: $0, rows: firstRows(), seq: 0) }
    }

    /// Makes the values setup extracted visible to every later iteration (and to teardown).
    public mutating func adoptSetup(_ outcome: IterationOutcome) {
        globals.merge(outcome.extracted) { _, new in new }
    }

    /// The teardown iteration, run once after the load, seeing the globals. Nil if none.
    public mutating func teardownIteration() -> FlowIteration? {
        scenario.teardown.map { iteration(for: $0, rows: firstRows(), seq: 0) }
    }

    private func firstRows() -> [String: [String: String]] {
        var rows: [String: [String: String]] = [:]
        for feeder in scenario.feeders where !feeder.rows.isEmpty { rows[feeder.name] = feeder.row(0) }
        return rows
    }

    private mutating func iteration(for flow: Flow, rows: [String: [String: String]], seq: Int) -> FlowIteration {
        var context = TemplateContext(
            variables: globals, definitions: scenario.variables, rows: rows, seq: seq, random: random.split(),
            env: env, nowEpochMillis: nowEpochMillis)
        // Scenario variables are rendered once per iteration, so `${email}` is the same value in every step;
        // sorted so the random source is consumed in a reproducible order.
        for name in variableOrder where context.variables[name] == nil {
            context.variables[name] = scenario.variables[name]?.render(&context)
        }
        return FlowIteration(flow: flow, target: scenario.target, defaults: scenario.defaults, context: context)
    }
}

/// One iteration of a flow as a state machine: it returns actions, the engine carries them out.
///
/// ```
/// var iteration = FlowIteration(flow: flow, target: scenario.target, defaults: scenario.defaults, context: context)
/// var action = iteration.start()
/// loop: .send(request) → engine sends → action = iteration.handle(response:)
///       .think(nanos)  → engine waits → action = iteration.handleThinkDone()
///       .finished(outcome) → count it
/// ```
/// It never sleeps, reads a clock or does I/O; randomness and time come in through the `TemplateContext`.
///
/// Cost per request is kept small: templates, JSON paths and regexes are compiled when the scenario loads, and a
/// response body is decoded (as JSON or text) at most once, shared by every extraction and check of the step.
public struct FlowIteration {
    enum State {
        case ready
        case awaitingResponse(RequestStep, group: String?)
        case thinking
        /// A failed iteration waits out the think times it skipped, then ends with this outcome.
        case waitingOut(IterationOutcome)
        case finished
    }

    /// The flow being run.
    public let flow: Flow
    let target: String
    let defaults: RequestDefaults
    /// The template context: variables extracted so far, feeder rows, seq, random source, env, clock.
    public internal(set) var context: TemplateContext
    var state = State.ready
    var programCounter = 0
    var requestIndex = -1
    var openGroups: [(name: String, micros: Int64)] = []
    var checks: [CheckVerdict] = []
    var steps: [StepRecord] = []
    var groups: [GroupTiming] = []
    var firstFailure: String?
    var extracted: [String: String] = [:]
    /// The URL of the request last sent, for failure samples.
    var lastURL = ""
    /// Failed steps not yet taken by the engine.
    var failureEvents: [FailureEvent] = []

    /// Records of the requests answered so far, for an engine that cuts an iteration short (graceful stop).
    public var stepsSoFar: [StepRecord] { steps }

    /// Check verdicts so far, for the same reason.
    public var checksSoFar: [CheckVerdict] { checks }

    /// The failed steps since the last call, for the engine to count as failure causes.
    public mutating func takeFailureEvents() -> [FailureEvent] {
        guard !failureEvents.isEmpty else { return [] }
        defer { failureEvents.removeAll() }
        return failureEvents
    }

    /// Prepares an iteration; nothing happens until `start()`.
    public init(flow: Flow, target: String, defaults: RequestDefaults, context: TemplateContext) {
        self.flow = flow
        self.target = target
        self.defaults = defaults
        self.context = context
        checks.reserveCapacity(8)
        steps.reserveCapacity(flow.program.count)
    }

    /// The first action: a request, a think, or (for an empty flow) the outcome.
    public mutating func start() -> FlowAction {
        guard case .ready = state else { return finish(failure: "start() called twice") }
        return advance()
    }

    /// Feeds the response of the request last returned; extracts, checks, and returns the next action.
    public mutating func handle(response: ResponseView) -> FlowAction {
        guard case .awaitingResponse(let step, let group) = state else {
            return finish(failure: "handle(response:) called while no request was outstanding")
        }
        for index in openGroups.indices { openGroups[index].micros.addSaturating(response.latencyMicros) }
        let failure = evaluate(step, group: group, response: response)
        if let failure {
            firstFailure = firstFailure ?? failure.reason
            if failure.fatal || !step.continueOnFail { return finish(failure: failure.reason) }
        }
        return advance()
    }

    /// The outcome of a failed iteration that is waiting out its skipped think times: an engine that cuts the
    /// iteration short counts it as failed, not interrupted.
    public var pendingOutcome: IterationOutcome? {
        if case .waitingOut(let outcome) = state { return outcome }
        return nil
    }

    /// Called when the pause last returned has elapsed.
    public mutating func handleThinkDone() -> FlowAction {
        if case .waitingOut(let outcome) = state {
            state = .finished
            return .finished(outcome)
        }
        guard case .thinking = state else { return finish(failure: "handleThinkDone() called while not thinking") }
        return advance()
    }

    mutating func advance() -> FlowAction {
        while programCounter < flow.program.count {
            let instruction = flow.program[programCounter]
            programCounter += 1
            switch instruction {
            case .groupBegin(let name):
                openGroups.append((name, 0))
            case .groupEnd:
                if let group = openGroups.popLast() {
                    groups.append(GroupTiming(name: group.name, durationMicros: group.micros))
                }
            case .think(let think, _):
                let nanos = think.sampleNanos(using: &context.random)
                for index in openGroups.indices { openGroups[index].micros.addSaturating(nanos / 1_000) }
                state = .thinking
                return .think(nanos: nanos)
            case .request(let step, let group):
                requestIndex += 1
                switch render(step, group: group) {
                case .success(let request):
                    state = .awaitingResponse(step, group: group)
                    return .send(request)
                case .failure(let failure):
                    record(refused: failure, step: step, group: group)
                    firstFailure = firstFailure ?? failure.reason
                    return finish(failure: failure.reason)
                }
            }
        }
        return finish(failure: nil)
    }

    mutating func finish(failure: String?) -> FlowAction {
        var outcome = IterationOutcome(
            flowName: flow.name, succeeded: failure == nil, failureReason: failure, checks: checks, steps: steps,
            groups: groups, extracted: extracted)
        if failure != nil { (outcome.stepsNotReached, outcome.checksNotRun) = notReached() }
        // A failed iteration keeps the offered load: it still waits the think times of the steps it skipped, so a
        // failing target sees the pace a passing one would (not a virtual user hammering it).
        if failure != nil {
            let skipped = skippedThinkNanos()
            if skipped > 0 {
                state = .waitingOut(outcome)
                return .think(nanos: skipped)
            }
        }
        state = .finished
        return .finished(outcome)
    }

    /// The think times after the failed step, sampled as they would have been.
    mutating func skippedThinkNanos() -> Int64 {
        var total: Int64 = 0
        for instruction in flow.program[min(programCounter, flow.program.count)...] {
            if case .think(let think, _) = instruction { total.addSaturating(think.sampleNanos(using: &context.random)) }
        }
        return total
    }

    /// The request steps after the program counter and their checks: what an iteration ended early never ran.
    func notReached() -> (steps: [String], checks: [Int]) {
        var names: [String] = [], ids: [Int] = []
        for instruction in flow.program[min(programCounter, flow.program.count)...] {
            guard case .request(let step, _) = instruction else { continue }
            names.append(step.name)
            ids += step.checks.map(\.id)
        }
        return (names, ids)
    }
}

extension Int64 {
    /// Adds, stopping at the bounds instead of trapping (durations summed from engine-reported latencies).
    mutating func addSaturating(_ other: Int64) {
        let (sum, overflow) = addingReportingOverflow(other)
        self = overflow ? (other > 0 ? .max : .min) : sum
    }
}

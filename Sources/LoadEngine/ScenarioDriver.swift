import BenchCore

/// Drives scenario flows on a worker's slots: each slot runs one `FlowIteration` at a time, the engine carries
/// out its requests and thinks, the driver feeds responses back and tallies flows, groups and checks.
public final class ScenarioDriver: SlotDriver {
    private var factory: IterationFactory
    private let endpointIndexByStep: [String: Int]
    private var iterations: [FlowIteration?]
    private var iterationStart: [UInt64]
    private var lastKnownNanos: [UInt64]
    private let onExhausted: (String) -> Void
    /// Whether any check or extraction reads a response header (else headers are never parsed).
    private let readsResponseHeaders: Bool
    /// The header pairs last sent and their "Name: value" lines, reused while they repeat (the easy handle
    /// then sees the same array and keeps its header list).
    private var lastHeaderPairs: [(String, String)] = []
    private var lastHeaderLines: [String] = []
    /// `--http-debug`: prints the requests and responses of the first iterations.
    public var debugLog: HTTPDebugLog?
    /// Per slot: the debug number of its iteration and the request in flight, while it is being printed.
    private var debugTickets: [Int: (number: Int, label: String, request: HTTPRequestSpec?)] = [:]
    /// Receives every declared write (`record:`) as it ends; nil when no audit was asked for.
    public var writeSink: WriteSink?
    /// Per flow, the `record:` declarations of its request steps by request index.
    private let declarations: [String: [Int: WriteDeclaration]]
    /// Per slot, the declared write in flight and the body it sent.
    private var pendingWrites: [Int: (declaration: WriteDeclaration, body: [UInt8], seq: Int)] = [:]
    /// What this driver counted; read after the run.
    public private(set) var tally: ScenarioTally
    /// The `${seq}` the next iteration would get: a sweep's next level starts after it.
    public var nextSeq: Int { factory.nextSeq }
    /// The feeder cursors as drawn so far: a sweep's next level continues after them.
    public var feeders: FeederSet { factory.feeders }

    /// - Parameters:
    ///   - endpointIndexByStep: step name → endpoint index in the run's endpoint table.
    ///   - onExhausted: called once when a `unique` feeder runs out (the caller stops the run).
    public init(factory: IterationFactory, slots: Int, endpointIndexByStep: [String: Int], checkCount: Int,
                onExhausted: @escaping (String) -> Void) {
        self.factory = factory
        self.endpointIndexByStep = endpointIndexByStep
        iterations = Array(repeating: nil, count: slots)
        iterationStart = Array(repeating: 0, count: slots)
        lastKnownNanos = Array(repeating: 0, count: slots)
        self.onExhausted = onExhausted
        readsResponseHeaders = factory.scenario.flows.contains { $0.readsResponseHeaders }
        tally = ScenarioTally(checkCount: checkCount)
        declarations = Self.declarations(factory.scenario.flows)
    }

    private static func declarations(_ flows: [Flow]) -> [String: [Int: WriteDeclaration]] {
        var result: [String: [Int: WriteDeclaration]] = [:]
        for flow in flows {
            var index = 0
            for instruction in flow.program {
                guard case .request(let step, _) = instruction else { continue }
                if let record = step.record { result[flow.name, default: [:]][index] = record }
                index += 1
            }
        }
        return result
    }

    public var capturesResponses: Bool { true }

    public var liveChecks: (passed: UInt64, failed: UInt64) {
        (tally.checkPasses.reduce(0, &+), tally.checkFails.reduce(0, &+))
    }

    public func beginIteration(slot: Int, intendedNanos: UInt64) -> SlotAction {
        growIfNeeded(slot)
        switch factory.next() {
        case .success(var iteration):
            iterationStart[slot] = intendedNanos
            lastKnownNanos[slot] = intendedNanos
            if let number = debugLog?.admit() {
                debugTickets[slot] = (number, "flow '\(iteration.flow.name)', seq \(iteration.context.seq)", nil)
            }
            let action = iteration.start()
            countFailures(&iteration, atNanos: intendedNanos, response: nil)
            iterations[slot] = iteration
            return carryOut(action, slot: slot)
        case .failure(.feederExhausted(let name)):
            if tally.feederExhausted == nil {
                tally.feederExhausted = name
                onExhausted("feeder '\(name)' ran out of unique rows")
            }
            return .park
        case .failure(.noFlows):
            return .park
        }
    }

    public func completed(slot: Int, outcome: inout RequestOutcome, response: CapturedResponse?) -> SlotAction {
        guard var iteration = takeIteration(slot) else { return .iterationDone }
        lastKnownNanos[slot] = outcome.endNanos
        if let debugLog, let ticket = debugTickets[slot], let request = ticket.request {
            debugLog.log(iteration: ticket.number, label: ticket.label, request: request, status: outcome.status,
                         latencyMicros: outcome.latencyMicros, response: response,
                         transportError: response?.errorText ?? outcome.error?.rawValue)
        }
        let view = ResponseView(status: outcome.status, transportError: outcome.error.flatMap { Self.transportError($0, response) },
                                headers: readsResponseHeaders ? response?.headerBlock.fields ?? [] : [],
                                body: response?.body ?? [],
                                latencyMicros: Int64(outcome.latencyMicros))
        if let sink = writeSink, let pending = pendingWrites.removeValue(forKey: slot),
           let event = WriteEvent.capture(pending.declaration, requestBody: pending.body, status: outcome.status,
                                          transportFailed: outcome.error?.isTransport ?? false, responseBody: response?.body ?? [],
                                          atNanos: outcome.endNanos, slot: slot, seq: pending.seq) {
            sink.record(event)
        }
        let stepsBefore = iteration.stepsSoFar.count
        let action = iteration.handle(response: view)
        countFailures(&iteration, atNanos: outcome.endNanos, response: response)
        iterations[slot] = iteration
        // A response that was fine on the wire but failed a check or an extraction is counted as such; a status
        // of 400 or more that the step's check expects (`status: 404`) is not an error.
        if outcome.error == nil || outcome.error == .http4xx || outcome.error == .http5xx {
            let steps: [StepRecord]
            if case .finished(let result) = action { steps = result.steps } else { steps = iteration.stepsSoFar }
            if steps.count > stepsBefore, let step = steps.last {
                if outcome.error == nil, step.failed { outcome.error = .checkFailed }
                if outcome.error != nil, !step.failed, outcome.status >= 400 { outcome.error = nil }
            }
        }
        return carryOut(action, slot: slot)
    }

    public func waitElapsed(slot: Int, nowNanos: UInt64) -> SlotAction {
        guard var iteration = takeIteration(slot) else { return .iterationDone }
        lastKnownNanos[slot] = nowNanos
        let action = iteration.handleThinkDone()
        countFailures(&iteration, atNanos: nowNanos, response: nil)
        iterations[slot] = iteration
        return carryOut(action, slot: slot)
    }

    public func interrupted(slot: Int) {
        guard slot < iterations.count, let iteration = iterations[slot] else { return }
        if let sink = writeSink, let pending = pendingWrites.removeValue(forKey: slot),
           let event = WriteEvent.capture(pending.declaration, requestBody: pending.body, status: 0, transportFailed: true,
                                          responseBody: [], atNanos: lastKnownNanos[slot], slot: slot, seq: pending.seq) {
            // Aborted in flight at the end of the run: it may have been stored.
            sink.record(event)
        }
        if let failed = iteration.pendingOutcome {
            // It had failed and was waiting out its think times: a failure, not an interruption.
            tally.add(failed, durationMicros: 0, second: Int(lastKnownNanos[slot] / 1_000_000_000))
        } else {
            tally.addInterrupted(flowName: iteration.flow.name, checks: iteration.checksSoFar)
        }
        iterations[slot] = nil
    }

    /// Counts the steps that just failed as failure causes; the headers are parsed only for a kept sample.
    private func countFailures(_ iteration: inout FlowIteration, atNanos: UInt64, response: CapturedResponse?) {
        for event in iteration.takeFailureEvents() {
            tally.failures.add(event, atNanos: atNanos, headers: { response?.headerBlock.fields ?? [] })
        }
    }

    private func carryOut(_ action: FlowAction, slot: Int) -> SlotAction {
        switch action {
        case .send(let request):
            let endpoint = endpointIndexByStep[request.stepName] ?? 0
            let spec = HTTPRequestSpec(id: -1, endpointIndex: endpoint, method: request.method, url: request.url,
                                       headers: headerLines(request.headers),
                                       body: request.body.isEmpty && request.method == "GET" ? nil : request.body)
            if debugTickets[slot] != nil { debugTickets[slot]?.request = spec }
            if writeSink != nil, let iteration = iterations[slot],
               let declaration = declarations[iteration.flow.name]?[request.stepIndex] {
                pendingWrites[slot] = (declaration, request.body, iteration.context.seq)
            }
            return .send(spec)
        case .think(let nanos):
            return .wait(untilNanos: lastKnownNanos[slot] &+ UInt64(max(0, nanos)))
        case .finished(let outcome):
            let duration = lastKnownNanos[slot] > iterationStart[slot] ? (lastKnownNanos[slot] - iterationStart[slot]) / 1_000 : 0
            tally.add(outcome, durationMicros: duration, second: Int(lastKnownNanos[slot] / 1_000_000_000))
            iterations[slot] = nil
            debugTickets[slot] = nil
            return .iterationDone
        }
    }

    /// Moves the slot's iteration out, so its arrays stay uniquely referenced while it appends to them
    /// (a copy left in `iterations` would make every append copy them).
    private func takeIteration(_ slot: Int) -> FlowIteration? {
        guard slot < iterations.count else { return nil }
        var iteration: FlowIteration?
        swap(&iteration, &iterations[slot])
        return iteration
    }

    private func growIfNeeded(_ slot: Int) {
        while iterations.count <= slot {
            iterations.append(nil)
            iterationStart.append(0)
            lastKnownNanos.append(0)
        }
    }

    /// A failed step's transport error as its failure reason shows it: the kind, then libcurl's words when known
    /// ("receive: Recv failure: Connection reset by peer"); nil when a response came.
    static func transportError(_ kind: ErrorKind, _ response: CapturedResponse?) -> String? {
        guard kind.isTransport else { return nil }
        guard let text = response?.errorText, !text.isEmpty else { return kind.rawValue }
        return kind.rawValue + ": " + text
    }

    /// The `(name, value)` pairs of a captured header block.
    static func parseHeaders(_ block: ResponseHeaderBlock) -> [(String, String)] {
        block.fields
    }

    private func headerLines(_ pairs: [(String, String)]) -> [String] {
        if pairs.count != lastHeaderPairs.count || !zip(pairs, lastHeaderPairs).allSatisfy({ $0 == $1 }) {
            lastHeaderPairs = pairs
            lastHeaderLines = pairs.map { "\($0.0): \($0.1)" }
        }
        return lastHeaderLines
    }
}

extension ErrorKind {
    /// Whether the failure happened below HTTP (no usable response).
    public var isTransport: Bool {
        switch self {
        case .http4xx, .http5xx, .checkFailed: return false
        default: return true
        }
    }
}

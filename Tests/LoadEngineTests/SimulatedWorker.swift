import BenchCore
@testable import LoadEngine

/// Plays `Worker.run`'s loop over a `WorkerStateMachine` with a manual clock and no sockets: every transfer
/// takes `serviceNanos`, the loop sleeps to its next wake, a transfer's end or at most 100 ms (the poll
/// timeout), and a stop or abort asked for at a time is seen at the first turn at or after it.
struct SimulatedWorker {
    struct Sent: Equatable {
        var slot: Int
        var intendedNanos: UInt64
        var actualNanos: UInt64
    }

    private(set) var machine: WorkerStateMachine
    let clock: ManualClock
    /// How long each transfer takes; nil: the server never answers.
    let serviceNanos: UInt64?
    var stopAtNanos: UInt64?
    var abortAtNanos: UInt64?
    private(set) var sent: [Sent] = []
    /// Ended requests, and those counted as timeouts at the graceful-stop deadline.
    private(set) var recorded: [RequestOutcome] = []
    private(set) var maxInFlight = 0
    /// The run ended (not cut off by the turn limit).
    private(set) var finished = false
    private var transferEnds: [Int: UInt64] = [:]
    private var actions: [WorkerAction] = []

    /// A worker of an engine with this configuration, with its share of the arrivals and the iteration limit.
    init(config: EngineConfiguration, driver: any SlotDriver, clock: ManualClock = ManualClock(),
         serviceNanos: UInt64?, worker: Int = 0) {
        let engine = Engine(configuration: config, endpointNames: ["x"])
        machine = WorkerStateMachine(slots: engine.slotCount(worker: worker), config: config, driver: driver,
                                     schedule: engine.makeSchedule(worker: worker),
                                     iterationLimit: engine.iterationLimit(worker: worker),
                                     workerIndex: worker, workerCount: config.threads)
        self.clock = clock
        self.serviceNanos = serviceNanos
    }

    var lateArrivals: UInt64 { machine.lateArrivals }
    var droppedArrivals: UInt64 { machine.droppedArrivals }
    var timeouts: Int { recorded.filter { $0.error == .timeout }.count }

    mutating func run(maxTurns: Int = 1_000_000) {
        if stopRequestedNow { machine.requestStop() }
        machine.start(nowNanos: clock.nowNanos, into: &actions)
        carryOut()
        for _ in 0..<maxTurns {
            if stopRequestedNow { machine.requestStop() }
            machine.tick(nowNanos: clock.nowNanos, into: &actions)
            carryOut()
            completeDueTransfers()
            let abort = abortAtNanos.map { clock.nowNanos >= $0 } ?? false
            let step = machine.afterTransfers(nowNanos: clock.nowNanos, abortRequested: abort, into: &actions)
            carryOut()
            guard case .sleep(let wake) = step else {
                finished = true
                break
            }
            var next = min(wake, clock.nowNanos &+ 100_000_000)
            if let end = transferEnds.values.min() { next = min(next, end) }
            for event in [stopAtNanos, abortAtNanos] {
                if let event, event > clock.nowNanos { next = min(next, event) }
            }
            clock.nowNanos = max(clock.nowNanos, next)
        }
        if stopRequestedNow { machine.requestStop() }
        machine.finish()
    }

    private var stopRequestedNow: Bool {
        if let stop = stopAtNanos, clock.nowNanos >= stop { return true }
        if let abort = abortAtNanos, clock.nowNanos >= abort { return true }
        return false
    }

    private mutating func carryOut() {
        var position = 0
        while position < actions.count {
            let action = actions[position]
            position += 1
            switch action {
            case .send(let slot, _):
                machine.sendStarted(slot: slot, actualStartNanos: clock.nowNanos)
                let state = machine.slots[slot]
                sent.append(Sent(slot: slot, intendedNanos: state.intendedNanos, actualNanos: clock.nowNanos))
                transferEnds[slot] = serviceNanos.map { clock.nowNanos &+ $0 } ?? .max
                maxInFlight = max(maxInFlight, machine.inFlight)
            case .abortTransfer(let slot, let countAsTimeout):
                transferEnds[slot] = nil
                if countAsTimeout {
                    let state = machine.slots[slot]
                    recorded.append(RequestOutcome(endpointIndex: state.endpointIndex,
                                                   intendedStartNanos: state.intendedNanos,
                                                   actualStartNanos: state.actualStartNanos, endNanos: clock.nowNanos,
                                                   status: 0, error: .timeout))
                }
            }
        }
        actions.removeAll(keepingCapacity: true)
    }

    /// Ends the transfers due by now, earliest first, as the loop reads them after `curl_multi_perform`.
    private mutating func completeDueTransfers() {
        let now = clock.nowNanos
        let due = transferEnds.filter { $0.value <= now }.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
        for (slot, _) in due {
            transferEnds[slot] = nil
            let state = machine.slots[slot]
            var outcome = RequestOutcome(endpointIndex: state.endpointIndex, intendedStartNanos: state.intendedNanos,
                                         actualStartNanos: state.actualStartNanos, endNanos: now, status: 200)
            let next = machine.transferEnded(slot: slot, outcome: &outcome, response: nil)
            recorded.append(outcome)
            if let action = machine.proceed(slot: slot, with: next, endNanos: now, nowNanos: now) {
                actions.append(action)
                carryOut()
            }
        }
    }
}

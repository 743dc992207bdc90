import BenchCore

/// The decisions of one worker, without libcurl and without a clock: which slot starts an iteration when, which
/// arrivals are late or dropped, when the run stops, drains and ends, and when the loop must wake next.
///
/// The event loop (`Worker`) reads the clock, passes the time in and carries out what comes back as
/// `WorkerAction`s: appended to a buffer it owns and reuses, or, for an ended transfer, returned (no allocation
/// per request). The slot driver says what each slot sends; the machine decides when a slot may start. Tests
/// drive it with a manual clock (`SimulatedWorker`).
struct WorkerStateMachine {
    enum Phase: Equatable {
        case running
        /// No new iteration starts (open-model arrivals due before the end still may); what runs may finish
        /// until the deadline.
        case draining(untilNanos: UInt64)
        case done
    }

    /// What the loop does once it has read its finished transfers.
    enum Step: Equatable {
        /// Wait for sockets until this offset from the run's start.
        case sleep(untilNanos: UInt64)
        /// The run is over (drained, or what was still running was aborted).
        case finish
    }

    let driver: any SlotDriver
    /// Open model: iterations start at the schedule's times; false: closed model.
    let isOpen: Bool
    private var schedule: (any ArrivalSchedule)?
    private let vuProfile: StageProfile?
    private let workerIndex: Int
    private let workerCount: Int
    private let iterationLimit: UInt64?
    private let durationNanos: UInt64
    private let gracefulStopNanos: UInt64
    private let maxArrivalWaitNanos: UInt64

    private(set) var slots: [SlotState]
    /// Open model: slots without an iteration, the next one to take last.
    private var freeSlots: [Int] = []
    private var waiting: SlotHeap
    private(set) var phase = Phase.running
    private(set) var inFlight = 0
    private(set) var iterationsStarted: UInt64 = 0
    private(set) var stopRequested = false
    private var nextArrivalNanos: UInt64?

    private(set) var completedIterations: UInt64 = 0
    private(set) var interruptedIterations: UInt64 = 0
    private(set) var abortedRequests: UInt64 = 0
    /// Open model: arrivals that started more than a millisecond after their time.
    private(set) var lateArrivals: UInt64 = 0
    /// Open model: arrivals never sent (no free slot within `maxArrivalWaitNanos`, or the run ended first).
    private(set) var droppedArrivals: UInt64 = 0
    /// Closed model: iterations that waited before the next because the last request got no response.
    private(set) var transportBackoffs: UInt64 = 0
    /// Slots in `waiting` for a backoff rather than a think time (they hold no iteration).
    private var backingOffCount = 0

    /// The first backoff after a transport failure; each further failure in a row doubles it, up to the cap. A
    /// closed model's virtual user then makes at most 100 attempts a second against a dead target, and about one
    /// a second once it has failed seven times in a row.
    static let firstBackoffNanos: UInt64 = 10_000_000
    static let maxBackoffNanos: UInt64 = 1_000_000_000

    /// The backoff after `failures` transport failures in a row (≥ 1).
    static func backoffNanos(failures: Int) -> UInt64 {
        let doublings = UInt64(min(max(failures - 1, 0), 30))
        return min(maxBackoffNanos, firstBackoffNanos << doublings)
    }
    /// Open model: arrivals that found every slot busy at their time (each counted once, sent late or dropped).
    private(set) var blockedArrivals: UInt64 = 0
    /// The pending arrival is already counted in `blockedArrivals`.
    private var pendingArrivalBlocked = false

    /// - Parameters:
    ///   - schedule: this worker's share of the open model's arrivals; nil for a closed model.
    ///   - iterationLimit: this worker's share of `maxIterations`.
    ///   - workerIndex, workerCount: for this worker's share of a closed model's virtual-user stages.
    init(slots: Int, config: EngineConfiguration, driver: any SlotDriver, schedule: (any ArrivalSchedule)?,
         iterationLimit: UInt64?, workerIndex: Int = 0, workerCount: Int = 1) {
        self.driver = driver
        self.schedule = schedule
        isOpen = schedule != nil
        vuProfile = config.model.userProfile
        self.workerIndex = workerIndex
        self.workerCount = workerCount
        self.iterationLimit = iterationLimit
        durationNanos = config.durationNanos
        gracefulStopNanos = config.gracefulStopNanos
        maxArrivalWaitNanos = config.maxArrivalWaitNanos
        self.slots = Array(repeating: SlotState(), count: slots)
        waiting = SlotHeap(capacity: slots)
        nextArrivalNanos = self.schedule?.nextOffsetNanos()
        let preopen = config.preopenConnections
        let share = preopen / max(1, workerCount) + (workerIndex < preopen % max(1, workerCount) ? 1 : 0)
        preopenSlots = 0..<min(slots, share)
    }

    /// The slots whose connections open before the schedule starts (this worker's share of
    /// `EngineConfiguration.preopenConnections`).
    let preopenSlots: Range<Int>

    /// Slots running an iteration now (virtual users at work, or open-model arrivals under way); read once a
    /// second for the live panel.
    var activeSlots: Int { slots.reduce(0) { $0 + ($1.inIteration && !$1.backingOff ? 1 : 0) } }

    // MARK: events

    /// The run begins: a closed model starts its slots, an open model frees them for arrivals.
    mutating func start(nowNanos: UInt64, into actions: inout [WorkerAction]) {
        if isOpen {
            freeSlots = Array(slots.indices.reversed())
        } else {
            startParkedSlots(at: nowNanos, into: &actions)
        }
    }

    /// A stop was asked for (Ctrl-C, a feeder ran out): no new iteration starts, no scheduled arrival is sent
    /// and none is counted as dropped.
    mutating func requestStop() { stopRequested = true }

    /// The top of a loop turn: starts due arrivals, enters draining when the run should stop, starts closed-model
    /// slots the stage profile asks for, and ends due waits.
    mutating func tick(nowNanos: UInt64, into actions: inout [WorkerAction]) {
        // Arrivals due before the end still start after a late wakeup, and while draining they may still
        // take a slot another request frees: the run sends its whole schedule or counts what it dropped.
        if sendsArrivals { startDueArrivals(at: nowNanos, into: &actions) }
        if case .running = phase, shouldStop(at: nowNanos) {
            phase = .draining(untilNanos: nowNanos &+ gracefulStopNanos)
        }
        if case .running = phase, !isOpen, vuProfile != nil { startParkedSlots(at: nowNanos, into: &actions) }
        wakeDueWaiters(at: nowNanos, into: &actions)
    }

    /// The event loop has taken a `.send` at this time, just before handing it to libcurl.
    @inline(__always)
    mutating func sendStarted(slot: Int, actualStartNanos: UInt64) {
        slots[slot].actualStartNanos = actualStartNanos
    }

    /// libcurl refused a `.send`: the slot is free again (the event loop counted the error).
    mutating func sendFailed(slot: Int, nowNanos: UInt64, into actions: inout [WorkerAction]) {
        slots[slot].busy = false
        inFlight -= 1
        releaseSlot(slot, nowNanos: nowNanos, into: &actions)
    }

    /// A transfer ended: asks the driver what the slot does next (the driver may mark the outcome failed).
    /// Pass the answer to `proceed` once the outcome is recorded.
    @inline(__always)
    mutating func transferEnded(slot: Int, outcome: inout RequestOutcome, response: CapturedResponse?) -> SlotAction {
        slots[slot].busy = false
        inFlight -= 1
        // Read before the driver: it may mark a response failed (a check), which is not a transport failure.
        if let kind = outcome.error, kind.isTransport { slots[slot].transportFailures += 1 } else { slots[slot].transportFailures = 0 }
        return driver.completed(slot: slot, outcome: &outcome, response: response)
    }

    /// Carries out the driver's answer to an ended transfer. `nowNanos` is when the slot is released: a closed
    /// model's next iteration is meant to start then.
    ///
    /// Returns the one send this can lead to (the slot's next request, or the first of its next iteration)
    /// rather than appending it to a buffer: this is the per-request path, and the buffer's copies cost.
    @inline(__always)
    mutating func proceed(slot: Int, with next: SlotAction, endNanos: UInt64, nowNanos: UInt64) -> WorkerAction? {
        slots[slot].intendedNanos = endNanos
        var sink = OneAction()
        act(slot: slot, next, nowNanos: nowNanos, into: &sink)
        return sink.action
    }

    /// After the loop turn's finished transfers: whether the run is over (drained, or the graceful stop ran out or
    /// an abort was asked for, which aborts what still runs), else until when the loop may sleep.
    mutating func afterTransfers(nowNanos: UInt64, abortRequested: Bool, into actions: inout [WorkerAction]) -> Step {
        if case .draining(let until) = phase {
            // A slot backing off holds no iteration: nothing is left to drain for it.
            if inFlight == 0 && waiting.count == backingOffCount && !hasArrivalDue { return .finish }
            if nowNanos >= until || abortRequested {
                abortInFlight(atDeadline: !abortRequested, into: &actions)
                return .finish
            }
        }
        return .sleep(untilNanos: nextWakeNanos(after: nowNanos))
    }

    /// The run ended: open-model arrivals due before the end but never sent are counted as dropped.
    mutating func finish() {
        if sendsArrivals { dropUnsentArrivals() }
        phase = .done
    }

    // MARK: decisions

    private func shouldStop(at nowNanos: UInt64) -> Bool {
        if stopRequested { return true }
        if durationNanos > 0 && nowNanos >= durationNanos { return true }
        if let limit = iterationLimit, iterationsStarted >= limit, !isOpen { return true }
        if isOpen && nextArrivalNanos == nil && freeSlots.count == slots.count && waiting.isEmpty { return true }
        return false
    }

    /// Open model: arrivals due before this offset belong to the run (the end of its duration).
    private var arrivalHorizonNanos: UInt64 { durationNanos > 0 ? durationNanos : .max }

    /// Open model: whether scheduled arrivals are still sent. A stop request ends them; the end of the duration
    /// does not end those due before it.
    private var sendsArrivals: Bool {
        guard isOpen, !stopRequested else { return false }
        if case .done = phase { return false }
        return true
    }

    /// Open model: an arrival due before the end has not been sent yet.
    private var hasArrivalDue: Bool {
        guard sendsArrivals, let due = nextArrivalNanos else { return false }
        return due < arrivalHorizonNanos
    }

    private mutating func startDueArrivals(at nowNanos: UInt64, into actions: inout [WorkerAction]) {
        while let due = nextArrivalNanos, due <= nowNanos, due < arrivalHorizonNanos {
            if let limit = iterationLimit, iterationsStarted >= limit { nextArrivalNanos = nil; break }
            if let slot = freeSlots.popLast() {
                if nowNanos &- due > 1_000_000 { lateArrivals &+= 1 }
                startIteration(slot: slot, intendedNanos: due, nowNanos: nowNanos, into: &actions)
            } else {
                if !pendingArrivalBlocked { blockedArrivals &+= 1 }
                pendingArrivalBlocked = true
                guard nowNanos &- due > maxArrivalWaitNanos else { break }
                droppedArrivals &+= 1
            }
            pendingArrivalBlocked = false
            nextArrivalNanos = schedule?.nextOffsetNanos()
        }
    }

    /// Open model, at the end: arrivals of the schedule that were due before the end but never sent (the
    /// graceful stop ran out while every slot was busy) are counted as dropped, not forgotten.
    private mutating func dropUnsentArrivals() {
        var counted: UInt64 = 0
        while let due = nextArrivalNanos, due < arrivalHorizonNanos, counted < 100_000_000 {
            if let limit = iterationLimit, iterationsStarted &+ counted >= limit { break }
            droppedArrivals &+= 1
            counted &+= 1
            nextArrivalNanos = schedule?.nextOffsetNanos()
        }
        nextArrivalNanos = nil
    }

    private mutating func wakeDueWaiters(at nowNanos: UInt64, into actions: inout [WorkerAction]) {
        while let first = waiting.first, first.deadline <= nowNanos {
            _ = waiting.popFirst()
            if slots[first.slot].backingOff {
                slots[first.slot].backingOff = false
                backingOffCount -= 1
                releaseSlot(first.slot, nowNanos: nowNanos, into: &actions)
                continue
            }
            // While draining, iterations already under way go on (gracefulStop); none start.
            slots[first.slot].intendedNanos = first.deadline
            act(slot: first.slot, driver.waitElapsed(slot: first.slot, nowNanos: nowNanos), nowNanos: nowNanos,
                into: &actions)
        }
    }

    /// Closed model: how many of this worker's slots should be running iterations now.
    private func activeSlotTarget(at nowNanos: UInt64) -> Int {
        guard let profile = vuProfile else { return slots.count }
        let total = Int(profile.value(atNanos: nowNanos).rounded())
        let share = total / workerCount + (workerIndex < total % workerCount ? 1 : 0)
        return min(slots.count, max(0, share))
    }

    /// Closed model: starts iterations on idle slots up to the active target (all slots without stages).
    private mutating func startParkedSlots(at nowNanos: UInt64, into actions: inout [WorkerAction]) {
        let target = activeSlotTarget(at: nowNanos)
        for slot in 0..<target where !slots[slot].inIteration {
            if shouldStop(at: nowNanos) { return }
            startIteration(slot: slot, intendedNanos: nowNanos, nowNanos: nowNanos, into: &actions)
        }
    }

    private mutating func startIteration<Sink: ActionSink>(slot: Int, intendedNanos: UInt64, nowNanos: UInt64,
                                                           into actions: inout Sink) {
        iterationsStarted &+= 1
        slots[slot].inIteration = true
        slots[slot].intendedNanos = intendedNanos
        act(slot: slot, driver.beginIteration(slot: slot, intendedNanos: intendedNanos), nowNanos: nowNanos,
            into: &actions)
    }

    /// Takes a driver's decision for a slot.
    private mutating func act<Sink: ActionSink>(slot: Int, _ action: SlotAction, nowNanos: UInt64, into actions: inout Sink) {
        switch action {
        case .send(let request):
            // Counted in flight from now: a send libcurl refuses comes back through `sendFailed`.
            slots[slot].endpointIndex = request.endpointIndex
            slots[slot].busy = true
            inFlight += 1
            actions.append(.send(slot: slot, request: request))
        case .wait(let until):
            waiting.push(deadline: until, slot: slot)
        case .iterationDone:
            completedIterations &+= 1
            if !isOpen && slots[slot].transportFailures > 0 {
                // Closed model: a virtual user whose last request got no response waits before its next
                // iteration, so a dead target is not hammered (an open model keeps its schedule: that is its load).
                transportBackoffs &+= 1
                slots[slot].backingOff = true
                backingOffCount += 1
                waiting.push(deadline: nowNanos &+ Self.backoffNanos(failures: slots[slot].transportFailures), slot: slot)
                return
            }
            releaseSlot(slot, nowNanos: nowNanos, into: &actions)
        case .park:
            slots[slot].inIteration = false
            if isOpen { freeSlots.append(slot) }
        }
    }

    private mutating func releaseSlot<Sink: ActionSink>(_ slot: Int, nowNanos: UInt64, into actions: inout Sink) {
        slots[slot].inIteration = false
        if !isOpen {
            if case .running = phase, !shouldStop(at: nowNanos), slot < activeSlotTarget(at: nowNanos) {
                startIteration(slot: slot, intendedNanos: nowNanos, nowNanos: nowNanos, into: &actions)
            }
        } else {
            freeSlots.append(slot)
        }
    }

    /// Ends every request still in flight and every wait. At the graceful-stop deadline each request is also
    /// counted as one that failed with `timeout`: a server that never answers must show in the result, not vanish
    /// from it. An abort (a second Ctrl-C) only counts them in `abortedRequests`.
    private mutating func abortInFlight(atDeadline: Bool, into actions: inout [WorkerAction]) {
        for slot in slots.indices where slots[slot].busy {
            slots[slot].busy = false
            inFlight -= 1
            driver.interrupted(slot: slot)
            interruptedIterations &+= 1
            abortedRequests &+= 1
            actions.append(.abortTransfer(slot: slot, countAsTimeout: atDeadline))
        }
        for slot in waiting.slots {
            if slots[slot].backingOff {
                slots[slot].backingOff = false
                slots[slot].inIteration = false
                continue
            }
            driver.interrupted(slot: slot)
            interruptedIterations &+= 1
        }
        waiting.removeAll()
        backingOffCount = 0
    }

    /// The latest the loop may sleep to: the next second (the worker reports each one), the end of the duration,
    /// the next arrival if a slot is free for it, the next stage step, the next wait's end, the drain deadline.
    func nextWakeNanos(after nowNanos: UInt64) -> UInt64 {
        var wake = (nowNanos / 1_000_000_000 + 1) * 1_000_000_000
        if case .running = phase {
            if durationNanos > 0 { wake = min(wake, durationNanos) }
            if let due = nextArrivalNanos, !freeSlots.isEmpty { wake = min(wake, due) }
            if vuProfile != nil { wake = min(wake, nowNanos &+ 50_000_000) }
        } else if case .draining(let until) = phase {
            wake = min(wake, until)
            if hasArrivalDue, let due = nextArrivalNanos, !freeSlots.isEmpty { wake = min(wake, due) }
        }
        if let first = waiting.first { wake = min(wake, first.deadline) }
        return max(wake, nowNanos)
    }
}

/// Where the machine's decisions put their actions: the event loop's reused buffer, or one slot.
private protocol ActionSink {
    mutating func append(_ action: WorkerAction)
}

extension Array: ActionSink where Element == WorkerAction {}

/// At most one action: what one ended transfer leads to (its slot's next send, if any).
private struct OneAction: ActionSink {
    var action: WorkerAction?

    mutating func append(_ action: WorkerAction) {
        // An ended transfer leads to at most one send (its slot's next request): a second cannot come.
        if self.action == nil { self.action = action }
    }
}

import BenchCore
import CCurl

/// One event loop on one thread: owns its multi handle, its easy handles and its metrics (no locks on the
/// per-request path). Carries out what the slot driver decides; measures every request.
///
/// The loop waits in `curl_multi_poll` or, through `SocketActionLoop`, in epoll with
/// `curl_multi_socket_action` (`EngineConfiguration.eventLoop`); everything else is the same for both.
final class Worker {
    private enum Phase { case running, draining(untilNanos: UInt64), done }

    let index: Int
    private let config: EngineConfiguration
    private let control: RunControl
    private let driver: SlotDriver
    private var schedule: (any ArrivalSchedule)?
    private let isOpen: Bool
    private let vuProfile: StageProfile?
    private let totalConnections: Int
    private let workerCount: Int
    private let iterationLimit: UInt64?
    /// The poll loop's multi handle; the first of `multis`.
    private let multi: MultiHandle
    /// The epoll loop spreads the slots over several (slot `i` on `multis[i % count]`); the poll loop has one.
    private let multis: [MultiHandle]
    private let timer: TimerFD?
    /// Set when this worker runs on epoll with `curl_multi_socket_action`; nil: `curl_multi_poll`.
    private let sockets: SocketActionLoop?
    private var handles: [EasyHandle] = []
    private var slotIntended: [UInt64]
    private var slotActual: [UInt64]
    private var slotEndpoint: [Int]
    private var slotBusy: [Bool]
    private var slotInIteration: [Bool]
    private var freeSlots: [Int] = []
    private var waiting: SlotHeap
    private var phase = Phase.running
    private var inFlight = 0
    private var iterationsStarted: UInt64 = 0
    private var arrivalIndex: UInt64 = 0
    private var nextArrivalNanos: UInt64?

    private(set) var output: WorkerOutput

    init?(index: Int, slots: Int, config: EngineConfiguration, control: RunControl, driver: SlotDriver,
          endpointNames: [String], schedule: (any ArrivalSchedule)?, iterationLimit: UInt64?, workerCount: Int) {
        let timer = TimerFD()
        let epoll = config.eventLoop.resolved(connections: slots) == .epoll && timer != nil
        let multiCount = epoll ? SocketActionLoop.multiCount(connections: slots, perMulti: config.connectionsPerMulti) : 1
        var multis: [MultiHandle] = []
        for shard in 0..<multiCount {
            let shardSlots = slots / multiCount + (shard < slots % multiCount ? 1 : 0)
            guard let multi = MultiHandle(maxConnections: shardSlots, http2: config.client.http2) else { return nil }
            multis.append(multi)
        }
        self.index = index
        self.config = config
        self.control = control
        self.driver = driver
        self.schedule = schedule
        isOpen = schedule != nil
        if case .closedStages(let profile) = config.model { vuProfile = profile } else { vuProfile = nil }
        totalConnections = config.connections
        self.workerCount = workerCount
        self.iterationLimit = iterationLimit
        multi = multis[0]
        self.multis = multis
        self.timer = timer
        if epoll, let timer {
            sockets = SocketActionLoop(multis: multis, timer: timer, slots: slots)
        } else {
            sockets = nil
        }
        if sockets == nil && multis.count > 1 { return nil }
        slotIntended = Array(repeating: 0, count: slots)
        slotActual = Array(repeating: 0, count: slots)
        slotEndpoint = Array(repeating: 0, count: slots)
        slotBusy = Array(repeating: false, count: slots)
        slotInIteration = Array(repeating: false, count: slots)
        waiting = SlotHeap(capacity: slots)
        output = WorkerOutput(endpointNames: endpointNames)
        output.eventLoop = sockets == nil ? .poll : .epoll
        for slot in 0..<slots {
            guard let handle = EasyHandle(slot: slot, options: config.client) else { return nil }
            if slots > 1_000 { handle.useSmallBuffers() }
            if driver.capturesResponses { handle.enableCapture() }
            sockets?.attach(handle)
            handles.append(handle)
        }
        nextArrivalNanos = self.schedule?.nextOffsetNanos()
    }

    // The connections close while the socket loop, whose callbacks they call, is still alive.
    deinit { for multi in multis { multi.close() } }

    @inline(__always) private func multi(of slot: Int) -> MultiHandle {
        multis.count == 1 ? multi : multis[slot % multis.count]
    }

    @inline(__always) private func now() -> UInt64 { MonotonicClock.nowNanos() &- control.startNanos }

    /// Runs until the duration, the iteration limit or a stop request, then drains and returns.
    func run() {
        let cpuStart = MonotonicClock.threadCPUNanos()
        let wallStart = now()
        var second = SecondSample(second: Int(wallStart / 1_000_000_000))
        if isOpen {
            freeSlots = Array(handles.indices.reversed())
        } else {
            startParkedSlots(at: wallStart)
        }
        while true {
            var current = now()
            // Arrivals due before the end still start after a late wakeup, and while draining they may still
            // take a slot another request frees: the run sends its whole schedule or counts what it dropped.
            if sendsArrivals { startDueArrivals(at: current) }
            if case .running = phase, shouldStop(at: current) {
                phase = .draining(untilNanos: current &+ config.gracefulStopNanos)
            }
            if case .running = phase, !isOpen, vuProfile != nil { startParkedSlots(at: current) }
            wakeDueWaiters(at: current)
            if let sockets {
                sockets.runDueTimeouts(nowAbsoluteNanos: current &+ control.startNanos)
            } else {
                _ = multi.perform()
            }
            if let sockets {
                sockets.drainCompleted { finished(easy: $0, code: $1, second: &second) }
            } else {
                multi.drainCompleted { finished(easy: $0, code: $1, second: &second) }
            }
            current = now()
            let secondNow = Int(current / 1_000_000_000)
            if secondNow > second.second { flush(&second, upTo: secondNow) }
            if case .draining(let until) = phase {
                if inFlight == 0 && waiting.isEmpty && !hasArrivalDue { break }
                if current >= until || control.abortRequested {
                    abortInFlight(atDeadline: !control.abortRequested, second: &second)
                    break
                }
            }
            sleep(until: nextWake(after: current, second: second.second))
        }
        if sendsArrivals { dropUnsentArrivals() }
        let end = now()
        flush(&second, upTo: Int(end / 1_000_000_000) + 1)
        output.cpuNanos = MonotonicClock.threadCPUNanos() &- cpuStart
        output.wallNanos = end &- wallStart
        phase = .done
        releaseConnections()
    }

    /// Frees libcurl's handles and connections as soon as the run is over, and hands the freed memory back
    /// to the system: what comes after the run (merging, reports) then does not add to the peak.
    private func releaseConnections() {
        handles.removeAll()
        for multi in multis { multi.close() }
        #if os(Linux)
        ccurl_release_free_memory()
        #endif
    }

    @inline(__always)
    private func finished(easy: UnsafeMutableRawPointer, code: CURLcode, second: inout SecondSample) {
        let end = now()
        let secondOfEnd = Int(end / 1_000_000_000)
        if secondOfEnd > second.second { flush(&second, upTo: secondOfEnd) }
        complete(easy: easy, code: code, endNanos: end, into: &second)
    }

    private func shouldStop(at nowNanos: UInt64) -> Bool {
        if control.stopRequested { return true }
        if config.durationNanos > 0 && nowNanos >= config.durationNanos { return true }
        if let limit = iterationLimit, iterationsStarted >= limit, !isOpen { return true }
        if isOpen && nextArrivalNanos == nil && freeSlots.count == handles.count && waiting.isEmpty { return true }
        return false
    }

    /// Open model: arrivals due before this offset belong to the run (the end of its duration).
    private var arrivalHorizonNanos: UInt64 { config.durationNanos > 0 ? config.durationNanos : .max }

    /// Open model: whether scheduled arrivals are still sent. A stop request ends them; the end of the duration
    /// does not end those due before it.
    private var sendsArrivals: Bool {
        guard isOpen, !control.stopRequested else { return false }
        if case .done = phase { return false }
        return true
    }

    /// Open model: an arrival due before the end has not been sent yet.
    private var hasArrivalDue: Bool {
        guard sendsArrivals, let due = nextArrivalNanos else { return false }
        return due < arrivalHorizonNanos
    }

    private func startDueArrivals(at nowNanos: UInt64) {
        while let due = nextArrivalNanos, due <= nowNanos, due < arrivalHorizonNanos {
            if let limit = iterationLimit, iterationsStarted >= limit { nextArrivalNanos = nil; break }
            if let slot = freeSlots.popLast() {
                if nowNanos &- due > 1_000_000 { output.lateArrivals &+= 1 }
                startIteration(slot: slot, intendedNanos: due)
            } else if nowNanos &- due > config.maxArrivalWaitNanos {
                output.droppedArrivals &+= 1
            } else {
                break
            }
            arrivalIndex &+= 1
            nextArrivalNanos = schedule?.nextOffsetNanos()
        }
    }

    /// Open model, at the end: arrivals of the schedule that were due before the end but never sent (the
    /// graceful stop ran out while every slot was busy) are counted as dropped, not forgotten.
    private func dropUnsentArrivals() {
        var counted: UInt64 = 0
        while let due = nextArrivalNanos, due < arrivalHorizonNanos, counted < 100_000_000 {
            if let limit = iterationLimit, iterationsStarted &+ counted >= limit { break }
            output.droppedArrivals &+= 1
            counted &+= 1
            nextArrivalNanos = schedule?.nextOffsetNanos()
        }
        nextArrivalNanos = nil
    }

    private func wakeDueWaiters(at nowNanos: UInt64) {
        while let first = waiting.first, first.deadline <= nowNanos {
            _ = waiting.popFirst()
            // While draining, iterations already under way go on (gracefulStop); none start.
            slotIntended[first.slot] = first.deadline
            act(slot: first.slot, driver.waitElapsed(slot: first.slot, nowNanos: nowNanos))
        }
    }

    /// Closed model: how many of this worker's slots should be running iterations now.
    private func activeSlotTarget(at nowNanos: UInt64) -> Int {
        guard let profile = vuProfile else { return handles.count }
        let total = Int(profile.value(atNanos: nowNanos).rounded())
        let share = total / workerCount + (index < total % workerCount ? 1 : 0)
        return min(handles.count, max(0, share))
    }

    /// Closed model: starts iterations on idle slots up to the active target (all slots without stages).
    private func startParkedSlots(at nowNanos: UInt64) {
        let target = activeSlotTarget(at: nowNanos)
        for slot in 0..<target where !slotInIteration[slot] {
            if shouldStop(at: nowNanos) { return }
            startIteration(slot: slot, intendedNanos: nowNanos)
        }
    }

    private func startIteration(slot: Int, intendedNanos: UInt64) {
        iterationsStarted &+= 1
        slotInIteration[slot] = true
        slotIntended[slot] = intendedNanos
        act(slot: slot, driver.beginIteration(slot: slot, intendedNanos: intendedNanos))
    }

    /// Carries out a driver's decision for a slot.
    private func act(slot: Int, _ action: SlotAction) {
        switch action {
        case .send(let request):
            let handle = handles[slot]
            handle.configure(request)
            handle.resetCapture()
            slotEndpoint[slot] = request.endpointIndex
            slotActual[slot] = now()
            if multi(of: slot).add(handle) {
                slotBusy[slot] = true
                inFlight += 1
            } else {
                output.endpoints[output.clamp(request.endpointIndex)].countError(.other)
                releaseSlot(slot)
            }
        case .wait(let until):
            waiting.push(deadline: until, slot: slot)
        case .iterationDone:
            output.completedIterations &+= 1
            releaseSlot(slot)
        case .park:
            slotInIteration[slot] = false
            if isOpen { freeSlots.append(slot) }
        }
    }

    private func releaseSlot(_ slot: Int) {
        slotInIteration[slot] = false
        if !isOpen {
            let current = now()
            if case .running = phase, !shouldStop(at: current), slot < activeSlotTarget(at: current) {
                startIteration(slot: slot, intendedNanos: current)
            }
        } else {
            freeSlots.append(slot)
        }
    }

    private func complete(easy: UnsafeMutableRawPointer, code: CURLcode, endNanos: UInt64, into second: inout SecondSample) {
        var privatePointer: UnsafeMutableRawPointer?
        _ = ccurl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &privatePointer)
        guard let privatePointer else { return }
        let handle = Unmanaged<EasyHandle>.fromOpaque(privatePointer).takeUnretainedValue()
        let slot = handle.slot
        multi(of: slot).remove(handle)
        slotBusy[slot] = false
        inFlight -= 1
        let info = TransferInfo.read(easy)
        let error = TransferInfo.classify(code: code, status: info.status, connected: info.connectMicros > 0)
        var outcome = RequestOutcome(endpointIndex: slotEndpoint[slot], intendedStartNanos: slotIntended[slot],
                                     actualStartNanos: slotActual[slot], endNanos: endNanos, phases: info.phases,
                                     status: code == CURLE_OK ? info.status : 0,
                                     bytesSent: info.sent, bytesReceived: info.received, error: error)
        outcome.httpVersion = info.httpVersion
        let response: CapturedResponse? = handle.captureResponse
            ? CapturedResponse(status: outcome.status, headerLines: handle.headerLines, body: handle.body, error: error)
            : nil
        let next = driver.completed(slot: slot, outcome: &outcome, response: response)
        record(outcome, into: &second)
        if outcome.lagMicros > 1_000 { second.lateRequests &+= 1 }
        slotIntended[slot] = endNanos
        act(slot: slot, next)
    }

    /// Adds one ended request to the worker's metrics and to the current second.
    @inline(__always)
    private func record(_ outcome: RequestOutcome, into second: inout SecondSample) {
        output.endpoints[output.clamp(outcome.endpointIndex)].add(outcome)
        output.lag.record(micros: outcome.lagMicros)
        second.add(outcome)
        output.requests &+= 1
    }

    /// Ends every request still in flight. At the graceful-stop deadline each one is also counted as a request
    /// that failed with `timeout`, its latency running to the abort: a server that never answers must show in the
    /// result, not vanish from it. A second Ctrl-C (the user's abort) only counts them in `abortedRequests`.
    private func abortInFlight(atDeadline: Bool, second: inout SecondSample) {
        let end = now()
        for slot in handles.indices where slotBusy[slot] {
            multi(of: slot).remove(handles[slot])
            slotBusy[slot] = false
            inFlight -= 1
            driver.interrupted(slot: slot)
            output.interruptedIterations &+= 1
            output.abortedRequests &+= 1
            if atDeadline {
                record(RequestOutcome(endpointIndex: slotEndpoint[slot], intendedStartNanos: slotIntended[slot],
                                      actualStartNanos: slotActual[slot], endNanos: end, status: 0, error: .timeout),
                       into: &second)
            }
        }
        for slot in waiting.slots {
            driver.interrupted(slot: slot)
            output.interruptedIterations &+= 1
        }
        waiting.removeAll()
    }

    private func flush(_ second: inout SecondSample, upTo newSecond: Int) {
        control.report(second, worker: index, inFlight: inFlight, completedTotal: output.requests)
        second = SecondSample(second: newSecond)
    }

    private func nextWake(after nowNanos: UInt64, second: Int) -> UInt64 {
        var wake = UInt64(second + 1) * 1_000_000_000
        if case .running = phase {
            if config.durationNanos > 0 { wake = min(wake, config.durationNanos) }
            if let due = nextArrivalNanos, !freeSlots.isEmpty { wake = min(wake, due) }
            if vuProfile != nil { wake = min(wake, nowNanos &+ 50_000_000) }
        } else if case .draining(let until) = phase {
            wake = min(wake, until)
            if hasArrivalDue, let due = nextArrivalNanos, !freeSlots.isEmpty { wake = min(wake, due) }
        }
        if let first = waiting.first { wake = min(wake, first.deadline) }
        return max(wake, nowNanos)
    }

    private func sleep(until wakeNanos: UInt64) {
        if let sockets {
            sockets.wait(untilAbsoluteNanos: wakeNanos &+ control.startNanos)
            return
        }
        let nowNanos = now()
        guard wakeNanos > nowNanos else {
            multi.poll(extraFD: -1, timeoutMillis: 0)
            return
        }
        let remaining = wakeNanos - nowNanos
        if let timer {
            timer.arm(atNanos: wakeNanos &+ control.startNanos)
            multi.poll(extraFD: timer.fd, timeoutMillis: Int32(min(remaining / 1_000_000 + 1, 100)))
            if now() >= wakeNanos { timer.drain() }
        } else {
            multi.poll(extraFD: -1, timeoutMillis: Int32(min(remaining / 1_000_000, 100)))
        }
    }
}

import BenchCore
import CCurl

/// One event loop on one thread: owns its multi handle, its easy handles and its metrics (no locks on the
/// per-request path). Reads the clock, asks its `WorkerStateMachine` what to do and carries that out with
/// libcurl; measures every request.
///
/// The loop waits in `curl_multi_poll` or, through `SocketActionLoop`, in epoll with
/// `curl_multi_socket_action` (`EngineConfiguration.eventLoop`); everything else is the same for both.
// A final class owning C handles; handed to its thread before that starts and read again after it joined.
final class Worker: @unchecked Sendable {
    let index: Int
    private let control: RunControl
    private var machine: WorkerStateMachine
    /// What the machine asked for and the loop has not carried out yet; reused, so it allocates only while it grows.
    private var actions: [WorkerAction] = []
    /// When the requests still in flight were cut off (one reading for all of them).
    private var abortNanos: UInt64?
    /// The poll loop's multi handle; the first of `multis`.
    private let multi: MultiHandle
    /// The epoll loop spreads the slots over several (slot `i` on `multis[i % count]`); the poll loop has one.
    private let multis: [MultiHandle]
    private let timer: TimerFD?
    /// Set when this worker runs on epoll with `curl_multi_socket_action`; nil: `curl_multi_poll`.
    private let sockets: SocketActionLoop?
    private var handles: [EasyHandle] = []

    private(set) var output: WorkerOutput

    init?(index: Int, slots: Int, config: EngineConfiguration, control: RunControl, driver: SlotDriver,
          endpointNames: [String], schedule: (any ArrivalSchedule)?, iterationLimit: UInt64?, workerCount: Int) {
        let timer = TimerFD()
        let epoll = config.eventLoop.resolved(connections: slots) == .epoll && timer != nil
        let multiCount = epoll ? SocketActionLoop.multiCount(connections: slots, perMulti: config.connectionsPerMulti) : 1
        var multis: [MultiHandle] = []
        for shard in 0..<multiCount {
            let shardSlots = slots / multiCount + (shard < slots % multiCount ? 1 : 0)
            guard let multi = MultiHandle(maxConnections: shardSlots, http2: config.client.http2,
                                          streams: config.client.streamsPerConnection) else { return nil }
            multis.append(multi)
        }
        self.index = index
        self.control = control
        machine = WorkerStateMachine(slots: slots, config: config, driver: driver, schedule: schedule,
                                     iterationLimit: iterationLimit, workerIndex: index, workerCount: workerCount)
        actions.reserveCapacity(min(2 * slots, Self.keptActionCapacity))
        multi = multis[0]
        self.multis = multis
        self.timer = timer
        if epoll, let timer {
            sockets = SocketActionLoop(multis: multis, timer: timer, slots: slots)
        } else {
            sockets = nil
        }
        if sockets == nil && multis.count > 1 { return nil }
        output = WorkerOutput(endpointNames: endpointNames)
        output.eventLoop = sockets == nil ? .poll : .epoll
        for slot in 0..<slots {
            guard let handle = EasyHandle(slot: slot, options: config.client) else { return nil }
            if slots > 1_000 { handle.useSmallBuffers() }
            if driver.capturesResponses {
                handle.enableCapture()
            } else if driver.capturesFailedResponses {
                handle.enableFailureCapture()
            }
            sockets?.attach(handle)
            handles.append(handle)
        }
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
        if control.stopRequested { machine.requestStop() }
        machine.start(nowNanos: wallStart, into: &actions)
        carryOutActions(second: &second)
        while true {
            var current = now()
            if control.stopRequested { machine.requestStop() }
            machine.tick(nowNanos: current, into: &actions)
            carryOutActions(second: &second)
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
            let step = machine.afterTransfers(nowNanos: current, abortRequested: control.abortRequested, into: &actions)
            carryOutActions(second: &second)
            guard case .sleep(let wake) = step else { break }
            sleep(until: wake)
        }
        if control.stopRequested { machine.requestStop() }
        machine.finish()
        let end = now()
        flush(&second, upTo: Int(end / 1_000_000_000) + 1)
        output.completedIterations = machine.completedIterations
        output.interruptedIterations = machine.interruptedIterations
        output.abortedRequests = machine.abortedRequests
        output.lateArrivals = machine.lateArrivals
        output.droppedArrivals = machine.droppedArrivals
        output.transportBackoffs = machine.transportBackoffs
        output.blockedArrivals = machine.blockedArrivals
        output.cpuNanos = MonotonicClock.threadCPUNanos() &- cpuStart
        output.wallNanos = end &- wallStart
        releaseConnections()
    }

    /// Requests due before this offset belong to the warm-up: their lag and connects are reported apart.
    static let warmupWindowNanos: UInt64 = 1_000_000_000

    /// Opens connections before the schedule starts: a `HEAD` to `url` on each slot the machine names, all at
    /// once so that each gets a connection of its own, which stays in the multi handle's pool for the run's
    /// requests. Nothing is measured; gives up at `timeoutNanos` or a stop request.
    func preopen(url: String, headers: [String], timeoutNanos: UInt64) {
        let slots = machine.preopenSlots
        guard !slots.isEmpty else { return }
        let request = HTTPRequestSpec(id: -1, endpointIndex: 0, method: "HEAD", url: url, headers: headers)
        var pending = 0
        for slot in slots {
            handles[slot].configure(request)
            if multi(of: slot).add(handles[slot]) { pending += 1 }
        }
        let deadline = MonotonicClock.nowNanos() &+ timeoutNanos
        let done: (UnsafeMutableRawPointer, CURLcode) -> Void = { easy, code in
            var privatePointer: UnsafeMutableRawPointer?
            _ = ccurl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &privatePointer)
            guard let privatePointer else { return }
            let handle = Unmanaged<EasyHandle>.fromOpaque(privatePointer).takeUnretainedValue()
            self.multi(of: handle.slot).remove(handle)
            pending -= 1
            if code == CURLE_OK {
                // Recorded apart: these connects are not any measured request's.
                let phases = TransferInfo.read(easy).phases
                self.output.preopenedConnections += 1
                self.output.connectionsOpened &+= TransferInfo.connectionsOpened(easy)
                if phases.connectMicros > 0 { self.output.warmupConnect.record(micros: phases.connectMicros) }
                if phases.tlsMicros > 0 { self.output.warmupTLS.record(micros: phases.tlsMicros) }
            }
        }
        while pending > 0 && !control.stopRequested {
            let now = MonotonicClock.nowNanos()
            guard now < deadline else { break }
            if let sockets {
                sockets.runDueTimeouts(nowAbsoluteNanos: now)
                sockets.drainCompleted(done)
                if pending > 0 { sockets.wait(untilAbsoluteNanos: min(deadline, now &+ 10_000_000)) }
            } else {
                _ = multi.perform()
                multi.drainCompleted(done)
                if pending > 0 { multi.poll(extraFD: -1, timeoutMillis: 10) }
            }
        }
        for slot in slots { multi(of: slot).remove(handles[slot]) }
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

    /// Carries out what the machine asked for, including what it asks for while this runs (a refused send
    /// frees its slot for another iteration).
    @inline(__always)
    private func carryOutActions(second: inout SecondSample) {
        guard !actions.isEmpty else { return }
        var position = 0
        while position < actions.count {
            let action = actions[position]
            position += 1
            carryOut(action, second: &second)
        }
        if actions.capacity > 4 * Self.keptActionCapacity {
            // A burst (every closed-model slot starting at once: 10,000 sends, 1.4 MB) is over: hand its room back.
            // (Only well above the room kept: turns of a few thousand actions keep theirs rather than regrow it.)
            actions = []
            actions.reserveCapacity(Self.keptActionCapacity)
        } else {
            actions.removeAll(keepingCapacity: true)
        }
    }

    /// The room for actions kept between loop turns.
    static let keptActionCapacity = 1_024

    @inline(__always)
    private func carryOut(_ action: WorkerAction, second: inout SecondSample) {
        switch action {
        case .send(let slot, let request):
            let handle = handles[slot]
            handle.configure(request)
            handle.resetCapture()
            machine.sendStarted(slot: slot, actualStartNanos: now())
            if !multi(of: slot).add(handle) {
                output.endpoints[output.clamp(request.endpointIndex)].countError(.other)
                machine.sendFailed(slot: slot, nowNanos: now(), into: &actions)
            }
        case .abortTransfer(let slot, let countAsTimeout):
            let end = abortNanos ?? now()
            abortNanos = end
            multi(of: slot).remove(handles[slot])
            if countAsTimeout {
                let state = machine.slots[slot]
                record(RequestOutcome(endpointIndex: state.endpointIndex, intendedStartNanos: state.intendedNanos,
                                      actualStartNanos: state.actualStartNanos, endNanos: end, status: 0,
                                      error: .timeout),
                       into: &second)
            }
        }
    }

    @inline(__always)
    private func finished(easy: UnsafeMutableRawPointer, code: CURLcode, second: inout SecondSample) {
        let end = now()
        let secondOfEnd = Int(end / 1_000_000_000)
        if secondOfEnd > second.second { flush(&second, upTo: secondOfEnd) }
        complete(easy: easy, code: code, endNanos: end, into: &second)
    }

    private func complete(easy: UnsafeMutableRawPointer, code: CURLcode, endNanos: UInt64, into second: inout SecondSample) {
        var privatePointer: UnsafeMutableRawPointer?
        _ = ccurl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &privatePointer)
        guard let privatePointer else { return }
        let handle = Unmanaged<EasyHandle>.fromOpaque(privatePointer).takeUnretainedValue()
        let slot = handle.slot
        multi(of: slot).remove(handle)
        let state = machine.slots[slot]
        let info = TransferInfo.read(easy)
        let error: ErrorKind?
        var facts = FailureFacts()
        if code == CURLE_OK {
            error = ErrorKind.forStatus(info.status)
        } else {
            facts = TransferInfo.failureFacts(easy, handle: handle, code: code, requestSent: info.sent > 0)
            error = TransferInfo.classify(code: code, status: info.status, connected: info.connectMicros > 0, facts: facts)
        }
        // A transfer that failed, or whose status is not HTTP, got no response: status 0 and no HTTP version,
        // whatever libcurl read of a status line before it failed.
        let status = code == CURLE_OK && error != .protocol ? info.status : 0
        var outcome = RequestOutcome(endpointIndex: state.endpointIndex, intendedStartNanos: state.intendedNanos,
                                     actualStartNanos: state.actualStartNanos, endNanos: endNanos, phases: info.phases,
                                     status: status, bytesSent: info.sent, bytesReceived: info.received, error: error)
        outcome.httpVersion = status > 0 ? info.httpVersion : .noResponse
        var response: CapturedResponse?
        if handle.captureResponse {
            response = CapturedResponse(status: status, headerLines: handle.headerLines, body: handle.body, error: error,
                                        errorText: status == 0 ? TransferInfo.failureText(code: code, status: info.status, facts: facts) : nil)
        } else if handle.captureFailures, status == 0 || status >= 400 {
            response = CapturedResponse(status: status, headerLines: status == 0 ? ResponseHeaderBlock() : handle.receivedHeaders(status: status),
                                        body: handle.failureBodyState == 1 ? handle.body : [], error: error,
                                        errorText: status == 0 ? TransferInfo.failureText(code: code, status: info.status, facts: facts) : nil)
        }
        let next = machine.transferEnded(slot: slot, outcome: &outcome, response: response)
        record(outcome, into: &second)
        if outcome.lagMicros > 1_000 { second.lateRequests &+= 1 }
        if info.connectMicros > 0 && outcome.intendedStartNanos < Self.warmupWindowNanos { output.connectsFirstSecond &+= 1 }
        output.connectionsOpened &+= TransferInfo.connectionsOpened(easy)
        // A closed model's next iteration is meant to start when the slot is released, after the recording.
        let releaseNanos = machine.isOpen ? endNanos : now()
        if let action = machine.proceed(slot: slot, with: next, endNanos: endNanos, nowNanos: releaseNanos) {
            carryOut(action, second: &second)
            // What a refused send led to (nothing, but for that).
            carryOutActions(second: &second)
        }
    }

    /// Adds one ended request to the worker's metrics and to the current second.
    @inline(__always)
    private func record(_ outcome: RequestOutcome, into second: inout SecondSample) {
        output.endpoints[output.clamp(outcome.endpointIndex)].add(outcome)
        output.lag.record(micros: outcome.lagMicros)
        if outcome.intendedStartNanos < Self.warmupWindowNanos {
            output.warmupLag.record(micros: outcome.lagMicros)
        } else {
            output.steadyLag.record(micros: outcome.lagMicros)
        }
        second.add(outcome)
        output.requests &+= 1
    }

    private func flush(_ second: inout SecondSample, upTo newSecond: Int) {
        let checks = machine.driver.liveChecks
        control.report(second, worker: index, inFlight: machine.inFlight, completedTotal: output.requests,
                       live: LiveCounts(activeVirtualUsers: machine.activeSlots, iterations: machine.completedIterations,
                                        checksPassed: checks.passed, checksFailed: checks.failed))
        second = SecondSample(second: newSecond)
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

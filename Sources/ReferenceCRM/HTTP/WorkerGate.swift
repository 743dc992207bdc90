/// At most `permits` requests doing their CPU work at once (`--workers N`): N cores' worth of request work.
///
/// A request waits in arrival order for a free worker. The gate is a lock and a queue of continuations rather
/// than an actor, so an uncontended pass costs one lock round trip.
final class WorkerGate: Sendable {
    private struct State {
        var free: Int
        /// Waiters in arrival order; `head` is the oldest one not yet resumed.
        var waiting: [CheckedContinuation<Void, Never>] = []
        var head = 0

        mutating func popOldest() -> CheckedContinuation<Void, Never>? {
            guard head < waiting.count else { return nil }
            let oldest = waiting[head]
            head += 1
            if head == waiting.count {
                waiting.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 1_024 && head * 2 >= waiting.count {
                waiting.removeFirst(head)
                head = 0
            }
            return oldest
        }
    }

    /// How many requests may work at once.
    let permits: Int
    private let state: LockedBox<State>

    /// A gate with `permits` workers (at least one).
    init(permits: Int) {
        self.permits = max(1, permits)
        state = LockedBox(State(free: max(1, permits)))
    }

    /// Requests waiting for a worker now.
    var waitingCount: Int { state.withLock { $0.waiting.count - $0.head } }

    /// Runs `body` while holding one worker; waits for a free one first.
    func withWorker<Result>(_ body: () async throws -> Result) async rethrows -> Result {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        let acquired = state.withLock { state -> Bool in
            guard state.free > 0 else { return false }
            state.free -= 1
            return true
        }
        if acquired { return }
        await withCheckedContinuation { continuation in
            // Re-check under the lock: a worker may have been released since the fast path looked.
            let immediate = state.withLock { state -> Bool in
                if state.free > 0 {
                    state.free -= 1
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if immediate { continuation.resume() }
        }
    }

    private func release() {
        // The freed worker passes straight to the oldest waiter, so a burst cannot overtake the queue.
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let oldest = state.popOldest() { return oldest }
            state.free += 1
            return nil
        }
        next?.resume()
    }
}

#if canImport(Glibc)
import Glibc
import CCurl

/// Drives multi handles with `curl_multi_socket_action` and epoll: libcurl says which sockets it watches
/// (socket callback) and when it next needs a call (timer callback); a wait costs the sockets that are ready,
/// not the sockets that are open. The worker's timerfd sits in the same epoll set.
///
/// One worker's connections are spread over several multi handles (`connectionsPerMulti` each): libcurl
/// 7.x looks through its whole connection cache when a transfer starts (for an idle connection) and when a
/// handle is removed, so with one multi handle a request at 10,000 connections costs a walk over 10,000
/// connections. One epoll set serves all of them.
///
/// Between two requests on a keep-alive connection libcurl stops watching the socket and then watches it
/// again. Such a socket stays in the set meanwhile, so a request on a reused connection costs no
/// `epoll_ctl`; if it reports while nobody watches it (the server closed an idle connection) it leaves the
/// set then. This needs to know when a descriptor number starts a new life: libcurl opens and closes its
/// connection sockets through our callbacks (`CURLOPT_OPENSOCKETFUNCTION`, `CURLOPT_CLOSESOCKETFUNCTION`).
/// Other descriptors libcurl may watch (a resolver's socket pair) are added and removed at once.
final class SocketActionLoop {
    /// Connections per multi handle: short cache walks, few handles.
    static let connectionsPerMulti = 500

    /// One multi handle and libcurl's next timeout for it (absolute monotonic nanoseconds; `.max`: none).
    fileprivate final class Shard {
        unowned let loop: SocketActionLoop
        let index: Int
        let multi: MultiHandle
        var deadlineNanos: UInt64 = .max
        /// Something ran on this handle since its finished transfers were last read.
        var touched = false

        init(loop: SocketActionLoop, index: Int, multi: MultiHandle) {
            self.loop = loop
            self.index = index
            self.multi = multi
        }
    }

    private var shards: [Shard] = []
    private let timer: TimerFD
    private let epollFD: Int32
    private let events: UnsafeMutableRawPointer
    private let eventCapacity: Int32
    /// Per descriptor number: the epoll events libcurl watches (0: none), those registered in the set
    /// (0: not in it), and whether it is a connection socket opened through our callback.
    private var watched: UnsafeMutablePointer<UInt32>
    private var registered: UnsafeMutablePointer<UInt32>
    private var ownSocket: UnsafeMutablePointer<Bool>
    /// Per descriptor number: the shard whose multi handle watches it.
    private var shardOf: UnsafeMutablePointer<Int32>
    private var tableCapacity: Int
    private var running: Int32 = 0

    /// How many multi handles a worker with this many connections spreads them over.
    static func multiCount(connections: Int, perMulti: Int = connectionsPerMulti) -> Int {
        let perMulti = max(1, perMulti)
        return max(1, (connections + perMulti - 1) / perMulti)
    }

    init?(multis: [MultiHandle], timer: TimerFD, slots: Int) {
        let epollFD = ccurl_epoll_create()
        guard epollFD >= 0 else { return nil }
        guard ccurl_epoll_ctl(epollFD, EPOLL_CTL_ADD, timer.fd, ccurl_epoll_events_for(Int32(CURL_POLL_IN))) == 0 else {
            close(epollFD)
            return nil
        }
        self.timer = timer
        self.epollFD = epollFD
        eventCapacity = Int32(min(max(slots + 1, 16), 1_024))
        events = UnsafeMutableRawPointer.allocate(byteCount: Int(eventCapacity) * ccurl_epoll_event_size(), alignment: 8)
        tableCapacity = max(1_024, slots * 2 + 64)
        watched = .allocate(capacity: tableCapacity)
        watched.initialize(repeating: 0, count: tableCapacity)
        registered = .allocate(capacity: tableCapacity)
        registered.initialize(repeating: 0, count: tableCapacity)
        ownSocket = .allocate(capacity: tableCapacity)
        ownSocket.initialize(repeating: false, count: tableCapacity)
        shardOf = .allocate(capacity: tableCapacity)
        shardOf.initialize(repeating: 0, count: tableCapacity)
        for (index, multi) in multis.enumerated() {
            let shard = Shard(loop: self, index: index, multi: multi)
            shards.append(shard)
            let context = Unmanaged.passUnretained(shard).toOpaque()
            _ = ccurl_multi_setopt_socket_callback(multi.raw, curlSocketCallback)
            _ = ccurl_multi_setopt_pointer(multi.raw, CURLMOPT_SOCKETDATA, context)
            _ = ccurl_multi_setopt_timer_callback(multi.raw, curlTimerCallback)
            _ = ccurl_multi_setopt_pointer(multi.raw, CURLMOPT_TIMERDATA, context)
        }
    }

    deinit {
        for shard in shards {
            _ = ccurl_multi_setopt_socket_callback(shard.multi.raw, nil)
            _ = ccurl_multi_setopt_timer_callback(shard.multi.raw, nil)
        }
        close(epollFD)
        events.deallocate()
        watched.deallocate()
        registered.deallocate()
        ownSocket.deallocate()
        shardOf.deallocate()
    }

    /// Opens and closes the easy handle's connection sockets through this loop.
    func attach(_ easy: EasyHandle) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        // The handle opens its sockets itself (it keeps the errno of a failed one) and tells this loop.
        easy.socketOpened = { [unowned self] fd in self.reset(fd: fd, own: true) }
        _ = ccurl_easy_setopt_closesocket_callback(easy.raw, curlCloseSocketCallback)
        _ = ccurl_easy_setopt_pointer(easy.raw, CURLOPT_CLOSESOCKETDATA, me)
    }

    /// Runs the transfers whose libcurl timeout has come (newly added ones have one of zero).
    @inline(__always)
    func runDueTimeouts(nowAbsoluteNanos: UInt64) {
        for shard in shards where nowAbsoluteNanos >= shard.deadlineNanos {
            shard.deadlineNanos = .max
            shard.touched = true
            _ = ccurl_multi_socket_timeout(shard.multi.raw, &running)
        }
    }

    /// Calls `body` for each finished transfer with its easy handle pointer and result code.
    @inline(__always)
    func drainCompleted(_ body: (UnsafeMutableRawPointer, CURLcode) -> Void) {
        for shard in shards where shard.touched {
            shard.touched = false
            shard.multi.drainCompleted(body)
        }
    }

    private var curlDeadlineNanos: UInt64 {
        var earliest = UInt64.max
        for shard in shards where shard.deadlineNanos < earliest { earliest = shard.deadlineNanos }
        return earliest
    }

    /// Waits until a watched socket is ready, libcurl's timeout, or `wakeNanos` (absolute monotonic, to the
    /// microsecond through the timerfd), at most 100 ms; hands ready sockets to libcurl.
    func wait(untilAbsoluteNanos wakeNanos: UInt64) {
        let nowNanos = MonotonicClock.nowNanos()
        let curlDeadlineNanos = self.curlDeadlineNanos
        let timeoutMillis: Int32
        if wakeNanos <= nowNanos || curlDeadlineNanos <= nowNanos {
            timeoutMillis = 0
        } else if wakeNanos <= curlDeadlineNanos {
            timer.arm(atNanos: wakeNanos)
            timeoutMillis = Int32(min((wakeNanos - nowNanos) / 1_000_000 + 1, 100))
        } else {
            // libcurl's timeouts are whole milliseconds: round up so the wait does not end just before one.
            timeoutMillis = Int32(min((curlDeadlineNanos - nowNanos + 999_999) / 1_000_000, 100))
        }
        let ready = ccurl_epoll_wait(epollFD, events, eventCapacity, timeoutMillis)
        guard ready > 0 else { return }
        for index in 0..<ready {
            let fd = ccurl_epoll_event_fd(events, index)
            if fd == timer.fd {
                timer.drain()
                continue
            }
            let watching = fd < tableCapacity ? watched[Int(fd)] : 0
            if watching == 0 {
                // Kept in the set after libcurl stopped watching it, and now it reports: take it out.
                _ = ccurl_epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, 0)
                if fd < tableCapacity { registered[Int(fd)] = 0 }
                continue
            }
            let shard = shards[Int(shardOf[Int(fd)])]
            shard.touched = true
            _ = curl_multi_socket_action(shard.multi.raw, fd, ccurl_cselect_for(events, index, watching), &running)
        }
    }

    // MARK: callbacks

    fileprivate func watch(fd: Int32, what: Int32, shard: Int) {
        guard fd >= 0 else { return }
        ensureCapacity(for: fd)
        let i = Int(fd)
        shardOf[i] = Int32(shard)
        let wanted = what == CURL_POLL_REMOVE ? 0 : ccurl_epoll_events_for(what)
        watched[i] = wanted
        if wanted == 0 {
            if ownSocket[i] || registered[i] == 0 { return }
            _ = ccurl_epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, 0)
            registered[i] = 0
            return
        }
        if registered[i] == wanted { return }
        if registered[i] == 0 {
            if ccurl_epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, wanted) != 0 && errno == EEXIST {
                _ = ccurl_epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, wanted)
            }
        } else if ccurl_epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, wanted) != 0 && errno == ENOENT {
            _ = ccurl_epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, wanted)
        }
        registered[i] = wanted
    }

    fileprivate static func curlDeadline(millis: Int) -> UInt64 {
        // Zero (run now, e.g. a handle was just added) is due at any clock reading, even one taken earlier.
        if millis < 0 { return .max }
        if millis == 0 { return 0 }
        return MonotonicClock.nowNanos() &+ UInt64(millis) &* 1_000_000
    }

    /// A descriptor number starts or ends its life as a connection socket: closing it took it out of the set.
    fileprivate func reset(fd: Int32, own: Bool) {
        guard fd >= 0 else { return }
        ensureCapacity(for: fd)
        watched[Int(fd)] = 0
        registered[Int(fd)] = 0
        ownSocket[Int(fd)] = own
    }

    private func ensureCapacity(for fd: Int32) {
        guard Int(fd) >= tableCapacity else { return }
        let capacity = max(Int(fd) + 1, tableCapacity * 2)
        func grow<T>(_ table: inout UnsafeMutablePointer<T>, filler: T) {
            let bigger = UnsafeMutablePointer<T>.allocate(capacity: capacity)
            bigger.moveInitialize(from: table, count: tableCapacity)
            (bigger + tableCapacity).initialize(repeating: filler, count: capacity - tableCapacity)
            table.deallocate()
            table = bigger
        }
        grow(&watched, filler: 0)
        grow(&registered, filler: 0)
        grow(&ownSocket, filler: false)
        grow(&shardOf, filler: 0)
        tableCapacity = capacity
    }
}

private func curlSocketCallback(_ easy: UnsafeMutableRawPointer?, _ fd: curl_socket_t, _ what: Int32,
                                _ userp: UnsafeMutableRawPointer?, _ socketp: UnsafeMutableRawPointer?) -> Int32 {
    guard let userp else { return 0 }
    let shard = Unmanaged<SocketActionLoop.Shard>.fromOpaque(userp).takeUnretainedValue()
    shard.loop.watch(fd: fd, what: what, shard: shard.index)
    return 0
}

private func curlTimerCallback(_ multi: UnsafeMutableRawPointer?, _ timeoutMillis: Int,
                               _ userp: UnsafeMutableRawPointer?) -> Int32 {
    guard let userp else { return 0 }
    Unmanaged<SocketActionLoop.Shard>.fromOpaque(userp).takeUnretainedValue().deadlineNanos =
        SocketActionLoop.curlDeadline(millis: timeoutMillis)
    return 0
}

private func curlCloseSocketCallback(_ clientp: UnsafeMutableRawPointer?, _ fd: curl_socket_t) -> Int32 {
    if let clientp {
        Unmanaged<SocketActionLoop>.fromOpaque(clientp).takeUnretainedValue().reset(fd: fd, own: false)
    }
    return close(fd)
}
#endif

#if canImport(Glibc)
import Glibc
import CCurl

/// A monotonic timerfd: lets a worker sleep in `curl_multi_poll` until a nanosecond-precise deadline.
final class TimerFD {
    let fd: Int32
    private var armedFor: UInt64 = 0

    init?() {
        fd = ccurl_timerfd_create()
        if fd < 0 { return nil }
    }

    deinit { close(fd) }

    /// Arms the timer for an absolute monotonic time (nanoseconds); re-arming for the same time is free.
    func arm(atNanos deadline: UInt64) {
        guard deadline != armedFor else { return }
        armedFor = deadline
        _ = ccurl_timerfd_arm_absolute(fd, deadline)
    }

    /// Clears a fired timer.
    func drain() {
        var expirations: UInt64 = 0
        _ = read(fd, &expirations, 8)
        armedFor = 0
    }
}
#endif

/// What a worker knows about one of its connection slots.
struct SlotState: Equatable {
    /// When the slot's current request (or, after a wait, its next one) was meant to start, from the run's start.
    var intendedNanos: UInt64 = 0
    /// When the current request was handed to libcurl.
    var actualStartNanos: UInt64 = 0
    /// The current request's endpoint (for metrics).
    var endpointIndex = 0
    /// A request of this slot is in libcurl's hands.
    var busy = false
    /// The slot runs an iteration (sending, waiting or between the two).
    var inIteration = false
    /// Transport failures in a row (refused, DNS, TLS, timeout…): a closed-model slot backs off before its next
    /// iteration. Reset by any response.
    var transportFailures = 0
    /// The slot's iteration is over and it waits out a transport backoff before the next one.
    var backingOff = false
}

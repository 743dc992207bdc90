/// A periodic stall: the server stops answering for `stall` at the end of every `period`.
///
/// The stall sits at the end of each period so that a freshly started server answers at once (a parent process
/// waiting for readiness is not held), and the first stall begins `period - stall` after start.
public struct StallSchedule: Sendable, Equatable {
    /// How long each stall lasts.
    public var stall: Duration
    /// Time from the start of one stall to the start of the next.
    public var period: Duration

    /// A stall of `stall` every `period`.
    public init(stall: Duration, every period: Duration) {
        self.stall = stall
        self.period = period
    }

    /// How long a request seen `elapsed` after server start must wait before it may proceed; zero outside a stall.
    public func remainingStall(atElapsed elapsed: Duration) -> Duration {
        let periodNanos = period.totalNanoseconds
        let stallNanos = stall.totalNanoseconds
        guard periodNanos > 0, stallNanos > 0, elapsed >= .zero else { return .zero }
        let phase = elapsed.totalNanoseconds % periodNanos
        let stallStart = periodNanos - stallNanos
        return phase >= stallStart ? .nanoseconds(periodNanos - phase) : .zero
    }
}

/// When the open model's arrivals are due: a pure function of the arrival number.
///
/// Like wrk2's `usec_to_next_send`, the schedule never looks at how the run is going: arrival `i` is due at
/// its time whether or not the generator kept up, so late sends show up as latency instead of vanishing.
public protocol ArrivalSchedule: Sendable {
    /// The intended start of arrival `index` (0-based), in nanoseconds from the run's start; nil when the schedule
    /// has no more arrivals.
    func intendedOffsetNanos(ofArrival index: UInt64) -> UInt64?
}

/// Evenly spaced arrivals at a constant rate, for `durationNanos`.
public struct UniformArrivals: ArrivalSchedule, Equatable {
    public let ratePerSecond: Double
    public let durationNanos: UInt64
    /// Shift of the first arrival (lets several workers interleave their schedules).
    public let phaseNanos: UInt64

    public init(ratePerSecond: Double, durationNanos: UInt64, phaseNanos: UInt64 = 0) {
        self.ratePerSecond = ratePerSecond
        self.durationNanos = durationNanos
        self.phaseNanos = phaseNanos
    }

    public func intendedOffsetNanos(ofArrival index: UInt64) -> UInt64? {
        guard ratePerSecond > 0, ratePerSecond.isFinite else { return nil }
        let offset = Double(phaseNanos) + Double(index) * 1e9 / ratePerSecond
        guard offset < Double(durationNanos) else { return nil }
        return UInt64(offset)
    }
}

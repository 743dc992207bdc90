/// A fixed or uniformly random duration, as given to `--latency 20ms` or `--latency 10ms..30ms`.
public struct DurationRange: Sendable, Equatable, CustomStringConvertible {
    /// Shortest duration drawn.
    public var lower: Duration
    /// Longest duration drawn; equal to `lower` for a fixed duration.
    public var upper: Duration

    /// A range from `lower` to `upper`, both included.
    public init(lower: Duration, upper: Duration) {
        self.lower = lower
        self.upper = upper
    }

    /// A fixed duration.
    public init(fixed: Duration) {
        self.init(lower: fixed, upper: fixed)
    }

    /// Draws a duration uniformly between `lower` and `upper`.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Duration {
        let lowerNanos = lower.totalNanoseconds
        let upperNanos = upper.totalNanoseconds
        guard upperNanos > lowerNanos else { return lower }
        return .nanoseconds(Int64.random(in: lowerNanos...upperNanos, using: &generator))
    }

    public var description: String {
        lower == upper ? "\(lower)" : "\(lower)..\(upper)"
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `Int64.max`.
    var totalNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled &+ attoseconds / 1_000_000_000
    }

    /// The duration in seconds as a floating-point number.
    var totalSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

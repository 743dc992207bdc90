/// A value (arrival rate or virtual users) that moves linearly through stages, like k6's `stages`.
///
/// `{duration: 30s, target: 50}` ramps linearly from the previous value to 50 over 30 s. The profile starts at
/// `initial` and holds the last target after the final stage.
public struct StageProfile: Sendable, Equatable {
    /// One ramp: reach `target` over `durationNanos`.
    public struct Stage: Sendable, Equatable {
        public var durationNanos: UInt64
        public var target: Double
        public init(durationNanos: UInt64, target: Double) {
            self.durationNanos = durationNanos
            self.target = target
        }
    }

    public let initial: Double
    public let stages: [Stage]

    public init(initial: Double, stages: [Stage]) {
        self.initial = initial
        self.stages = stages
    }

    /// A constant value for `durationNanos`.
    public static func constant(_ value: Double, durationNanos: UInt64) -> StageProfile {
        StageProfile(initial: value, stages: [Stage(durationNanos: durationNanos, target: value)])
    }

    /// Total length of the stages.
    public var durationNanos: UInt64 { stages.reduce(0) { $0 &+ $1.durationNanos } }

    /// The largest value the profile reaches.
    public var peak: Double { stages.map(\.target).reduce(initial, max) }

    /// The value at `offsetNanos` from the start.
    public func value(atNanos offsetNanos: UInt64) -> Double {
        var start: UInt64 = 0
        var from = initial
        for stage in stages {
            let end = start &+ stage.durationNanos
            if offsetNanos < end {
                let fraction = stage.durationNanos == 0 ? 1 : Double(offsetNanos - start) / Double(stage.durationNanos)
                return from + (stage.target - from) * fraction
            }
            start = end
            from = stage.target
        }
        return from
    }

    /// The integral of the profile from 0 to `offsetNanos`, in value·seconds (arrivals, for a rate).
    public func integral(toNanos offsetNanos: UInt64) -> Double {
        var total = 0.0
        var start: UInt64 = 0
        var from = initial
        for stage in stages {
            let end = start &+ stage.durationNanos
            let upTo = min(offsetNanos, end)
            if upTo > start {
                let seconds = Double(upTo - start) / 1e9
                let length = Double(stage.durationNanos) / 1e9
                let slope = length > 0 ? (stage.target - from) / length : 0
                total += from * seconds + slope * seconds * seconds / 2
            }
            if offsetNanos <= end { return total }
            start = end
            from = stage.target
        }
        return total + from * Double(offsetNanos - start) / 1e9
    }

    /// The earliest time at which the integral reaches `area`, or nil if it never does within the stages.
    ///
    /// Inverts the piecewise-quadratic integral exactly (the arrival time of the `area`-th arrival of a rate).
    public func timeNanos(whereIntegralReaches area: Double) -> UInt64? {
        guard area >= 0, area.isFinite else { return nil }
        var accumulated = 0.0
        var start: UInt64 = 0
        var from = initial
        for stage in stages {
            let length = Double(stage.durationNanos) / 1e9
            let slope = length > 0 ? (stage.target - from) / length : 0
            let stageArea = from * length + slope * length * length / 2
            if accumulated + stageArea >= area && length > 0 {
                let need = area - accumulated
                let seconds: Double
                if abs(slope) < 1e-12 {
                    seconds = from > 0 ? need / from : 0
                } else {
                    // from·s + slope·s²/2 = need  →  s = (−from + √(from² + 2·slope·need)) / slope
                    let discriminant = max(0, from * from + 2 * slope * need)
                    seconds = (-from + discriminant.squareRoot()) / slope
                }
                return start &+ UInt64(max(0, min(seconds, length)) * 1e9)
            }
            accumulated += stageArea
            start = start &+ stage.durationNanos
            from = stage.target
        }
        return nil
    }
}

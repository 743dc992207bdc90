import Foundation

/// When the open model's arrivals are due: a pure sequence of intended start times.
///
/// Like wrk2's `usec_to_next_send`, the schedule never looks at how the run is going: an arrival is due at its
/// time whether or not the generator kept up, so late sends show up as latency instead of vanishing.
public protocol ArrivalSchedule: Sendable {
    /// The intended start of the next arrival, in nanoseconds from the run's start; nil when there are no more.
    mutating func nextOffsetNanos() -> UInt64?
}

/// Evenly spaced arrivals following a rate profile (constant or ramped).
///
/// Arrival `i` of the whole run is due when the rate's integral reaches `i + 0.5`, so a ramp sends exactly the
/// integral. Worker `k` of `n` takes arrivals k, k+n, k+2n…, so several workers together keep the even spacing.
public struct UniformArrivals: ArrivalSchedule, Equatable {
    public let profile: StageProfile
    public let stride: UInt64
    private var index: UInt64

    public init(profile: StageProfile, worker: Int = 0, workers: Int = 1) {
        self.profile = profile
        stride = UInt64(max(1, workers))
        index = UInt64(max(0, worker))
    }

    /// A constant rate for `durationNanos`.
    public init(ratePerSecond: Double, durationNanos: UInt64, worker: Int = 0, workers: Int = 1) {
        self.init(profile: .constant(ratePerSecond, durationNanos: durationNanos), worker: worker, workers: workers)
    }

    public mutating func nextOffsetNanos() -> UInt64? {
        guard profile.peak > 0, profile.peak.isFinite else { return nil }
        let time = profile.timeNanos(whereIntegralReaches: Double(index) + 0.5)
        index &+= stride
        return time
    }
}

/// Poisson arrivals following a rate profile: exponential gaps with a seeded generator, so a run can be replayed.
///
/// Non-homogeneous Poisson by time change: unit-rate exponential gaps accumulate to S, and the arrival is due when
/// the rate's integral reaches S. With a constant rate the gaps are exponential with mean 1/rate.
public struct PoissonArrivals: ArrivalSchedule {
    public let profile: StageProfile
    private let share: Double
    private var random: SplitMix64
    private var cumulative = 0.0

    /// - Parameters: `worker`/`workers` split the rate evenly, each worker with its own random stream.
    public init(profile: StageProfile, seed: UInt64, worker: Int = 0, workers: Int = 1) {
        self.profile = profile
        share = 1 / Double(max(1, workers))
        random = SplitMix64(seed: seed &+ UInt64(max(0, worker)) &* 0x9E37_79B9_7F4A_7C15)
    }

    public mutating func nextOffsetNanos() -> UInt64? {
        guard profile.peak > 0, profile.peak.isFinite else { return nil }
        cumulative += -log(1 - random.nextUnitDouble()) / share
        return profile.timeNanos(whereIntegralReaches: cumulative)
    }
}

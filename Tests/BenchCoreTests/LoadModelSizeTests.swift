import Testing
@testable import BenchCore

/// The one load model read and resized as the engine and the command line do: slots, length, iterations.
struct LoadModelSizeTests {
    static let seconds: Int64 = 1_000_000_000
    static let ramp = [LoadStage(durationNanos: 10 * seconds, target: 40), LoadStage(durationNanos: 10 * seconds, target: 0)]

    @Test func slotsAreUsersOrTheInFlightLimit() {
        #expect(LoadModel.closed(.constant(vus: 8, durationNanos: Self.seconds)).slots == 8)
        #expect(LoadModel.closed(.iterations(vus: 3, count: 100)).slots == 3)
        #expect(LoadModel.closed(.stages(Self.ramp)).slots == 40)
        #expect(LoadModel.open(ratePerSecond: 100, maxInFlight: 64).slots == 64)
        var open = LoadModel.open(ratePerSecond: 100)
        open.slots = 12
        #expect(open.slots == 12 && open.recordedRatePerSecond == 100)
        var staged = LoadModel.closed(.stages(Self.ramp))
        staged.slots = 100  // stages keep their shape
        #expect(staged == .closed(.stages(Self.ramp)))
    }

    @Test func aNewLengthKeepsTheShape() {
        var iterations = LoadModel.closed(.iterations(vus: 3, count: 100))
        #expect(iterations.durationNanos == 0 && iterations.iterationCount == 100)
        iterations.durationNanos = 5_000_000_000
        #expect(iterations == .closed(.constant(vus: 3, durationNanos: 5 * Self.seconds)))
        #expect(iterations.iterationCount == nil)

        // Cut in the middle of the first ramp: it ends at the value it has there (20 of 40 at 5 s).
        var cut = LoadModel.closed(.stages(Self.ramp))
        cut.durationNanos = 5_000_000_000
        #expect(cut == .closed(.stages([LoadStage(durationNanos: 5 * Self.seconds, target: 20)])))
        // Longer than the stages: the last target holds until the new end.
        var held = LoadModel.open(OpenLoad(rate: .stages(Self.ramp)))
        held.durationNanos = 30_000_000_000
        #expect(held.durationNanos == 30_000_000_000)
        #expect(held.rateProfile?.value(atNanos: 25_000_000_000) == 0)
        #expect(held.rateProfile?.stages.count == 3)
    }

    @Test func profilesAndRates() {
        let open = LoadModel.open(OpenLoad(rate: .stages(Self.ramp), arrivals: .poisson))
        #expect(open.rateProfile?.value(atNanos: 5_000_000_000) == 20)
        #expect(open.recordedRatePerSecond == 40 && open.arrivals == .poisson)
        #expect(open.userProfile == nil && open.kind == .open)
        let closed = LoadModel.closed(.stages(Self.ramp))
        #expect(closed.userProfile?.peak == 40 && closed.rateProfile == nil && closed.recordedRatePerSecond == nil)
        #expect(closed.kind == .closed && closed.arrivals == nil)
    }
}

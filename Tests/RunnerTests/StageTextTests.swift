import BenchCore
import LoadEngine
import Testing
@testable import Runner

/// Where a staged load stands, as the live panel shows it.
@Suite struct StageTextTests {
    static let ramp = [LoadStage(durationNanos: 10_000_000_000, target: 40), LoadStage(durationNanos: 20_000_000_000, target: 40),
                       LoadStage(durationNanos: 10_000_000_000, target: 0)]

    @Test(arguments: [
        (UInt64(5_000_000_000), "stage 1/3: 20 VUs → 40"),
        (UInt64(15_000_000_000), "stage 2/3: 40 VUs → 40"),
        (UInt64(35_000_000_000), "stage 3/3: 20 VUs → 0"),
        (UInt64(60_000_000_000), "stage 3/3: 0 VUs → 0"),
    ])
    func closedStages(elapsedNanos: UInt64, expected: String) {
        #expect(StageText.describe(.closed(.stages(Self.ramp)), elapsedNanos: elapsedNanos) == expected)
    }

    @Test func openStagesAreRates() {
        #expect(StageText.describe(.open(OpenLoad(rate: .stages(Self.ramp))), elapsedNanos: 5_000_000_000) == "stage 1/3: 20/s → 40")
    }

    @Test func aLoadWithoutStagesHasNone() {
        #expect(StageText.describe(.closed(.constant(vus: 4, durationNanos: 10_000_000_000)), elapsedNanos: 1) == nil)
        #expect(StageText.describe(.closed(.iterations(vus: 4, count: 100)), elapsedNanos: 1) == nil)
        #expect(StageText.describe(.open(ratePerSecond: 100), elapsedNanos: 1) == nil)
    }
}

import Foundation
import Testing
@testable import BenchCore

@Suite struct PacingTests {
    private func offsets(_ schedule: some ArrivalSchedule, limit: Int = 1_000_000) -> [UInt64] {
        var s = schedule
        var result: [UInt64] = []
        while result.count < limit, let next = s.nextOffsetNanos() { result.append(next) }
        return result
    }

    @Test(arguments: [
        // rate, duration (s), expected count, expected first offsets (ns)
        (1_000.0, 1.0, 1_000, [500_000, 1_500_000, 2_500_000] as [UInt64]),
        (2.0, 3.0, 6, [250_000_000, 750_000_000, 1_250_000_000]),
        (0.5, 10.0, 5, [1_000_000_000, 3_000_000_000, 5_000_000_000]),
        (0.0, 10.0, 0, []),                       // zero rate sends nothing
        (Double.infinity, 1.0, 0, []),            // nonsense rate sends nothing
    ])
    func constantRate(rate: Double, seconds: Double, count: Int, first: [UInt64]) {
        let all = offsets(UniformArrivals(ratePerSecond: rate, durationNanos: UInt64(seconds * 1e9)))
        #expect(all.count == count)
        #expect(Array(all.prefix(first.count)) == first)
    }

    @Test func workersInterleaveIntoTheSameSchedule() {
        let single = offsets(UniformArrivals(ratePerSecond: 300, durationNanos: 1_000_000_000))
        let merged = (0..<3).flatMap { offsets(UniformArrivals(ratePerSecond: 300, durationNanos: 1_000_000_000, worker: $0, workers: 3)) }
        #expect(merged.sorted() == single)
    }

    @Test func rampSendsItsIntegral() {
        // 0 → 500 rps over 10 s: the integral is 2,500 arrivals.
        let ramp = StageProfile(initial: 0, stages: [.init(durationNanos: 10_000_000_000, target: 500)])
        #expect(abs(ramp.integral(toNanos: 10_000_000_000) - 2_500) < 1e-9)
        let all = offsets(UniformArrivals(profile: ramp))
        #expect(all.count == 2_500)
        // Arrivals densify: the first second holds 25, the last 475.
        #expect(all.filter { $0 < 1_000_000_000 }.count == 25)
        #expect(all.filter { $0 >= 9_000_000_000 }.count == 475)
        #expect(zip(all, all.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test(arguments: [
        // stages (duration s, target), time s, expected value
        ([(10.0, 100.0)], 0.0, 0.0), ([(10.0, 100.0)], 5.0, 50.0), ([(10.0, 100.0)], 12.0, 100.0),
        ([(10.0, 100.0), (10.0, 100.0), (5.0, 0.0)], 15.0, 100.0),
        ([(10.0, 100.0), (10.0, 100.0), (5.0, 0.0)], 22.5, 50.0),
        ([(0.0, 40.0), (10.0, 40.0)], 0.0, 40.0),   // a zero-length stage jumps
    ] as [([(Double, Double)], Double, Double)])
    func stageValues(stages: [(Double, Double)], at seconds: Double, expected: Double) {
        let profile = StageProfile(initial: 0, stages: stages.map { .init(durationNanos: UInt64($0.0 * 1e9), target: $0.1) })
        #expect(abs(profile.value(atNanos: UInt64(seconds * 1e9)) - expected) < 1e-9)
    }

    @Test func integralInverseRoundTrips() {
        let profile = StageProfile(initial: 10, stages: [.init(durationNanos: 5_000_000_000, target: 200),
                                                         .init(durationNanos: 5_000_000_000, target: 50)])
        for area in stride(from: 0.5, to: profile.integral(toNanos: profile.durationNanos), by: 37.3) {
            let t = profile.timeNanos(whereIntegralReaches: area)!
            #expect(abs(profile.integral(toNanos: t) - area) < 1e-3)
        }
        #expect(profile.timeNanos(whereIntegralReaches: 1e9) == nil)
    }

    @Test func poissonGapsAreExponential() {
        // Kolmogorov–Smirnov test of the gaps against Exp(rate): 1,000 rps for 20 s.
        let all = offsets(PoissonArrivals(profile: .constant(1_000, durationNanos: 20_000_000_000), seed: 42))
        #expect(abs(Double(all.count) - 20_000) < 4 * (20_000.0).squareRoot())   // Poisson count within 4σ
        let gaps = zip(all.dropFirst(), all).map { Double($0 - $1) / 1e9 }.sorted()
        let n = Double(gaps.count)
        var d = 0.0
        for (i, gap) in gaps.enumerated() {
            let cdf = 1 - exp(-1_000 * gap)
            d = max(d, abs(cdf - Double(i) / n), abs(cdf - Double(i + 1) / n))
        }
        // Critical value at α = 0.01: 1.628 / √n.
        #expect(d < 1.628 / n.squareRoot())
        // And uniform spacing is NOT exponential: the same test rejects it.
        let uniform = offsets(UniformArrivals(ratePerSecond: 1_000, durationNanos: 2_000_000_000))
        let ugaps = zip(uniform.dropFirst(), uniform).map { Double($0 - $1) / 1e9 }
        let ud = ugaps.enumerated().map { i, g in abs(1 - exp(-1_000 * g) - Double(i) / Double(ugaps.count)) }.max()!
        #expect(ud > 1.628 / Double(ugaps.count).squareRoot())
    }

    @Test func poissonIsReplayableBySeed() {
        let profile = StageProfile.constant(100, durationNanos: 1_000_000_000)
        #expect(offsets(PoissonArrivals(profile: profile, seed: 7)) == offsets(PoissonArrivals(profile: profile, seed: 7)))
        #expect(offsets(PoissonArrivals(profile: profile, seed: 7)) != offsets(PoissonArrivals(profile: profile, seed: 8)))
    }

    @Test(arguments: [
        ("500us", 500_000 as UInt64?), ("20ms", 20_000_000), ("1.5s", 1_500_000_000), ("2m", 120_000_000_000),
        ("1h", 3_600_000_000_000), ("1m30s", 90_000_000_000), (" 10s ", 10_000_000_000),
        ("10", nil), ("", nil), ("ms", nil), ("5x", nil), ("-1s", nil), ("1e30h", nil),
    ])
    func durationText(text: String, nanos: UInt64?) {
        #expect(DurationText.nanos(text) == nanos)
    }

    @Test func durationFormatting() {
        #expect(DurationText.format(micros: 850 as UInt64) == "850µs")
        #expect(DurationText.format(micros: 12_340 as UInt64) == "12.3ms")
        #expect(DurationText.format(micros: 1_500_000 as UInt64) == "1.5s")
        #expect(DurationText.format(micros: 125_000_000 as UInt64) == "2m05s")
    }
}

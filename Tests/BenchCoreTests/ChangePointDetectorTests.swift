import BenchCore
import Testing

/// E-Divisive means over seeded synthetic run histories: a 5 % step in 2 % noise is found where it is, a steady
/// series raises (almost) no alarm.
@Suite struct ChangePointDetectorTests {
    /// 60 runs around 100 with 2 % Gaussian noise, stepping up by `stepFraction` at `stepAt` (nil: no step).
    static func series(seed: UInt64, stepAt: Int?, stepFraction: Double = 0.05, count: Int = 60) -> [Double] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { i in
            let level = stepAt.map { i >= $0 ? 100 * (1 + stepFraction) : 100 } ?? 100
            return level + 2 * random.nextNormal()
        }
    }

    @Test func theStatisticOfACleanSplitIsItsHandComputedValue() {
        // [0,0,0 | 10,10,10]: between-sum 9·10 = 90, within-sums 0; Ê = 2·90/9 = 20; q̂ = (3·3/6)·20 = 30
        // (Matteson and James 2014, eq. 5 with α = 1).
        let detector = ChangePointDetector(minimumSegment: 2)
        let split = detector.bestSplit([0, 0, 0, 10, 10, 10], from: 0, to: 6)
        #expect(split?.tau == 3)
        #expect(abs((split?.q ?? 0) - 30) < 1e-9)
    }

    @Test func aFivePercentStepInTwoPercentNoiseIsFoundAtItsRun() {
        var found = 0
        for seed in 1...50 as ClosedRange<UInt64> {
            var picker = SplitMix64(seed: seed &* 7919)
            let stepAt = 10 + picker.nextIndex(below: 41)  // anywhere from run 10 to run 50
            let points = ChangePointDetector(permutations: 99, significance: 0.01, seed: seed)
                .changePoints(Self.series(seed: seed, stepAt: stepAt))
            if points.contains(where: { abs($0.index - stepAt) <= 1 }) { found += 1 }
        }
        #expect(found >= 45, "found the step at its run (±1) in \(found) of 50 series")
    }

    @Test func steadySeriesRaiseAtMostOneAlarmPerHundredRuns() {
        var alarms = 0, runs = 0
        for seed in 101...150 as ClosedRange<UInt64> {
            let values = Self.series(seed: seed, stepAt: nil)
            runs += values.count
            alarms += ChangePointDetector(permutations: 99, significance: 0.01, seed: seed).changePoints(values).count
        }
        #expect(alarms * 100 <= runs, "\(alarms) false alarms over \(runs) runs")
    }

    @Test func theSameSeedGivesTheSameChangePointsAndShortSeriesHaveNone() {
        let values = Self.series(seed: 9, stepAt: 30)
        let detector = ChangePointDetector(permutations: 99, seed: 42)
        #expect(detector.changePoints(values) == detector.changePoints(values))
        let first = detector.changePoints(values).first
        #expect(first.map { abs($0.index - 30) <= 1 } == true)
        #expect((first?.relativeChange ?? 0) > 0.03)
        #expect(detector.changePoints([1, 2, 3]).isEmpty)
        #expect(detector.changePoints(Array(repeating: 5, count: 40)).isEmpty)
    }
}

import BenchCore
import Foundation
import Testing
@testable import WorkloadModel

@Suite("KS, fits and clustering")
struct StatisticsTests {
    /// Critical values of the Kolmogorov distribution: P(K > 1.3581) = 0.05 and P(K > 1.6276) = 0.01
    /// (Smirnov 1948, "Table for estimating the goodness of fit of empirical distributions", Ann. Math. Statist.
    /// 19(2); the 1.36 and 1.63 of Massey 1951, JASA 46(253), Table 1; to 4 digits in Marsaglia, Tsang & Wang 2003,
    /// "Evaluating Kolmogorov's distribution", J. Stat. Softw. 8(18)).
    @Test func kolmogorovDistributionCriticalValues() {
        #expect(abs(KolmogorovSmirnov.kolmogorovQ(1.3581) - 0.05) < 2e-4)
        #expect(abs(KolmogorovSmirnov.kolmogorovQ(1.6276) - 0.01) < 1e-4)
        #expect(KolmogorovSmirnov.kolmogorovQ(0) == 1)
    }

    @Test func twoSampleStatistic() {
        // F_a and F_b differ by 1/2 at 2, 3 and 4: D = 0.5.
        #expect(KolmogorovSmirnov.statistic([1, 2, 3, 4], [3, 4, 5, 6]) == 0.5)
        #expect(KolmogorovSmirnov.statistic([1, 2, 3], [4, 5, 6]) == 1)
        #expect(KolmogorovSmirnov.statistic([1, 2, 3], [3, 2, 1]) == 0)
        #expect(KolmogorovSmirnov.statistic([], [1]) == 0)
        // The weighted form of the same samples agrees.
        #expect(KolmogorovSmirnov.statistic([1, 2, 3, 4], weighted: [(3, 1), (4, 1), (5, 1), (6, 1)]) == 0.5)
        #expect(KolmogorovSmirnov.statistic([1, 2, 3, 4], weighted: [(3, 2), (4, 2), (5, 2), (6, 2)]) == 0.5)
    }

    @Test func oneSampleAgainstUniform() {
        // Sample {0.1, 0.2, 0.9} against U(0,1): the largest gap is 2/3 − 0.2 = 0.4667.
        let d = KolmogorovSmirnov.statistic([0.1, 0.2, 0.9]) { min(max($0, 0), 1) }
        #expect(abs(d - (2.0 / 3.0 - 0.2)) < 1e-12)
    }

    @Test func thinkTimeFitsPickTheGeneratingFamily() throws {
        var random = SplitMix64(seed: 7)
        let uniform = (0..<2_000).map { _ in 50 + 100 * random.nextUnitDouble() }
        let exponential = (0..<2_000).map { _ in -200 * log(1 - random.nextUnitDouble()) }
        let u = try #require(ThinkTimeFit.fit(uniform))
        let e = try #require(ThinkTimeFit.fit(exponential))
        #expect(u.best?.family == "uniform")
        #expect((u.best?.ksDistance ?? 1) < 0.05)
        #expect(e.best?.family == "exponential")
        #expect(abs(e.meanMillis - 200) < 20)
        #expect(ThinkTimeFit.fit([]) == nil)
    }

    /// Pauses that are think time plus the client's own back-to-back gap: the gap is found on the transitions that
    /// hold nothing else, and the think time fitted is the pauses' less the gap's — U(50, 150) ms, not the wider
    /// and later distribution of think + gap. With every transition slower than a client's own gap, none is taken.
    @Test func backToBackGapIsTakenOffThePauses() throws {
        var random = SplitMix64(seed: 11)
        func gap() -> Double { -20 * log(1 - random.nextUnitDouble()) }
        let plain = (0..<3).map { i in (name: "t\(i)", pausesMillis: (0..<300).map { _ in gap() }) }
        let thinking = (0..<600).map { _ in 50 + 100 * random.nextUnitDouble() + gap() }
        let baseline = try #require(PauseBaseline.estimate(plain + [(name: "think", pausesMillis: thinking)]))
        #expect(baseline.transitions == ["t0", "t1", "t2"])
        #expect(abs(baseline.meanMillis - 20) < 3)
        let fit = try #require(ThinkTimeFit.fit(thinking, overhead: baseline.sampleMillis))
        let choice = try #require(fit.scenarioChoice)
        #expect(choice.family == "uniform")
        #expect(abs((choice.parameters["minMillis"] ?? 0) - 50) < 12)
        #expect(abs((choice.parameters["maxMillis"] ?? 0) - 150) < 12)
        #expect(abs(fit.meanMillis - 100) < 6)
        // The plain fit of the same pauses is off by the gap.
        #expect(try #require(ThinkTimeFit.fit(thinking)).meanMillis > 115)
        // Pauses that are only the gap leave no think time.
        #expect(ThinkTimeFit.fit(plain[0].pausesMillis, overhead: baseline.sampleMillis) == nil)
        let people = (0..<3).map { i in (name: "p\(i)", pausesMillis: (0..<100).map { _ in 800 + gap() }) }
        #expect(PauseBaseline.estimate(people) == nil)
    }

    @Test func arrivalFiguresCompareShapeAndRate() {
        let log = (offsetsSeconds: (0..<400).map { Double($0) * 0.05 }, sessions: 400, spanSeconds: 19.95)
        let same = FidelityCheck.arrivals(log: log, run: log, scale: 1)
        #expect(same.map(\.passed) == [true, true])
        // Twice the rate over the same span, as `--scale 2x` asks: passes only when the check is told the scale.
        let doubled = (offsetsSeconds: (0..<800).map { Double($0) * 0.025 }, sessions: 800, spanSeconds: 19.975)
        #expect(FidelityCheck.arrivals(log: log, run: doubled, scale: 2).map(\.passed) == [true, true])
        #expect(FidelityCheck.arrivals(log: log, run: doubled, scale: 1)[1].passed == false)
        // All sessions in the first half: the shape fails (D = 0.5), the mean rate over its own span does not.
        let front = (offsetsSeconds: (0..<400).map { Double($0) * 0.025 }, sessions: 400, spanSeconds: 9.975)
        let figures = FidelityCheck.arrivals(log: log, run: front, scale: 2)
        #expect(!figures[0].passed && abs(figures[0].distance - 0.5) < 0.01)
    }

    @Test func kMeansFindsThreeSeparatedGroups() {
        var points: [[Double]] = []
        for center in [[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]] {
            for i in 0..<20 { points.append([center[0] + Double(i % 5) * 0.1, center[1] + Double(i / 5) * 0.1]) }
        }
        let clustering = KMeans.best(points, maxK: 4, seed: 42)
        #expect(clustering.centroids.count == 3)
        #expect(clustering.silhouette > 0.9)
        #expect(Set(clustering.assignments[0..<20]).count == 1)
        #expect(Set(clustering.assignments).count == 3)
        // One blob is one class.
        #expect(KMeans.best(Array(points[0..<20]), seed: 42).centroids.count == 1)
    }

    @Test func reservoirKeepsAtMostItsCapacity() {
        var reservoir = Reservoir<Int>(capacity: 100, seed: 1)
        for i in 0..<10_000 { reservoir.add(i) }
        #expect(reservoir.items.count == 100)
        #expect(reservoir.seen == 10_000)
        #expect(reservoir.items.contains { $0 >= 5_000 })
    }
}

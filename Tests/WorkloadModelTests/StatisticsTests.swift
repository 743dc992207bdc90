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

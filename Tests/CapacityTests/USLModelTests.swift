import Testing
@testable import Capacity

/// The USL's forward and inverse questions, and every way a fit refuses its data.
struct USLModelTests {
    /// usl4j `ModelTest.throughputAtLatency` (https://github.com/codahale/usl4j, ModelTest.java):
    /// Model.of(σ 0.06, κ 0.06, λ 40), asserted to 1e-5.
    @Test(arguments: [(0.03, 69.38886664887109), (0.04, 82.91561975888501), (0.05, 84.06346808612327)])
    func throughputAtLatency(latency: Double, expected: Double) throws {
        let model = USLModel(sigma: 0.06, kappa: 0.06, lambda: 40)
        #expect(abs(try #require(model.throughput(atLatencySeconds: latency)) - expected) < 1e-5)
    }

    /// usl4j `ModelTest.concurrencyAtLatency`: a model fitted to the first ten Cisco points ("going off
    /// page 30-31" of Schwartz's book). usl4j asserts 1e-5 absolute; we assert 1e-6 relative, as our
    /// least-squares solution for the ten points differs from usl4j's in the eighth significant digit.
    @Test(arguments: [(0.0012, 7.230628979597649), (0.0016, 20.25106409917121), (0.0020, 29.888882633013246)])
    func concurrencyAtLatency(latency: Double, expected: Double) throws {
        let model = try USLFit.fit(Array(USLFitTests.cisco.prefix(10))).model
        let n = try #require(model.concurrency(atLatencySeconds: latency))
        #expect(abs(n - expected) / expected < 1e-6, "\(n)")
    }

    /// usl4j `ModelTest.latencyAtConcurrency` and `throughputAtConcurrency` on the full Cisco fit. The
    /// latency is asserted to usl4j's 1e-5; throughput to 1e-6 relative, since two independent least-squares
    /// solvers agree on λ to about 2e-8 relative.
    @Test(arguments: [
        (1.0, 0.0010043984982923623, 995.648772003358),
        (20, 0.0018077217982978785, 11063.633137626028),
        (35, 0.0028359135486017784, 12341.7456205207),
    ])
    func forwardQuestionsOnCisco(n: Double, latency: Double, throughput: Double) throws {
        let model = try USLFit.fit(USLFitTests.cisco).model
        #expect(abs(model.latencySeconds(atConcurrency: n) - latency) < 1e-5)
        #expect(abs(model.throughput(atConcurrency: n) - throughput) / throughput < 1e-6)
    }

    /// The inverse of X(N) on the rising side of the curve. (usl4j's `concurrencyAtThroughput` drops κ and
    /// so disagrees with the exact USL away from N = 1; we assert the round trip instead.)
    @Test(arguments: [955.0, 11048, 12201])
    func concurrencyAtThroughputRoundTrips(x: Double) throws {
        let model = try USLFit.fit(USLFitTests.cisco).model
        let n = try #require(model.concurrency(atThroughput: x).value)
        #expect(abs(model.throughput(atConcurrency: n) - x) / x < 1e-9)
        let peakN = try #require(model.peakConcurrency)
        #expect(n <= peakN)
        let r = try #require(model.latencySeconds(atThroughput: x).value)
        #expect(abs(r - n / x) < 1e-15)
    }

    /// Past the peak there is no concurrency that delivers the throughput: a typed answer, not NaN.
    /// (usl4j's `latencyAtThroughput(400)` on Model.of(0.06, 0.06, 40) returns 0.05875 from the κ-free
    /// formula; that model peaks near 84 rps, so 400 rps is infeasible.)
    @Test func pastThePeakIsInfeasible() throws {
        let model = USLModel(sigma: 0.06, kappa: 0.06, lambda: 40)
        let peak = try #require(model.peakThroughput)
        #expect(abs(peak - 84.2) < 0.05)
        #expect(model.latencySeconds(atThroughput: 400) == .infeasible(peakThroughput: peak))
        #expect(model.concurrency(atThroughput: peak * 1.0001) == .infeasible(peakThroughput: peak))
        #expect(model.concurrency(atLatencySeconds: 0.001) == nil) // faster than one request alone
    }

    /// smoeding/usl `tests/confint.Rout.save`: the raytracer dataset (Gunther, GCaP 2007; SGI Origin 2000)
    /// fits to alpha 0.0578, beta 0.0000, gamma 21.8488 — κ lands on its bound, the case projected steps
    /// exist for. (That file's intervals come from a different interval construction and are not asserted.)
    @Test func raytracerHitsTheKappaBound() throws {
        let points = zip([1.0, 4, 8, 12, 16, 20, 24, 28, 32, 48, 64], [20.0, 78, 130, 170, 190, 200, 210, 230, 260, 280, 310])
            .map { USLPoint(concurrency: $0, throughput: $1) }
        let fit = try USLFit.fit(points)
        #expect(abs(fit.model.sigma - 0.0578) < 0.00005)
        #expect(fit.model.kappa == 0)
        #expect(abs(fit.model.lambda - 21.8488) < 0.00005)
        let amdahl = try #require(fit.model.amdahlLimit)
        #expect(abs(amdahl - fit.model.lambda / fit.model.sigma) < 1e-9)
        #expect(fit.model.peakConcurrency == nil)
    }

    @Test func fewerThanFourLevelsIsRefused() {
        let points = [1.0, 2, 3, 3].map { USLPoint(concurrency: $0, throughput: 10 * $0) }
        #expect(throws: CapacityError.tooFewLevels(found: 3, required: 4)) { try USLFit.fit(points) }
    }

    @Test func fewerThanSixLevelsWarns() throws {
        let fit = try USLFit.fit(Array(USLFitTests.cisco.prefix(5)))
        #expect(fit.warnings.contains { $0.contains("5 distinct concurrency levels") })
    }

    @Test(arguments: [(0.0, 10.0), (-1, 10), (2, 0), (2, -5), (.nan, 1), (2, .infinity)])
    func nonPositiveOrNonFiniteInputIsRefused(n: Double, x: Double) {
        var points = Array(USLFitTests.cisco.prefix(8))
        points[3] = USLPoint(concurrency: n, throughput: x)
        #expect(throws: CapacityError.self) { try USLFit.fit(points) }
    }

    @Test func nonConvergenceIsAnError() {
        #expect(throws: CapacityError.fitDidNotConverge(iterations: 1)) {
            try USLFit.fit(USLFitTests.cisco, maxIterations: 1)
        }
    }

    @Test func studentTQuantilesMatchTables() {
        // Abramowitz & Stegun Table 26.10 / any t table: t_{.975,4} 2.776, t_{.975,8} 2.306, t_{.95,1} 6.314.
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 4) - 2.776) < 0.0005)
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 8) - 2.306) < 0.0005)
        #expect(abs(StudentT.quantile(0.95, degreesOfFreedom: 1) - 6.314) < 0.0005)
        #expect(abs(StudentT.quantile(0.025, degreesOfFreedom: 30) + 2.042) < 0.0005)
    }
}

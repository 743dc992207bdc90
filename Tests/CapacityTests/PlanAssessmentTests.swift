import Testing
@testable import Capacity

/// Intervals of predictions (delta method), the verdict that admits insufficient evidence, and the backtest.
struct PlanAssessmentTests {
    /// A fit with a known covariance, so the interval can be computed by hand.
    static func handFit() -> USLFit {
        USLFit(model: USLModel(sigma: 0.1, kappa: 0.01, lambda: 100), standardErrors: USLCoefficients(sigma: 0.01, kappa: 0.001, lambda: 5),
               rSquared: 0.99, residualStandardError: 1, degreesOfFreedom: 4, warnings: [], iterations: 1,
               covariance: [1e-4, 0, 0, 0, 1e-6, 0, 0, 0, 25], points: nil)
    }

    /// By hand, at N = 10: D = 1 + 0.1·9 + 0.01·90 = 2.8, X = 100·10/2.8 = 357.142857;
    /// ∂X/∂σ = −X·9/D = −1147.959, ∂X/∂κ = −X·90/D = −11479.59, ∂X/∂λ = N/D = 3.571429;
    /// var = 1147.959²·10⁻⁴ + 11479.59²·10⁻⁶ + 3.571429²·25 = 582.4396, SE = 24.13379;
    /// t_{0.975, 4} = 2.776445 (Abramowitz & Stegun Table 26.10): [290.137, 424.149].
    @Test func throughputIntervalMatchesTheHandComputation() throws {
        let e = Self.handFit().throughputInterval(atConcurrency: 10)
        #expect(abs(e.value - 357.142857) < 1e-5)
        #expect(abs(try #require(e.lower) - 290.1367) < 1e-3)
        #expect(abs(try #require(e.upper) - 424.1490) < 1e-3)
    }

    @Test func numericGradientAgreesWithTheAnalyticOne() throws {
        let fit = Self.handFit()
        let analytic = fit.throughputInterval(atConcurrency: 10)
        let numeric = try #require(fit.interval { $0.throughput(atConcurrency: 10) })
        #expect(abs(try #require(numeric.upper) - (try #require(analytic.upper))) < 1e-4)
    }

    /// amdahlLimit = λ/σ by hand: var(λ/σ) = var λ/σ² + λ²·var σ/σ⁴ = 25/0.01 + 10⁴·10⁻⁴/10⁻⁴ = 2500 + 10000,
    /// SE = 111.803; 1000 ± 2.776445·111.803 = [689.59, 1310.41].
    @Test func amdahlLimitIsLambdaOverSigmaWithItsInterval() throws {
        let fit = Self.handFit()
        #expect(fit.model.amdahlLimit == 1000)
        let e = try #require(fit.amdahlLimitInterval)
        #expect(abs(try #require(e.lower) - 689.59) < 0.05)
        #expect(abs(try #require(e.upper) - 1310.41) < 0.05)
    }

    /// Gunther's SPEC SDM91 data (see USLFitTests): the peak X(N*) lies inside its own interval, which is wide enough
    /// to be honest about 7 points (more than ±1 %) and no wider than the data allow (less than ±50 %).
    @Test func specsdm91PeakHasAnInterval() throws {
        let fit = try USLFit.fit(USLFitTests.specsdm91)
        let peak = try #require(fit.peakThroughputInterval)
        #expect(abs(peak.value - (fit.model.peakThroughput ?? 0)) < 1e-9)
        let lower = try #require(peak.lower), upper = try #require(peak.upper)
        #expect(lower < peak.value * 0.99 && upper > peak.value * 1.01)
        #expect(lower > peak.value * 0.5 && upper < peak.value * 1.5)
    }

    static func inputs(_ xs: [(Double, Double)]) throws -> PlanInputs {
        let points = xs.map { SweepPoint(concurrency: $0.0, throughputPerSecond: $0.1, meanLatencySeconds: $0.0 / $0.1) }
        let fit = try USLFit.fit(sweep: points)
        let model = CapacityModel(stations: [ModelStation(name: "cpu", role: .cpu, demandSeconds: 0.002, servers: 1)], usl: fit.model)
        return PlanInputs(model: model, fit: fit, points: points, notes: [])
    }

    /// A sweep that only ever rose linearly, asked for 10× its best: insufficient evidence, and the run to settle it.
    @Test func aSweepThatNeverSaturatesIsInsufficientEvidence() throws {
        let inputs = try Self.inputs([(1, 10), (2, 20.2), (4, 39.5), (8, 80.8), (16, 159)])
        let plan = try CapacityPlanner.plan(model: inputs.model, slo: ServiceLevelObjective(targetThroughputPerSecond: 400, latencyBoundSeconds: 1))
        let a = PlanAssessment.assess(plan: plan, inputs: inputs)
        #expect(!a.saturationSeen)
        #expect(a.verdict == .insufficientEvidence)
        #expect(a.reasons.contains { $0.contains("beyond twice the highest measured throughput") })
        // The target needs ≥ 16·400/159·1.25 ≈ 50 VUs; the fitted N* lies past 8× the top level, so the suggestion goes
        // to that cap, 8 × 16 = 128 VUs (a power of two, as sweeps double).
        #expect(a.settleBy?.contains("sweep up to 128 VUs") == true, "\(a.settleBy ?? "nil")")
    }

    @Test func aPoorFitIsInsufficientEvidence() throws {
        let inputs = try Self.inputs([(1, 100), (2, 60), (4, 190), (8, 90), (16, 200), (32, 120)])
        let fit = try #require(inputs.fit)
        #expect(fit.rSquared < 0.9)
        let plan = try CapacityPlanner.plan(model: inputs.model, slo: ServiceLevelObjective(targetThroughputPerSecond: 50, latencyBoundSeconds: 1))
        let a = PlanAssessment.assess(plan: plan, inputs: inputs)
        #expect(a.verdict == .insufficientEvidence)
        #expect(a.reasons.contains { $0.contains("R²") })
    }

    /// A clean saturating curve (X = 500N/(1 + 0.05(N−1) + 0.001N(N−1)) within ±1 %), asked for far less than its
    /// peak: met, with a backtest whose prediction error is small.
    @Test func aSaturatingSweepWellAboveTheTargetIsMetAndBacktested() throws {
        let truth = USLModel(sigma: 0.05, kappa: 0.001, lambda: 500)
        let wobble = [1.0, 0.99, 1.01, 1.0, 0.995, 1.005, 1.0]
        let xs = [1.0, 2, 4, 8, 16, 32, 64].enumerated().map { ($1, truth.throughput(atConcurrency: $1) * wobble[$0]) }
        let inputs = try Self.inputs(xs)
        let plan = try CapacityPlanner.plan(model: inputs.model, slo: ServiceLevelObjective(targetThroughputPerSecond: 100, latencyBoundSeconds: 1))
        let a = PlanAssessment.assess(plan: plan, inputs: inputs)
        #expect(a.saturationSeen)
        #expect(a.verdict == .met, "\(a.reasons)")
        let b = try #require(a.backtest)
        #expect(b.leftOutLevel == 64)
        #expect(abs(b.errorPercent) < 10)
    }

    @Test func whatIfWithoutStationsThrowsInsteadOfTrapping() {
        let model = CapacityModel(stations: [])
        #expect(throws: CapacityError.self) { try WhatIf.evaluate(model, options: [], targetThroughputPerSecond: 10) }
    }

    /// A capacity set by worker processes: more workers raises the peak, more cores alone does not.
    @Test func workersAreAStationOfTheirOwn() throws {
        let model = CapacityModel(stations: [ModelStation(name: "cpu", role: .cpu, demandSeconds: 0.002, servers: 4),
                                             ModelStation(name: "workers", role: .workers, demandSeconds: 0.002, servers: 1)])
        let cores = try WhatIf.evaluate(model, options: [.cpuCores(multiplier: 2)], targetThroughputPerSecond: 100)
        let workers = try WhatIf.evaluate(model, options: [.workers(count: 2)], targetThroughputPerSecond: 100)
        #expect(abs(cores.peakThroughputPerSecond - 500) < 1e-6 && cores.limitedBy == "workers")
        #expect(abs(workers.peakThroughputPerSecond - 1000) < 1e-6)
    }
}

import Testing
import BenchFixtures
@testable import BenchCore

@Suite struct ComparisonTests {
    typealias Fixture = SyntheticRun
    // Large samples (60k–120k requests per endpoint, one histogram value per request) so that sampling noise is
    // well below the 5% practical minimum: "no significant change" between seeds is then not a coin toss.
    static let endpoints = [Fixture.Endpoint(name: "GET /customers/{id}", medianMicros: 2_000, requestsPerSecond: 2_000),
                            Fixture.Endpoint(name: "POST /deals", medianMicros: 8_000, requestsPerSecond: 1_000, errorRate: 0.01)]
    static let comparator = RunComparator(settings: { var s = ComparisonSettings(); s.resamples = 300; return s }())

    static func run(seed: UInt64, latencyScale: Double = 1, rateScale: Double = 1, errorRate: Double? = nil) -> RunResult {
        let eps = endpoints.map { e -> Fixture.Endpoint in
            var e = e
            e.medianMicros *= latencyScale
            e.requestsPerSecond *= rateScale
            if let errorRate { e.errorRate = errorRate }
            return e
        }
        return Fixture.make(seconds: 60, endpoints: eps, samplesPerEndpoint: 1_000_000, sigma: 0.3, seed: seed)
    }

    @Test func aRunComparedWithItselfHasNoSignificantChange() {
        let a = Self.run(seed: 7)
        let c = Self.comparator.compare(baseline: a, candidate: a)
        #expect(c.comparability.comparable)
        #expect(c.subjects.count == 3)
        for (subject, m) in c.allMetrics {
            #expect(m.verdict == .noSignificantChange, "\(subject.name) \(m.metric)")
            #expect(m.estimate.change == 0)
            #expect(m.estimate.low <= 0 && m.estimate.high >= 0)
        }
    }

    @Test(arguments: [(1 as UInt64, 2 as UInt64), (3, 4), (5, 6)])
    func sameDistributionDifferentSeedsHasNoSignificantChange(seedA: UInt64, seedB: UInt64) {
        let c = Self.comparator.compare(baseline: Self.run(seed: seedA), candidate: Self.run(seed: seedB))
        for (subject, m) in c.allMetrics {
            #expect(m.verdict == .noSignificantChange, "\(subject.name) \(m.metric): \(m.estimate)")
        }
    }

    @Test func slowerLatencyIsARegression() {
        let c = Self.comparator.compare(baseline: Self.run(seed: 1), candidate: Self.run(seed: 2, latencyScale: 1.2))
        for subject in c.subjects {
            for metric in [ComparedMetric.p50, .p95, .p99] {
                let m = subject.metric(metric)
                #expect(m?.verdict == .regressed, "\(subject.name) \(metric)")
                #expect((m?.estimate.low ?? 0) > 0.1 && (m?.estimate.high ?? 1) < 0.3)
            }
            #expect(subject.metric(.throughput)?.verdict == .noSignificantChange)
        }
        let faster = Self.comparator.compare(baseline: Self.run(seed: 1, latencyScale: 1.2), candidate: Self.run(seed: 2))
        #expect(faster.subjects[0].metric(.p99)?.verdict == .improved)
    }

    @Test func higherThroughputIsAnImprovement() {
        let c = Self.comparator.compare(baseline: Self.run(seed: 1), candidate: Self.run(seed: 2, rateScale: 1.15))
        for subject in c.subjects {
            #expect(subject.metric(.throughput)?.verdict == .improved, "\(subject.name)")
        }
        #expect(c.subjects[0].metric(.throughput)?.method.contains("block bootstrap") == true)
        let lower = Self.comparator.compare(baseline: Self.run(seed: 1, rateScale: 1.15), candidate: Self.run(seed: 2))
        #expect(lower.subjects[0].metric(.throughput)?.verdict == .regressed)
    }

    @Test func moreErrorsIsARegression() {
        let c = Self.comparator.compare(baseline: Self.run(seed: 1, errorRate: 0.001), candidate: Self.run(seed: 2, errorRate: 0.03))
        #expect(c.subjects[0].metric(.errorRate)?.verdict == .regressed)
        #expect(c.subjects[0].metric(.errorRate)?.metric.changeIsAbsolute == true)
    }

    @Test func tinySignificantChangesDoNotFlap() {
        // 1% slower on a huge sample: likely significant, but below the 5% practical minimum.
        let c = Self.comparator.compare(baseline: Self.run(seed: 1), candidate: Self.run(seed: 2, latencyScale: 1.01))
        #expect(c.allMetrics.allSatisfy { $0.metric.verdict == .noSignificantChange })
    }

    @Test func threePercentIsBelowTheDefaultMinimumButCountsAtTwo() {
        // Back-to-back runs of one configuration drift by 2–3%: the default does not call that a change; a user who
        // knows their environment is quieter can ask for 2%.
        let a = Self.run(seed: 1), b = Self.run(seed: 2, latencyScale: 1.03)
        #expect(Self.comparator.compare(baseline: a, candidate: b).subjects[0].metric(.p50)?.verdict == .noSignificantChange)
        var strict = ComparisonSettings()
        strict.resamples = 300
        strict.minRelativeChange = 0.02
        #expect(RunComparator(settings: strict).compare(baseline: a, candidate: b).subjects[0].metric(.p50)?.verdict == .regressed)
    }

    @Test func comparisonIsDeterministic() {
        let a = Self.run(seed: 1), b = Self.run(seed: 2, latencyScale: 1.05)
        #expect(Self.comparator.compare(baseline: a, candidate: b).subjects == Self.comparator.compare(baseline: a, candidate: b).subjects)
    }

    @Test func incomparableRunsAreFlagged() {
        let a = Self.run(seed: 1)
        var b = Self.run(seed: 2)
        b.config.contentHash = "other"
        b.config.connections = 50
        b.meta.durationSeconds = 90
        b.meta.machine.cores = 8
        b.partial = true
        b.generator = GeneratorHealth(threads: 1, cpuBusyFraction: [0.99], cpuSeconds: 1, requests: 1, lag: LatencyHistogram(),
                                      lateArrivals: 0, droppedArrivals: 0, openModel: false)
        let check = Comparability.check(baseline: a, candidate: b)
        #expect(!check.comparable)
        for phrase in ["content hash", "connections", "durations", "cores", "partial", "not healthy"] {
            #expect(check.issues.contains { $0.contains(phrase) }, "\(phrase)")
        }
        #expect(Comparability.check(baseline: a, candidate: Self.run(seed: 3)).comparable)
    }

    @Test func regressionPolicyParsesAndFails() throws {
        #expect(try RegressionPolicy.parse("5%").limits[.p99] == 0.05)
        let perMetric = try RegressionPolicy.parse("p99=10%, rps=5%,errors=0.5%")
        #expect(perMetric.limits == [.p99: 0.10, .throughput: 0.05, .errorRate: 0.005])
        #expect(throws: RegressionPolicy.ParseError.self) { try RegressionPolicy.parse("p42=5%") }
        #expect(throws: RegressionPolicy.ParseError.self) { try RegressionPolicy.parse("five") }
        #expect(throws: RegressionPolicy.ParseError.self) { try RegressionPolicy.parse("5%,p99=1%") }

        let slower = Self.comparator.compare(baseline: Self.run(seed: 1), candidate: Self.run(seed: 2, latencyScale: 1.2))
        #expect(!(try RegressionPolicy.parse("5%")).violations(in: slower).isEmpty)
        #expect((try RegressionPolicy.parse("50%")).violations(in: slower).isEmpty)
        #expect((try RegressionPolicy.parse("rps=1%")).violations(in: slower).isEmpty)
        let same = Self.comparator.compare(baseline: Self.run(seed: 1), candidate: Self.run(seed: 2))
        #expect((try RegressionPolicy.parse("0%")).violations(in: same).isEmpty)
    }

    @Test func verdictNeedsSignificanceAndPracticalSize() {
        let comparator = RunComparator()
        let big = ChangeEstimate(change: 0.10, low: 0.05, high: 0.15)
        #expect(comparator.verdict(.p99, estimate: big, baseline: 1_000, candidate: 1_100) == .regressed)
        #expect(comparator.verdict(.throughput, estimate: big, baseline: 1_000, candidate: 1_100) == .improved)
        let unsure = ChangeEstimate(change: 0.10, low: -0.01, high: 0.2)
        #expect(comparator.verdict(.p99, estimate: unsure, baseline: 1_000, candidate: 1_100) == .noSignificantChange)
        // 10% of 20 µs is 2 µs: below the absolute minimum.
        #expect(comparator.verdict(.p50, estimate: big, baseline: 20, candidate: 22) == .noSignificantChange)
    }

    @Test func statisticsHelpersMatchKnownValues() {
        #expect(abs(NormalDistribution.criticalValue(confidence: 0.95) - 1.959964) < 1e-5)
        let w = ProportionInterval.wilson(0, of: 100, z: 1.959964)
        #expect(w.low == 0 && abs(w.high - 0.0370) < 0.0005)
        let levels = HistogramBootstrap.percentiles(values: [1, 2, 3, 4], weights: [25, 25, 25, 25], levels: [50, 99, 25])
        #expect(levels == [2, 4, 1])
        var g = SplitMix64(seed: 42)
        let mean = (0..<20_000).map { _ in g.nextPoisson(mean: 4) }.reduce(0, +) / 20_000
        #expect(abs(mean - 4) < 0.1)
    }
}

@Suite struct DesignEffectTests {
    @Test func dispersionIsOneForSteadyCountsAndLargeForBurstyOnes() {
        #expect(DesignEffect.countDispersion([100, 101, 99, 100, 100]) == 1)
        #expect(DesignEffect.countDispersion([10, 500, 20, 480, 15]) > 50)
        #expect(DesignEffect.proportionDispersion(events: [1, 1, 1, 1], trials: [100, 100, 100, 100]) == 1)
        #expect(DesignEffect.proportionDispersion(events: [0, 50, 0, 50], trials: [100, 100, 100, 100]) > 10)
    }

    @Test func aLatencySpikeInOneSecondWidensTheInterval() {
        // Per-second p99s that jump far more than sampling alone would explain.
        let steady = DesignEffect.percentile(perSecondMicros: [1_000, 1_001, 999, 1_000], requestsPerSecond: 1_000,
                                             totalRequests: 4_000, bootstrapVarianceMicros2: 100)
        let spiky = DesignEffect.percentile(perSecondMicros: [1_000, 1_000, 5_000, 1_000], requestsPerSecond: 1_000,
                                            totalRequests: 4_000, bootstrapVarianceMicros2: 100)
        #expect(steady == 1)
        #expect(spiky > 100)
        let e = ChangeEstimate(change: 0.1, low: 0.05, high: 0.2).widened(by: 2)
        #expect(abs(e.low - 0.0) < 1e-12 && abs(e.high - 0.3) < 1e-12 && e.change == 0.1)
    }
}

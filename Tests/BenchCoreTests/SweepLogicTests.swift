import Testing
@testable import BenchCore

@Suite struct SweepLogicTests {
    static func summary(rps: Double, errorRate: Double = 0, p99Micros: UInt64 = 10_000, meanMicros: UInt64 = 5_000) -> EndpointSummary {
        var m = EndpointMetrics(name: "all")
        let total = 1_000
        let errors = Int((errorRate * Double(total)).rounded())
        for i in 0..<total {
            let latency = i >= 980 ? p99Micros : meanMicros
            m.add(RequestOutcome(endpointIndex: 0, intendedStartNanos: 0, actualStartNanos: 0, endNanos: latency * 1_000,
                                 status: i < errors ? 503 : 200, error: i < errors ? .http5xx : nil))
        }
        return EndpointSummary(metrics: m, durationSeconds: Double(total) / rps)
    }

    static func level(_ n: Double, rps: Double, errorRate: Double = 0, p99Micros: UInt64 = 10_000) -> SweepLevel {
        SweepLevel(level: n, durationSeconds: 1, summary: summary(rps: rps, errorRate: errorRate, p99Micros: p99Micros),
                   server: nil, generatorHealthy: true)
    }

    @Test func sweepGoesOnWhileThroughputRises() {
        let policy = SweepPolicy()
        let levels = [Self.level(1, rps: 100), Self.level(2, rps: 190), Self.level(4, rps: 350)]
        #expect(policy.stopReason(after: levels) == nil)
    }

    @Test func sweepStopsPastSaturation() {
        let policy = SweepPolicy()
        let levels = [Self.level(1, rps: 100), Self.level(2, rps: 190), Self.level(4, rps: 480), Self.level(8, rps: 495),
                      Self.level(16, rps: 470)]
        let reason = policy.stopReason(after: levels)
        #expect(reason?.contains("saturated") == true)
        #expect(policy.stopReason(after: Array(levels.prefix(4))) == nil)
    }

    @Test func sweepStopsOnErrorsAndLatency() {
        var policy = SweepPolicy(maxErrorRate: 0.01)
        #expect(policy.stopReason(after: [Self.level(1, rps: 100, errorRate: 0.02)])?.contains("error rate") == true)
        policy.maxP99Micros = 50_000
        #expect(policy.stopReason(after: [Self.level(1, rps: 100, p99Micros: 60_000)])?.contains("p99") == true)
        #expect(policy.stopReason(after: [Self.level(1, rps: 100, p99Micros: 40_000)]) == nil)
    }

    @Test func littlesLawConcurrency() {
        let l = Self.level(4, rps: 200)
        // Little: N = X · R.
        #expect(abs(l.meanConcurrency - 200 * l.summary.latencyMicros.mean / 1e6) < 1e-9)
    }

    @Test(arguments: [
        ("p99<300ms,errors<1%", true), ("p99 < 300ms", true), ("p95<=1s", true), ("mean<20ms,max<2s", true),
        ("p42<300ms", false), ("p99<fast", false), ("errors<2", false), ("p99>300ms", false), ("", false), ("errors<200%", false),
    ])
    func serviceLevelParsing(text: String, valid: Bool) {
        #expect(((try? ServiceLevel(parsing: text)) != nil) == valid)
    }

    @Test func serviceLevelEvaluation() throws {
        let slo = try ServiceLevel(parsing: "p99<300ms,errors<1%")
        #expect(slo.evaluate(Self.summary(rps: 100, p99Micros: 200_000)).met)
        let slow = slo.evaluate(Self.summary(rps: 100, p99Micros: 400_000))
        #expect(!slow.met && slow.reason?.contains("p99") == true)
        let failing = slo.evaluate(Self.summary(rps: 100, errorRate: 0.05))
        #expect(!failing.met && failing.reason?.contains("errors") == true)
    }

    @Test(arguments: [437.0, 50.0, 3_000.0, 101.0])
    func maxRateSearchConvergesBelowTheCapacity(capacity: Double) {
        var search = MaxRateSearch(startRatePerSecond: 100)
        var next = search.first
        var probes = 0
        while case .probe(let rate) = next {
            probes += 1
            next = search.record(met: rate <= capacity)
        }
        guard case .done(let found?) = next else { Issue.record("no rate found for capacity \(capacity)"); return }
        #expect(found <= capacity)
        #expect(found >= capacity * 0.9)
        #expect(probes <= 12)
    }

    @Test func maxRateSearchReportsNothingWhenEveryProbeFails() {
        var search = MaxRateSearch(startRatePerSecond: 10, maxProbes: 20)
        var next = search.first
        while case .probe = next { next = search.record(met: false) }
        #expect(next == .done(maxRatePerSecond: nil))
    }

    @Test func prometheusTextIsRead() {
        let text = """
        # HELP crm_http_requests_total Requests.
        # TYPE crm_http_requests_total counter
        crm_http_requests_total{route="/api/v1/customers/{id}",method="GET",status="200"} 1500
        crm_http_requests_total{route="/healthz",method="GET",status="200"} 20 1700000000000
        process_cpu_seconds_total 12.5
        crm_db_query_seconds_total 3.25
        process_resident_memory_bytes 5.1e+07
        garbage line without value
        weird{label="a \\"quoted\\" value"} +Inf
        """
        let metrics = PrometheusText(text)
        #expect(metrics.sum("crm_http_requests_total") == 1_520)
        #expect(metrics.sum("crm_http_requests_total", matching: ["route": "/healthz"]) == 20)
        #expect(metrics.malformedLines == 1)
        #expect(metrics.samples.last?.labels["label"] == "a \"quoted\" value")
        let before = ServerSnapshot(PrometheusText("process_cpu_seconds_total 10\ncrm_db_query_seconds_total 1\ncrm_http_requests_total 0"))
        let after = ServerSnapshot(metrics)
        let demands = after.demands(since: before, completions: 1_000, seconds: 5)
        #expect(abs(demands.cpuSecondsPerRequest! - 0.0025) < 1e-12)
        #expect(abs(demands.databaseSecondsPerRequest! - 0.00225) < 1e-12)
        #expect(abs(demands.cpuUtilization! - 0.5) < 1e-12)
        #expect(demands.serverRequests == 1_520)
        #expect(demands.databaseEmbedded == nil)
        #expect(demands.cacheHitRatio == nil)
        // A fresh server has no request samples yet (only HELP and TYPE lines): its count starts at zero.
        let fresh = ServerSnapshot(PrometheusText("# TYPE crm_http_requests_total counter\nprocess_cpu_seconds_total 10"))
        #expect(fresh.requests == nil)
        #expect(after.demands(since: fresh, completions: 1_520, seconds: 5).serverRequests == 1_520)
        #expect(fresh.demands(since: fresh, completions: 0, seconds: 5).serverRequests == nil)
    }

    @Test func busyTimeEmbeddingAndCacheHitsFromMetrics() {
        let before = ServerSnapshot(PrometheusText("""
            process_cpu_seconds_total 10
            crm_db_query_seconds_total 1
            crm_db_busy_seconds_total 2
            crm_db_embedded 1
            crm_cache_lookups_total{result="hit"} 100
            crm_cache_lookups_total{result="miss"} 50
            """))
        let after = ServerSnapshot(PrometheusText("""
            process_cpu_seconds_total 12
            crm_db_query_seconds_total 1.1
            crm_db_busy_seconds_total 2.4
            crm_db_embedded 1
            crm_cache_lookups_total{result="hit"} 990
            crm_cache_lookups_total{result="miss"} 60
            """))
        let demands = after.demands(since: before, completions: 1_000, seconds: 2)
        // Busy time (connections held) is preferred over statement time.
        #expect(abs(demands.databaseSecondsPerRequest! - 0.0004) < 1e-12)
        #expect(demands.databaseEmbedded == true)
        #expect(abs(demands.cacheHitRatio! - 890.0 / 900) < 1e-12)  // 890 hits, 10 misses
    }
}

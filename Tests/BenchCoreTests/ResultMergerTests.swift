import Testing
@testable import BenchCore

@Suite struct ResultMergerTests {
    static func result(_ outcomes: [RequestOutcome], host: String, hash: String = "h") -> (RunResult, EndpointMetrics) {
        var m = EndpointMetrics(name: "GET /x")
        for o in outcomes { m.add(o) }
        var r = ResultTests.sampleResult()
        r.summary = RunSummary(overall: EndpointSummary(metrics: m, durationSeconds: 10), endpoints: [EndpointSummary(metrics: m, durationSeconds: 10)])
        r.histograms = HistogramSet(overall: EndpointHistograms(m), endpoints: [EndpointHistograms(m)], lag: LatencyHistogram().sparse)
        r.meta.machine.hostname = host
        r.config.contentHash = hash
        return (r, m)
    }

    static func outcomes(seed: UInt64, count: Int) -> [RequestOutcome] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let micros = 500 + random.next() % 50_000
            let failed = random.next() % 50 == 0
            return RequestOutcome(endpointIndex: 0, intendedStartNanos: 0, actualStartNanos: 0, endNanos: micros * 1_000,
                                  phases: PhaseTimes(firstByteMicros: micros / 2), status: failed ? 503 : 200, bytesReceived: 100,
                                  error: failed ? .http5xx : nil, httpVersion: micros % 3 == 0 ? .http2 : .http1_1)
        }
    }

    @Test func mergingIsExact() throws {
        let a = Self.outcomes(seed: 1, count: 3_000), b = Self.outcomes(seed: 2, count: 2_000)
        let (ra, _) = Self.result(a, host: "a"), (rb, _) = Self.result(b, host: "b")
        var all = EndpointMetrics(name: "GET /x")
        for o in a + b { all.add(o) }
        let merged = try ResultMerger.merge([ra, rb], commandLine: ["crmbench", "merge"])
        let expected = EndpointSummary(metrics: all, durationSeconds: 10)
        #expect(merged.summary.overall == expected)
        #expect(merged.summary.endpoints == [expected])
        #expect(merged.summary.overall.requestsPerSecond == 500)
        let versions = merged.summary.overall.httpVersions ?? [:]
        #expect(versions.keys.sorted() == ["1.1", "2"] && versions.values.reduce(0, +) == 5_000)
        #expect(versions == all.httpVersionsByName)
        #expect(merged.meta.machine.hostname == "a+b")
        #expect(try LatencyHistogram(sparse: merged.histograms.overall.latency) == all.latency)
    }

    @Test func differentScenariosAreRefused() {
        let (ra, _) = Self.result(Self.outcomes(seed: 1, count: 10), host: "a", hash: "x")
        let (rb, _) = Self.result(Self.outcomes(seed: 2, count: 10), host: "b", hash: "y")
        #expect(throws: ResultMerger.Problem.self) { try ResultMerger.merge([ra, rb], commandLine: []) }
        #expect(throws: ResultMerger.Problem.self) { try ResultMerger.merge([ra], commandLine: []) }
    }

    static func sweep(_ levels: [Double], seed: UInt64, host: String, cpuUtilization: Double = 0.5) -> (RunResult, [EndpointMetrics]) {
        var (r, _) = result(outcomes(seed: seed, count: 10), host: host)
        var metrics: [EndpointMetrics] = []
        r.sweep = SweepResults(dimension: .vus, levels: levels.enumerated().map { i, level in
            var m = EndpointMetrics(name: "all")
            for o in outcomes(seed: seed * 100 + UInt64(i), count: 500 * (i + 1)) { m.add(o) }
            metrics.append(m)
            let server = ServerDemands(cpuSecondsPerRequest: 1, databaseSecondsPerRequest: nil, cpuUtilization: cpuUtilization,
                                       databaseUtilization: nil, serverRequests: 1_000)
            return SweepLevel(level: level, durationSeconds: 10, summary: EndpointSummary(metrics: m, durationSeconds: 10),
                              server: server, generatorHealthy: true)
        })
        return (r, metrics)
    }

    @Test func sweepsOfTheSameLevelsMergeLevelByLevel() throws {
        let (a, ma) = Self.sweep([1, 2], seed: 1, host: "a", cpuUtilization: 0.4)
        let (b, mb) = Self.sweep([1, 2], seed: 2, host: "b", cpuUtilization: 0.6)
        let merged = try ResultMerger.merge([a, b], commandLine: [])
        let levels = try #require(merged.sweep?.levels)
        #expect(levels.map(\.level) == [2, 4])
        for i in 0..<2 {
            var all = ma[i]
            all.add(mb[i])
            let exact = EndpointSummary(metrics: all, durationSeconds: 10)
            let s = levels[i].summary
            #expect(s.requests == exact.requests && s.errors == exact.errors && s.statusCodes == exact.statusCodes)
            #expect(s.requestsPerSecond == exact.requestsPerSecond)
            #expect(abs(s.latencyMicros.mean - exact.latencyMicros.mean) < 1e-6 * exact.latencyMicros.mean)
            #expect(abs(s.latencyMicros.stdDev - exact.latencyMicros.stdDev) < 1e-6 * exact.latencyMicros.stdDev)
            #expect(s.latencyMicros.min == exact.latencyMicros.min && s.latencyMicros.max == exact.latencyMicros.max)
            // Percentiles are bounded by the generators' and the highest is kept.
            #expect(s.latencyMicros.p99 == max(a.sweep!.levels[i].summary.latencyMicros.p99, b.sweep!.levels[i].summary.latencyMicros.p99))
            #expect(s.latencyMicros.p99 >= exact.latencyMicros.p99)
            // One target: utilization 0.5 (mean of the two readings), demand over both generators' requests.
            #expect(abs((levels[i].server?.cpuSecondsPerRequest ?? 0) - 0.5 * 10 / Double(exact.requests)) < 1e-12)
        }
        #expect(ResultValidator.issues(in: merged) == [])
    }

    @Test func sweepsThatCannotBeMergedAreRefused() {
        let (a, _) = Self.sweep([1, 2], seed: 1, host: "a")
        let (b, _) = Self.sweep([1, 4], seed: 2, host: "b")
        let (plain, _) = Self.result(Self.outcomes(seed: 3, count: 10), host: "c")
        var findMax = a
        findMax.sweep?.maxRatePerSecond = 100
        func message(_ results: [RunResult]) -> String {
            do { _ = try ResultMerger.merge(results, commandLine: []); return "" } catch { return "\(error)" }
        }
        #expect(message([a, b]).contains("different levels"))
        #expect(message([a, b]).contains(" 1,2;") && message([a, b]).contains(" 1,4)"), "\(message([a, b]))")
        #expect(message([a, plain]).contains("1 of the 2 results are sweeps"))
        #expect(message([findMax, a]).contains("find-max"))
    }
}

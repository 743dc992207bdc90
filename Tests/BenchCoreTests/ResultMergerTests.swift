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
}

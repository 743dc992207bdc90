import Foundation
import Testing
@testable import BenchCore

@Suite struct ResultTests {
    static func sampleResult(partial: Bool = false) -> RunResult {
        var m = EndpointMetrics(name: "GET /api/v1/customers/{id}")
        for i in 0..<100 {
            m.add(RequestOutcome(endpointIndex: 0, intendedStartNanos: 0, actualStartNanos: 0,
                                 endNanos: UInt64(1_000_000 + i * 10_000), status: i == 0 ? 503 : 200,
                                 error: i == 0 ? .http5xx : nil))
        }
        var lag = LatencyHistogram()
        lag.record(micros: 3)
        let meta = RunMetadata(toolVersion: "t", curlVersion: "c", commandLine: ["crmbench", "run"], name: "n",
                               startTime: "2026-01-01T00:00:00Z", endTime: "2026-01-01T00:00:10Z", durationSeconds: 10,
                               machine: MachineInfo(cores: 2, os: "Linux", hostname: "h"), target: "http://127.0.0.1:1")
        let config = RunConfigurationRecord(model: .closed, connections: 4, threads: 1, durationSeconds: 10, ratePerSecond: nil,
                                            timeoutMillis: 30_000, http2: false, requests: [], contentHash: "abc")
        return RunResult(partial: partial, partialReason: partial ? "interrupted by SIGINT" : nil, meta: meta, config: config,
                         summary: RunSummary(overall: EndpointSummary(metrics: m, durationSeconds: 10),
                                             endpoints: [EndpointSummary(metrics: m, durationSeconds: 10)]),
                         generator: GeneratorHealth(threads: 1, cpuBusyFraction: [0.5], cpuSeconds: 1, requests: 100,
                                                    lag: lag, lateArrivals: 0, droppedArrivals: 0, openModel: false),
                         timeSeries: [], histograms: HistogramSet(overall: EndpointHistograms(m), endpoints: [EndpointHistograms(m)],
                                                                  lag: lag.sparse))
    }

    @Test func resultRoundTripsThroughJSON() throws {
        let result = Self.sampleResult(partial: true)
        let data = try ResultCodec.encode(result)
        let decoded = try ResultCodec.decode(data)
        #expect(decoded.schemaVersion == RunResult.currentSchemaVersion)
        #expect(decoded.partial && decoded.partialReason == "interrupted by SIGINT")
        #expect(decoded.summary.overall == result.summary.overall)
        // The 503 is left out of the latency of successful responses, and kept in that of every request.
        let histogram = try LatencyHistogram(sparse: decoded.histograms.overall.latency)
        #expect(histogram.count == 99)
        #expect(PercentileSummary(histogram) == result.summary.overall.latencyMicros)
        let all = try LatencyHistogram(sparse: try #require(decoded.histograms.overall.latencyAll))
        #expect(all.count == 100)
        #expect(PercentileSummary(all) == result.summary.overall.latencyAllMicros)
    }

    @Test func httpVersionsAreOptionalInTheSchema() throws {
        // Results written before versions were recorded (and runs without any response) have no httpVersions.
        let old = Self.sampleResult()
        #expect(old.summary.overall.httpVersions == nil)
        let oldJSON = try ResultCodec.encode(old)
        #expect(!String(decoding: oldJSON, as: UTF8.self).contains("httpVersions"))
        #expect(try ResultCodec.decode(oldJSON).summary.overall.httpVersions == nil)
        var m = EndpointMetrics(name: "GET /x")
        m.add(RequestOutcome(endpointIndex: 0, intendedStartNanos: 0, actualStartNanos: 0, endNanos: 1_000, status: 200, httpVersion: .http2))
        var result = old
        result.summary.overall = EndpointSummary(metrics: m, durationSeconds: 1)
        result.histograms.overall = EndpointHistograms(m)
        let decoded = try ResultCodec.decode(try ResultCodec.encode(result))
        #expect(decoded.summary.overall.httpVersions == ["2": 1])
        #expect(SummaryExport(decoded).httpVersions == ["2": 1])
    }

    @Test func otherSchemaVersionsAreRefusedClearly() throws {
        let data = Data(#"{"schemaVersion": 99}"#.utf8)
        #expect(throws: ResultCodec.Problem.self) { try ResultCodec.decode(data) }
        do { _ = try ResultCodec.decode(data) } catch { #expect("\(error)".contains("schema version 99")) }
        #expect(throws: ResultCodec.Problem.self) { try ResultCodec.decode(Data("not json".utf8)) }
        #expect(throws: ResultCodec.Problem.self) { try ResultCodec.decode(Data(#"{"schemaVersion": 1}"#.utf8)) }
    }

    @Test func generatorHealthFlags() {
        var lag = LatencyHistogram()
        for _ in 0..<100 { lag.record(micros: 5_000) }
        let behind = GeneratorHealth(threads: 1, cpuBusyFraction: [0.95], cpuSeconds: 1, requests: 10, lag: lag,
                                     lateArrivals: 3, droppedArrivals: 2, openModel: true)
        // The CPU is the cause; the dropped arrivals are the in-flight limit's, named in a note.
        #expect(behind.saturated && !behind.behind && !behind.measuringTarget)
        #expect(behind.causes == [.cpuSaturated, .inFlightLimit])
        #expect(behind.warnings.count == 1 && behind.notes?.count == 1)
        let healthy = GeneratorHealth(threads: 1, cpuBusyFraction: [0.3], cpuSeconds: 1, requests: 10, lag: LatencyHistogram(),
                                      lateArrivals: 0, droppedArrivals: 0, openModel: true)
        #expect(healthy.measuringTarget && healthy.warnings.isEmpty)
        // Closed model: lag is not a health signal.
        let closed = GeneratorHealth(threads: 1, cpuBusyFraction: [0.3], cpuSeconds: 1, requests: 10, lag: lag,
                                     lateArrivals: 0, droppedArrivals: 0, openModel: false)
        #expect(closed.measuringTarget)
    }

    @Test func secretsAreRedacted() {
        let mask = SecretRedactor.mask
        #expect(HeaderRedaction.redact("Authorization: Bearer abc123") == "Authorization: \(mask)")
        #expect(HeaderRedaction.redact("x-tenant-key: k", extraNames: ["x-tenant-key"]) == "x-tenant-key: \(mask)")
        #expect(HeaderRedaction.redact("Accept: application/json") == "Accept: application/json")
        #expect(HeaderRedaction.redactValues(in: "url?token=s3cr3t&x=1", secretValues: ["s3cr3t"]) == "url?token=\(mask)&x=1")
    }

    @Test func contentHashIsStableAndSensitive() {
        #expect(ContentHash.fnv1a(["GET", "/a"]) == ContentHash.fnv1a(["GET", "/a"]))
        #expect(ContentHash.fnv1a(["GET", "/a"]) != ContentHash.fnv1a(["GET/", "a"]))
        #expect(ContentHash.fnv1a([]).count == 16)
    }
}

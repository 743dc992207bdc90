import Foundation
import BenchCore

/// Shared by the BenchCore and Reports tests. Builds results without running anything: histograms filled from a seeded log-normal, a time series per second.
public enum SyntheticRun {
    /// One endpoint's shape: median latency, rate and error share.
    public struct Endpoint: Sendable {
        public var name: String
        public var medianMicros: Double
        public var requestsPerSecond: Double
        public var errorRate: Double

        public init(name: String, medianMicros: Double, requestsPerSecond: Double, errorRate: Double = 0) {
            self.name = name
            self.medianMicros = medianMicros
            self.requestsPerSecond = requestsPerSecond
            self.errorRate = errorRate
        }
    }

    /// A complete result, deterministic for a seed.
    public static func make(name: String = "synthetic", seconds: Int = 30, endpoints: [Endpoint] = [Endpoint(name: "GET /api/v1/customers/{id}", medianMicros: 2_000, requestsPerSecond: 500)],
                     samplesPerEndpoint: Int = 5_000, sigma: Double = 0.5, seed: UInt64 = 1, partial: Bool = false, saturated: Bool = false,
                     thresholds: [ThresholdRecord]? = nil, url: String = "http://127.0.0.1:8080/api/v1/customers/1") -> RunResult {
        var generator = SplitMix64(seed: seed)
        var overall = EndpointMetrics(name: "all")
        var metrics: [EndpointMetrics] = []
        for e in endpoints {
            var m = EndpointMetrics(name: e.name)
            let total = UInt64(e.requestsPerSecond * Double(seconds))
            let samples = max(1, min(UInt64(samplesPerEndpoint), total))
            let perSample = max(1, total / samples)
            for _ in 0..<samples {
                let value = UInt64(max(1, e.medianMicros * exp(sigma * generator.nextNormal())))
                // The fixture's latencies stand for its successful responses and for all of them alike.
                m.latency.record(micros: value, count: perSample)
                m.latencyAll.record(micros: value, count: perSample)
                m.service.record(micros: value * 9 / 10, count: perSample)
                m.phases[4].record(micros: value * 7 / 10, count: perSample)
                m.phases[5].record(micros: value / 10, count: perSample)
                m.phases[1].record(micros: 40, count: perSample)
            }
            m.requests = perSample * samples
            m.errors = UInt64(Double(m.requests) * e.errorRate)
            m.statusCounts[200] = m.requests - m.errors
            m.statusCounts[503] = m.errors
            m.errorCounts[ErrorKind.http5xx.index] = m.errors
            m.bytesReceived = m.requests * 512
            overall.add(m)
            metrics.append(m)
        }
        let duration = Double(seconds)
        let rps = endpoints.reduce(0) { $0 + $1.requestsPerSecond }
        let errorShare = endpoints.reduce(0) { $0 + $1.requestsPerSecond * $1.errorRate } / max(rps, 1)
        let p50 = Double(overall.latency.valueAt(percentile: 50))
        let series = (0..<seconds).map { s -> TimeSeriesPoint in
            let requests = UInt64(max(0, (rps + rps.squareRoot() * generator.nextNormal()).rounded()))
            let errors = UInt64((Double(requests) * errorShare).rounded())
            let wobble = 1 + 0.05 * generator.nextNormal()
            return TimeSeriesPoint(second: s, requests: requests, errors: errors, bytesSent: requests * 100, bytesReceived: requests * 512,
                                   p50Micros: UInt64(p50 * wobble), p90Micros: UInt64(p50 * 1.9 * wobble), p99Micros: UInt64(p50 * 3.2 * wobble),
                                   maxMicros: UInt64(p50 * 6 * wobble), serviceP50Micros: UInt64(p50 * 0.9 * wobble),
                                   serviceP99Micros: UInt64(p50 * 2.9 * wobble), errorsByKind: errors > 0 ? ["http5xx": errors] : [:])
        }
        var lag = LatencyHistogram()
        lag.record(micros: 20, count: 100)
        let meta = RunMetadata(toolVersion: "0.1.0", curlVersion: "libcurl/8", commandLine: ["crmbench", "run", "--url", url], name: name,
                               startTime: "2026-01-01T00:00:00Z", endTime: "2026-01-01T00:00:30Z", durationSeconds: duration,
                               machine: MachineInfo(cores: 2, os: "Linux", hostname: "bench"), target: url)
        let config = RunConfigurationRecord(model: .closed, connections: 10, threads: 1, durationSeconds: duration, ratePerSecond: nil,
                                            timeoutMillis: 30_000, http2: false,
                                            requests: endpoints.map { RequestRecord(name: $0.name, method: "GET", url: url, headers: ["Authorization: [redacted]"]) },
                                            contentHash: "hash-1")
        let health = GeneratorHealth(threads: 1, cpuBusyFraction: [saturated ? 0.97 : 0.4], cpuSeconds: 3, requests: overall.requests,
                                     lag: lag, lateArrivals: 0, droppedArrivals: 0, openModel: false)
        return RunResult(partial: partial, partialReason: partial ? "interrupted by SIGINT" : nil, meta: meta, config: config,
                         summary: RunSummary(overall: EndpointSummary(metrics: overall, durationSeconds: duration),
                                             endpoints: metrics.map { EndpointSummary(metrics: $0, durationSeconds: duration) }),
                         generator: health, timeSeries: series,
                         histograms: HistogramSet(overall: EndpointHistograms(overall), endpoints: metrics.map(EndpointHistograms.init), lag: lag.sparse),
                         scenario: thresholds.map { ScenarioResults(thresholds: $0) })
    }
}

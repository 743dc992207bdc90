import BenchCore

extension EngineOutput {
    /// The measured duration in seconds (the run's wall time, drain included).
    public var durationSeconds: Double { Double(elapsedNanos) / 1e9 }

    /// Whether the open model was used (for generator-health rules).
    /// - Parameter expectedIntervalMicros: closed model only — adds the expected-interval correction to the
    ///   summaries (0: use each endpoint's mean latency).
    public func result(meta: RunMetadata, config: RunConfigurationRecord, scenario: ScenarioResults? = nil,
                       partialReason: String? = nil, expectedIntervalMicros: UInt64? = nil) -> RunResult {
        let duration = durationSeconds
        func interval(_ m: EndpointMetrics) -> UInt64? {
            guard let expected = expectedIntervalMicros else { return nil }
            return expected > 0 ? expected : UInt64(max(1, m.latency.meanMicros.rounded()))
        }
        let summary = RunSummary(overall: EndpointSummary(metrics: overall, durationSeconds: duration,
                                                          expectedIntervalMicros: interval(overall)),
                                 endpoints: endpoints.map {
                                     EndpointSummary(metrics: $0, durationSeconds: duration, expectedIntervalMicros: interval($0))
                                 },
                                 transportBackoffs: transportBackoffs > 0 ? transportBackoffs : nil)
        let health = generatorHealth(openModel: config.model == .open, ratePerSecond: config.ratePerSecond,
                                     maxInFlight: config.connections)
        let perEndpoint = endpoints.indices.map { i -> EndpointHistograms in
            var histograms = EndpointHistograms(endpoints[i])
            histograms.windows = i < endpointWindows.count ? endpointWindows[i] : nil
            return histograms
        }
        let histograms = HistogramSet(overall: EndpointHistograms(overall), endpoints: perEndpoint, lag: lag.sparse)
        let reason = partialReason ?? stopReason
        return RunResult(partial: reason != nil, partialReason: reason, meta: meta, config: config, summary: summary,
                         generator: health, timeSeries: timeSeries, histograms: histograms, scenario: scenario)
    }

    /// How the generator kept up, and why not when it did not (`GeneratorHealth.classify`).
    /// - Parameters:
    ///   - ratePerSecond: the open model's asked rate; nil: arrivals sent and dropped over the duration.
    ///   - maxInFlight: the open model's in-flight limit (its connections).
    public func generatorHealth(openModel: Bool, ratePerSecond: Double?, maxInFlight: Int) -> GeneratorHealth {
        let arrivals = requests + droppedArrivals
        let rate = ratePerSecond ?? (durationSeconds > 0 ? Double(arrivals) / durationSeconds : nil)
        // Lag is judged after the first second when there is an after; a run of a second or less has only that.
        let split = steadyLag.count > 0
        let facts = GeneratorHealth.LoadFacts(
            ratePerSecond: rate, maxInFlight: maxInFlight, arrivals: arrivals, blockedArrivals: blockedArrivals,
            serviceMeanMicros: overall.service.meanMicros, serviceP99Micros: overall.service.valueAt(percentile: 99),
            steadyLag: PercentileSummary(split ? steadyLag : lag), warmupLag: split ? PercentileSummary(warmupLag) : nil,
            preopenedConnections: preopenedConnections, connectsFirstSecond: connectsFirstSecond)
        var health = GeneratorHealth(threads: cpuBusyFraction.count, cpuBusyFraction: cpuBusyFraction, cpuSeconds: cpuSeconds,
                                     requests: requests, lag: lag, lateArrivals: lateArrivals, droppedArrivals: droppedArrivals,
                                     openModel: openModel, load: facts)
        health.warmupConnectMicros = warmupConnect.count > 0 ? PercentileSummary(warmupConnect) : nil
        health.warmupTLSMicros = warmupTLS.count > 0 ? PercentileSummary(warmupTLS) : nil
        health.connectionsOpened = connectionsOpened
        return health
    }
}

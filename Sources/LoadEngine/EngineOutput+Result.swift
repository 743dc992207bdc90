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
        let health = GeneratorHealth(threads: cpuBusyFraction.count, cpuBusyFraction: cpuBusyFraction,
                                     cpuSeconds: cpuSeconds, requests: requests, lag: lag,
                                     lateArrivals: lateArrivals, droppedArrivals: droppedArrivals,
                                     openModel: config.model == .open)
        let histograms = HistogramSet(overall: EndpointHistograms(overall), endpoints: endpoints.map(EndpointHistograms.init),
                                      lag: lag.sparse)
        let reason = partialReason ?? stopReason
        return RunResult(partial: reason != nil, partialReason: reason, meta: meta, config: config, summary: summary,
                         generator: health, timeSeries: timeSeries, histograms: histograms, scenario: scenario)
    }
}

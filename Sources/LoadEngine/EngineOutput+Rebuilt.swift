import BenchCore

extension EngineOutput {
    /// A result read back as the output of the engines that measured it: a distributed level, merged exactly from
    /// its agents' results, takes the place of one process's output in the sweep loop. Exact for what the result
    /// keeps (every histogram, count, per-second point and window, the generator's CPU and arrival counts); the
    /// warm-up figures a result keeps only as summaries (first-second lag, connect and TLS times) are left empty.
    public init(result: RunResult) throws {
        let names = result.summary.endpoints.map(\.name)
        self = .empty(endpointNames: names, stopReason: result.partial ? result.partialReason : nil)
        let histograms = result.histograms
        endpoints = try zip(result.summary.endpoints, histograms.endpoints).map { try ResultMerger.metrics(summary: $0, histograms: $1) }
        overall = try ResultMerger.metrics(summary: result.summary.overall, histograms: histograms.overall)
        lag = try LatencyHistogram(sparse: histograms.lag)
        timeSeries = result.timeSeries
        endpointWindows = names.indices.map { $0 < histograms.endpoints.count ? histograms.endpoints[$0].windows ?? WindowSeries() : WindowSeries() }
        requests = result.summary.overall.requests
        let generator = result.generator
        (lateArrivals, droppedArrivals) = (generator.lateArrivals, generator.droppedArrivals)
        (cpuBusyFraction, cpuSeconds) = (generator.cpuBusyFraction, generator.cpuSeconds)
        transportBackoffs = result.summary.transportBackoffs ?? 0
        elapsedNanos = UInt64(max(0, result.meta.durationSeconds * 1e9).rounded())
    }
}

/// The histograms of a run in their sparse, mergeable form.
public struct HistogramSet: Codable, Sendable {
    public var overall: EndpointHistograms
    public var endpoints: [EndpointHistograms]
    /// Schedule lag of every request.
    public var lag: SparseHistogram

    public init(overall: EndpointHistograms, endpoints: [EndpointHistograms], lag: SparseHistogram) {
        self.overall = overall
        self.endpoints = endpoints
        self.lag = lag
    }
}

/// One endpoint's histograms.
public struct EndpointHistograms: Codable, Sendable {
    public var name: String
    /// Latency of the successful responses.
    public var latency: SparseHistogram
    /// Latency of every request; absent when every request succeeded (then it is `latency`) and in older results
    /// (where `latency` held every request).
    public var latencyAll: SparseHistogram?
    public var serviceTime: SparseHistogram
    /// Keyed by `PhaseTimes.names`.
    public var phases: [String: SparseHistogram]
    /// Requests, errors and coarse latency per window of the run, for `compare` (absent in merged runs and in
    /// results written before it was added).
    public var windows: WindowSeries?

    public init(_ metrics: EndpointMetrics) {
        name = metrics.name
        latency = metrics.latency.sparse
        latencyAll = metrics.latencyAll.count == metrics.latency.count ? nil : metrics.latencyAll.sparse
        serviceTime = metrics.service.sparse
        var dict: [String: SparseHistogram] = [:]
        for (i, phase) in PhaseTimes.names.enumerated() { dict[phase] = metrics.phases[i].sparse }
        phases = dict
    }
}

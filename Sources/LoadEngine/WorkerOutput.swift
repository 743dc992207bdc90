import BenchCore

/// What one worker measured; merged with the others' after every worker stopped.
struct WorkerOutput {
    var endpoints: [EndpointMetrics]
    var lag = LatencyHistogram()
    /// The send lag of arrivals due in the first second, and of those due after it (`lag` holds both).
    var warmupLag = LatencyHistogram()
    var steadyLag = LatencyHistogram()
    /// Connections opened before the schedule started, and their TCP connect and TLS handshake times.
    var preopenedConnections = 0
    var warmupConnect = LatencyHistogram()
    var warmupTLS = LatencyHistogram()
    /// Connections opened by requests due in the first second.
    var connectsFirstSecond: UInt64 = 0
    /// Connections opened in all, warm-up included (libcurl's count per transfer).
    var connectionsOpened: UInt64 = 0
    var blockedArrivals: UInt64 = 0
    var requests: UInt64 = 0
    var completedIterations: UInt64 = 0
    var interruptedIterations: UInt64 = 0
    var abortedRequests: UInt64 = 0
    var lateArrivals: UInt64 = 0
    var droppedArrivals: UInt64 = 0
    var transportBackoffs: UInt64 = 0
    var cpuNanos: UInt64 = 0
    var wallNanos: UInt64 = 0
    /// The loop the worker ran.
    var eventLoop = EngineConfiguration.EventLoop.poll

    init(endpointNames: [String]) { endpoints = endpointNames.map { EndpointMetrics(name: $0) } }

    /// A valid endpoint index: one out of range is folded into the last endpoint rather than trapping.
    @inline(__always)
    func clamp(_ index: Int) -> Int { index >= 0 && index < endpoints.count ? index : endpoints.count - 1 }
}

/// What one endpoint saw in one second: the unit of the per-endpoint windows `compare` resamples.
public struct EndpointSecond: Sendable, Equatable {
    public var requests: UInt64 = 0
    public var errors: UInt64 = 0
    /// Latency of the successful responses, like the run's percentiles.
    public var latency = CoarseHistogram()

    public init() {}

    /// Adds a second of the same endpoint measured by another worker.
    public mutating func add(_ other: EndpointSecond) {
        requests &+= other.requests
        errors &+= other.errors
        latency.add(other.latency)
    }
}

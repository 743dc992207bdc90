/// What one endpoint saw in one second: the unit of the per-endpoint windows `compare` resamples, and of the
/// live outputs' per-endpoint counters.
public struct EndpointSecond: Sendable, Equatable {
    public var requests: UInt64 = 0
    public var errors: UInt64 = 0
    /// Latency of the successful responses, like the run's percentiles.
    public var latency = CoarseHistogram()
    /// The sum of those latencies (a Prometheus histogram's `_sum`).
    public var latencySumMicros: UInt64 = 0
    /// Responses by HTTP status (0: none arrived), in first-seen order: an endpoint answers with one to three
    /// statuses, so a short list searched in order costs less per request than a table of 600.
    public var statuses: [StatusCount] = []

    public init() {}

    /// Counts one response of `status`.
    @inlinable
    public mutating func count(status: Int) {
        for i in statuses.indices where statuses[i].status == status {
            statuses[i].count &+= 1
            return
        }
        statuses.append(StatusCount(status: status, count: 1))
    }

    /// Adds a second of the same endpoint measured by another worker.
    public mutating func add(_ other: EndpointSecond) {
        requests &+= other.requests
        errors &+= other.errors
        latency.add(other.latency)
        latencySumMicros &+= other.latencySumMicros
        StatusCount.merge(other.statuses, into: &statuses)
    }
}

/// How many responses had one HTTP status.
public struct StatusCount: Sendable, Equatable {
    public var status: Int
    public var count: UInt64

    public init(status: Int, count: UInt64) {
        self.status = status
        self.count = count
    }

    /// Adds counts to a list, status by status.
    public static func merge(_ more: [StatusCount], into list: inout [StatusCount]) {
        for entry in more {
            if let i = list.firstIndex(where: { $0.status == entry.status }) {
                list[i].count &+= entry.count
            } else {
                list.append(entry)
            }
        }
    }
}

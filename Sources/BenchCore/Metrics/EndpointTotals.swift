/// One endpoint's counts since the run began, for the live outputs' counters: requests by HTTP status, and the
/// successful responses' durations in `DurationBuckets` (a Prometheus classic histogram's buckets, sum and count).
/// Built from the finished seconds, so it never counts a second twice and only ever grows.
public struct EndpointTotals: Sendable, Equatable {
    public var requests: UInt64 = 0
    public var errors: UInt64 = 0
    /// Responses by HTTP status (0: none arrived).
    public var statuses: [StatusCount] = []
    /// Durations per bucket of `DurationBuckets` (not cumulative; the last is +Inf).
    public var durationCounts = [UInt64](repeating: 0, count: DurationBuckets.count)
    public var durationSumMicros: UInt64 = 0
    public var durationCount: UInt64 = 0

    public init() {}

    /// Adds one finished second of the endpoint.
    public mutating func add(_ second: EndpointSecond) {
        requests &+= second.requests
        errors &+= second.errors
        StatusCount.merge(second.statuses, into: &statuses)
        if second.latency.total > 0 {
            let map = DurationBuckets.indexOfCoarse
            for coarse in 0..<CoarseHistogram.bucketCount {
                let count = second.latency.count(index: coarse)
                if count > 0 { durationCounts[map[coarse]] &+= count }
            }
        }
        durationSumMicros &+= second.latencySumMicros
        durationCount &+= second.latency.total
    }

    /// Adds another run's totals of the same endpoint (another workload, or the levels before this one).
    public mutating func add(_ other: EndpointTotals) {
        requests &+= other.requests
        errors &+= other.errors
        StatusCount.merge(other.statuses, into: &statuses)
        for i in durationCounts.indices { durationCounts[i] &+= other.durationCounts[i] }
        durationSumMicros &+= other.durationSumMicros
        durationCount &+= other.durationCount
    }

    /// The counts at or below each bound, as a Prometheus `_bucket` series has them (the last is +Inf).
    public var cumulativeDurationCounts: [UInt64] {
        var running: UInt64 = 0
        return durationCounts.map { running &+= $0; return running }
    }

    /// Several series of endpoint totals as one, endpoint by endpoint (by index).
    public static func merged(_ series: [[EndpointTotals]]) -> [EndpointTotals] {
        var out: [EndpointTotals] = []
        for totals in series {
            while out.count < totals.count { out.append(EndpointTotals()) }
            for i in totals.indices { out[i].add(totals[i]) }
        }
        return out
    }
}

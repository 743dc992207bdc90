import BenchCore
import LoadEngine

extension ProgressSnapshot {
    /// The live figures of workloads running at the same time as one: counts summed; the per-second points of
    /// the busiest workload with the others' requests and errors added, second by second from the latest.
    public static func merging(_ snapshots: [ProgressSnapshot]) -> ProgressSnapshot? {
        guard var merged = snapshots.max(by: { ($0.latest?.requests ?? 0) < ($1.latest?.requests ?? 0) }) else { return nil }
        guard snapshots.count > 1 else { return merged }
        merged.elapsedNanos = snapshots.map(\.elapsedNanos).max() ?? merged.elapsedNanos
        merged.inFlight = snapshots.reduce(0) { $0 + $1.inFlight }
        merged.completed = snapshots.reduce(0) { $0 + $1.completed }
        merged.totalRequests = snapshots.reduce(0) { $0 + $1.totalRequests }
        merged.totalHTTPErrors = snapshots.reduce(0) { $0 + $1.totalHTTPErrors }
        merged.live = snapshots.reduce(LiveCounts()) { $0 + $1.live }
        merged.recentLatency = SecondHistogram.merged(snapshots.map(\.recentLatency))
        merged.endpointTotals = EndpointTotals.merged(snapshots.map(\.endpointTotals))
        var recent = merged.recent.map { point -> TimeSeriesPoint in
            var point = point
            point.requests = 0
            point.errors = 0
            point.errorsByKind = [:]
            return point
        }
        for snapshot in snapshots {
            for back in 0..<min(recent.count, snapshot.recent.count) {
                let mine = recent.count - 1 - back, theirs = snapshot.recent[snapshot.recent.count - 1 - back]
                recent[mine].requests &+= theirs.requests
                recent[mine].errors &+= theirs.errors
                recent[mine].errorsByKind.merge(theirs.errorsByKind, uniquingKeysWith: +)
            }
        }
        merged.recent = recent
        merged.latest = recent.last
        return merged
    }
}

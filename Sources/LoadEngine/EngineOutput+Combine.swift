import BenchCore

extension EngineOutput {
    /// This output and `other`, measured at the same time by another engine that started `offsetSeconds` later
    /// (a second workload of one scenario): metrics merged, per-second points added second by second.
    public func combined(with other: EngineOutput, offsetSeconds: Int) -> EngineOutput {
        var merged = self
        for i in merged.endpoints.indices where i < other.endpoints.count { merged.endpoints[i].add(other.endpoints[i]) }
        merged.overall.add(other.overall)
        merged.lag.add(other.lag)
        var bySecond: [Int: TimeSeriesPoint] = [:]
        for p in timeSeries { bySecond[p.second] = p }
        for p in other.timeSeries {
            var shifted = p
            shifted.second += offsetSeconds
            guard var q = bySecond[shifted.second] else { bySecond[shifted.second] = shifted; continue }
            q.requests += shifted.requests
            q.errors += shifted.errors
            q.bytesSent += shifted.bytesSent
            q.bytesReceived += shifted.bytesReceived
            // Percentiles of a second cannot be merged from two points: keep the higher (conservative).
            q.p50Micros = max(q.p50Micros, shifted.p50Micros)
            q.p90Micros = max(q.p90Micros, shifted.p90Micros)
            q.p95Micros = max(q.p95Micros ?? 0, shifted.p95Micros ?? 0)
            q.p99Micros = max(q.p99Micros, shifted.p99Micros)
            q.maxMicros = max(q.maxMicros, shifted.maxMicros)
            q.serviceP50Micros = max(q.serviceP50Micros, shifted.serviceP50Micros)
            q.serviceP99Micros = max(q.serviceP99Micros, shifted.serviceP99Micros)
            q.errorsByKind.merge(shifted.errorsByKind, uniquingKeysWith: +)
            bySecond[q.second] = q
        }
        merged.timeSeries = bySecond.keys.sorted().compactMap { bySecond[$0] }
        merged.requests += other.requests
        merged.completedIterations += other.completedIterations
        merged.interruptedIterations += other.interruptedIterations
        merged.abortedRequests += other.abortedRequests
        merged.lateArrivals += other.lateArrivals
        merged.droppedArrivals += other.droppedArrivals
        merged.cpuBusyFraction += other.cpuBusyFraction
        merged.cpuSeconds += other.cpuSeconds
        merged.elapsedNanos = max(elapsedNanos, other.elapsedNanos + UInt64(offsetSeconds) * 1_000_000_000)
        merged.stopReason = stopReason ?? other.stopReason
        return merged
    }
}

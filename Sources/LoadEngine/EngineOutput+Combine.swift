import BenchCore

extension EngineOutput {
    /// This output and `other`, measured at the same time by another engine that started `offsetSeconds` later
    /// (a second workload of one scenario): metrics merged, per-second points added second by second.
    public func combined(with other: EngineOutput, offsetSeconds: Int) -> EngineOutput {
        var merged = self
        for i in merged.endpoints.indices where i < other.endpoints.count { merged.endpoints[i].add(other.endpoints[i]) }
        merged.overall.add(other.overall)
        merged.lag.add(other.lag)
        merged.warmupLag.add(other.warmupLag)
        merged.steadyLag.add(other.steadyLag)
        merged.preopenedConnections += other.preopenedConnections
        merged.warmupConnect.add(other.warmupConnect)
        merged.warmupTLS.add(other.warmupTLS)
        merged.connectsFirstSecond += other.connectsFirstSecond
        merged.connectionsOpened += other.connectionsOpened
        merged.blockedArrivals += other.blockedArrivals
        let shifted = other.timeSeries.map { point -> TimeSeriesPoint in
            var moved = point
            moved.second += offsetSeconds
            return moved
        }
        merged.timeSeries = TimeSeriesPoint.merged([timeSeries, shifted])
        for i in merged.endpointWindows.indices where i < other.endpointWindows.count {
            merged.endpointWindows[i] = merged.endpointWindows[i].merged(with: other.endpointWindows[i], offsetSeconds: offsetSeconds)
        }
        merged.requests += other.requests
        merged.completedIterations += other.completedIterations
        merged.interruptedIterations += other.interruptedIterations
        merged.abortedRequests += other.abortedRequests
        merged.lateArrivals += other.lateArrivals
        merged.droppedArrivals += other.droppedArrivals
        merged.transportBackoffs += other.transportBackoffs
        merged.cpuBusyFraction += other.cpuBusyFraction
        merged.cpuSeconds += other.cpuSeconds
        merged.eventLoops += other.eventLoops
        merged.elapsedNanos = max(elapsedNanos, other.elapsedNanos + UInt64(offsetSeconds) * 1_000_000_000)
        merged.stopReason = stopReason ?? other.stopReason
        merged.openFileLimit = openFileLimit ?? other.openFileLimit
        return merged
    }
}

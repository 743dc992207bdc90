/// Sweeps run on several generators at once: the same levels everywhere, each level's load split between them.
///
/// A level's counts add and its load is the sum of the generators'. A level keeps only its summary (no
/// histograms), so its mean and standard deviation are merged exactly (pooled by count) but its percentiles are
/// bounded: the merged pNN lies between the generators' pNN, and the highest is kept. The server's demands are
/// re-derived from the utilization the generators read off the one target (D = U / X over the merged throughput).
extension ResultMerger {
    static func mergeSweeps(_ results: [RunResult]) throws -> SweepResults? {
        let sweeps = results.compactMap(\.sweep)
        guard let first = sweeps.first else { return nil }
        guard sweeps.count == results.count else {
            throw Problem(message: "\(sweeps.count) of the \(results.count) results are sweeps: merge a sweep only with the same sweep run on the other generators")
        }
        if sweeps.contains(where: { $0.maxRatePerSecond != nil || $0.slo != nil }) {
            throw Problem(message: "find-max results cannot be merged: each generator's search picks its own probe rates; run `crmbench sweep` with the same --rates on every generator instead")
        }
        let text = { (level: Double) in level == level.rounded() && abs(level) < 1e15 ? String(Int64(level)) : "\(level)" }
        let shapes = Set(sweeps.map { "\($0.dimension) " + $0.levels.map { text($0.level) }.joined(separator: ",") })
        guard shapes.count == 1 else {
            throw Problem(message: "the sweeps ran different levels (\(shapes.sorted().joined(separator: "; "))): merge only the same sweep run on every generator at the same time")
        }
        let levels = first.levels.indices.map { i -> SweepLevel in
            let parts = sweeps.map { $0.levels[i] }
            let duration = parts.map(\.durationSeconds).max() ?? 0
            let summary = mergedSummary(parts.map(\.summary), durationSeconds: duration)
            return SweepLevel(level: parts.reduce(0) { $0 + $1.level }, durationSeconds: duration, summary: summary,
                              server: mergedDemands(parts.compactMap(\.server), requests: summary.requests, seconds: duration),
                              generatorHealthy: parts.allSatisfy(\.generatorHealthy))
        }
        let reasons = Set(sweeps.compactMap(\.stoppedEarly))
        return SweepResults(dimension: first.dimension, levels: levels,
                            stoppedEarly: reasons.isEmpty ? nil : reasons.sorted().joined(separator: "; "))
    }

    /// Summaries of one load split between generators: counts add, throughput is over the longest duration.
    static func mergedSummary(_ parts: [EndpointSummary], durationSeconds: Double) -> EndpointSummary {
        var s = parts[0]
        s.requests = parts.reduce(0) { $0 + $1.requests }
        s.errors = parts.reduce(0) { $0 + $1.errors }
        s.errorRate = s.requests == 0 ? 0 : Double(s.errors) / Double(s.requests)
        s.availability = s.requests == 0 ? 0 : 1 - s.errorRate
        s.requestsPerSecond = durationSeconds > 0 ? Double(s.requests) / durationSeconds : 0
        s.bytesSent = parts.reduce(0) { $0 + $1.bytesSent }
        s.bytesReceived = parts.reduce(0) { $0 + $1.bytesReceived }
        s.latencyMicros = mergedPercentiles(parts.map(\.latencyMicros))
        s.serviceTimeMicros = mergedPercentiles(parts.map(\.serviceTimeMicros))
        s.correctedLatencyMicros = nil
        s.expectedIntervalMicros = nil
        s.phasesMicros = s.phasesMicros.keys.reduce(into: [:]) { phases, name in
            phases[name] = mergedPercentiles(parts.compactMap { $0.phasesMicros[name] })
        }
        s.statusCodes = parts.reduce(into: [:]) { $0.merge($1.statusCodes, uniquingKeysWith: +) }
        s.errorsByKind = parts.reduce(into: [:]) { $0.merge($1.errorsByKind, uniquingKeysWith: +) }
        let versions = parts.reduce(into: [String: UInt64]()) { $0.merge($1.httpVersions ?? [:], uniquingKeysWith: +) }
        s.httpVersions = versions.isEmpty ? nil : versions
        return s
    }

    /// Count-pooled mean and standard deviation; min and max exact; each percentile the highest of the parts'.
    static func mergedPercentiles(_ parts: [PercentileSummary]) -> PercentileSummary {
        let measured = parts.filter { $0.count > 0 }
        guard var s = measured.first else { return parts[0] }
        let n = Double(measured.reduce(0) { $0 + $1.count })
        let mean = measured.reduce(0.0) { $0 + Double($1.count) * $1.mean } / n
        let variance = measured.reduce(0.0) { $0 + Double($1.count) * ($1.stdDev * $1.stdDev + ($1.mean - mean) * ($1.mean - mean)) } / n
        s.count = measured.reduce(0) { $0 + $1.count }
        s.mean = mean
        s.stdDev = variance.squareRoot()
        s.min = measured.map(\.min).min() ?? 0
        s.max = measured.map(\.max).max() ?? 0
        s.p50 = measured.map(\.p50).max() ?? 0
        s.p90 = measured.map(\.p90).max() ?? 0
        s.p95 = measured.map(\.p95).max() ?? 0
        s.p99 = measured.map(\.p99).max() ?? 0
        s.p999 = measured.map(\.p999).max() ?? 0
        return s
    }

    /// The one target's demands as read by each generator over the same interval: utilizations are averaged and
    /// the per-request demands re-derived over every generator's requests (each generator divided by its own).
    static func mergedDemands(_ parts: [ServerDemands], requests: UInt64, seconds: Double) -> ServerDemands? {
        guard let first = parts.first else { return nil }
        func mean(_ pick: (ServerDemands) -> Double?) -> Double? {
            let values = parts.compactMap(pick)
            return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        }
        let cpu = mean(\.cpuUtilization), db = mean(\.databaseUtilization)
        let n = Double(requests)
        var d = ServerDemands(cpuSecondsPerRequest: n > 0 ? cpu.map { $0 * seconds / n } : nil,
                              databaseSecondsPerRequest: n > 0 ? db.map { $0 * seconds / n } : nil,
                              cpuUtilization: cpu, databaseUtilization: db, serverRequests: mean(\.serverRequests))
        d.databaseEmbedded = first.databaseEmbedded
        d.cacheHitRatio = mean(\.cacheHitRatio)
        return d
    }
}

/// Merges results of runs made at the same time from several machines against one target (distributed load).
///
/// Exact where the result keeps exact data: histograms (latency, service time, phases, lag, flows, groups) are
/// summed bucket by bucket, counts are added, throughput is the sum over the longest duration. The per-second
/// series is added second by second; its per-second percentiles cannot be merged exactly from points, so the merged
/// point keeps the highest of the runs' (a conservative bound) — the overall percentiles come from the histograms.
/// Sweeps merge level by level when every generator ran the same levels (`ResultMerger+Sweep.swift`).
public enum ResultMerger {
    public struct Problem: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static func merge(_ results: [RunResult], commandLine: [String]) throws -> RunResult {
        guard let first = results.first else { throw Problem(message: "nothing to merge") }
        guard results.count >= 2 else { throw Problem(message: "merge needs at least two results") }
        let hashes = Set(results.map(\.config.contentHash))
        if hashes.count > 1 {
            throw Problem(message: "the results ran different requests or scenarios (content hashes \(hashes.sorted().joined(separator: ", "))); merge only runs of the same thing")
        }
        let duration = results.map(\.meta.durationSeconds).max() ?? 0
        var overall = EndpointMetrics(name: first.summary.overall.name)
        var endpoints: [String: EndpointMetrics] = [:]
        var order: [String] = []
        var lag = LatencyHistogram()
        for result in results {
            overall.add(try metrics(summary: result.summary.overall, histograms: result.histograms.overall))
            for (summary, histograms) in zip(result.summary.endpoints, result.histograms.endpoints) {
                if endpoints[summary.name] == nil { order.append(summary.name) }
                endpoints[summary.name, default: EndpointMetrics(name: summary.name)].add(try metrics(summary: summary, histograms: histograms))
            }
            lag.add(try LatencyHistogram(sparse: result.histograms.lag))
        }
        let merged = order.compactMap { endpoints[$0] }
        var meta = first.meta
        meta.commandLine = commandLine
        meta.durationSeconds = duration
        meta.startTime = results.map(\.meta.startTime).min() ?? meta.startTime
        meta.endTime = results.map(\.meta.endTime).max() ?? meta.endTime
        meta.machine = MachineInfo(cores: results.reduce(0) { $0 + $1.meta.machine.cores }, os: first.meta.machine.os,
                                   hostname: results.map(\.meta.machine.hostname).joined(separator: "+"))
        var config = first.config
        config.connections = results.reduce(0) { $0 + $1.config.connections }
        config.threads = results.reduce(0) { $0 + $1.config.threads }
        config.ratePerSecond = first.config.ratePerSecond.map { _ in results.reduce(0) { $0 + ($1.config.ratePerSecond ?? 0) } }
        let busy = results.flatMap(\.generator.cpuBusyFraction)
        let cpuSeconds = results.reduce(0) { $0 + $1.generator.cpuSeconds }
        var generator = GeneratorHealth(threads: busy.count, cpuBusyFraction: busy, cpuSeconds: cpuSeconds, requests: overall.requests,
                                        lag: lag, lateArrivals: results.reduce(0) { $0 + $1.generator.lateArrivals },
                                        droppedArrivals: results.reduce(0) { $0 + $1.generator.droppedArrivals },
                                        openModel: first.config.model == .open, load: mergedLoadFacts(results, overall: overall))
        generator.warnings += results.flatMap(\.generator.warnings).filter { !generator.warnings.contains($0) }
        let opened = results.compactMap(\.generator.connectionsOpened)
        generator.connectionsOpened = opened.isEmpty ? nil : opened.reduce(0, +)
        let notes = (generator.notes ?? []) + results.flatMap { $0.generator.notes ?? [] }
        generator.notes = notes.enumerated().filter { notes.firstIndex(of: $0.element) == $0.offset }.map(\.element)
        // Generators stopped for the same reason (a feeder that ran out everywhere) say it once.
        let reasons = results.compactMap(\.partialReason).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let sweep = try mergeSweeps(results)
        var result = RunResult(partial: results.contains { $0.partial }, partialReason: reasons.isEmpty ? nil : reasons.joined(separator: "; "),
                               meta: meta, config: config,
                               summary: RunSummary(overall: EndpointSummary(metrics: overall, durationSeconds: duration),
                                                   endpoints: merged.map { EndpointSummary(metrics: $0, durationSeconds: duration) },
                                                   transportBackoffs: results.compactMap(\.summary.transportBackoffs).reduce(0, +).nonZero),
                               generator: generator, timeSeries: TimeSeriesPoint.merged(results.map(\.timeSeries)),
                               histograms: HistogramSet(overall: EndpointHistograms(overall), endpoints: merged.map(EndpointHistograms.init),
                                                        lag: lag.sparse),
                               scenario: try mergeScenario(results.compactMap(\.scenario)))
        result.sweep = sweep
        result.thresholds = mergedThresholds(results)
        result.failures = FailureCauses.merged(results.compactMap(\.failures))
        result.server = mergedDemands(results.compactMap(\.server), requests: overall.requests, seconds: duration)
        return result
    }

    /// Rebuilds an endpoint's metrics from its summary counts and its exact histograms.
    public static func metrics(summary: EndpointSummary, histograms: EndpointHistograms) throws -> EndpointMetrics {
        var m = EndpointMetrics(name: summary.name)
        m.latency = try LatencyHistogram(sparse: histograms.latency)
        m.latencyAll = try histograms.latencyAll.map { try LatencyHistogram(sparse: $0) } ?? m.latency
        m.service = try LatencyHistogram(sparse: histograms.serviceTime)
        for (i, phase) in PhaseTimes.names.enumerated() {
            if let sparse = histograms.phases[phase] { m.phases[i] = try LatencyHistogram(sparse: sparse) }
        }
        m.requests = summary.requests
        m.errors = summary.errors
        m.bytesSent = summary.bytesSent
        m.bytesReceived = summary.bytesReceived
        for (code, count) in summary.statusCodes { if let c = Int(code), c >= 0, c < 600 { m.statusCounts[c] = count } }
        for (kind, count) in summary.errorsByKind { if let k = ErrorKind(rawValue: kind) { m.errorCounts[k.index] = count } }
        for (name, count) in summary.httpVersions ?? [:] { if let v = HTTPVersion(name: name) { m.httpVersionCounts[v.rawValue] = count } }
        return m
    }

    /// Thresholds are judged per run; the merged verdict of each is the conjunction of the runs'. Nil when no run
    /// recorded any.
    static func mergedThresholds(_ results: [RunResult]) -> [ThresholdRecord]? {
        guard let first = results.first(where: { !$0.thresholdRecords.isEmpty }) else { return nil }
        return first.thresholdRecords.map { t in
            let all = results.compactMap { $0.thresholdRecords.first { $0.expression == t.expression } }
            return ThresholdRecord(expression: t.expression, passed: all.allSatisfy(\.passed), observed: nil,
                                   detail: "passed on \(all.filter(\.passed).count) of \(all.count) generators",
                                   isDefault: t.isDefault)
        }
    }

    static func mergeScenario(_ scenarios: [ScenarioResults]) throws -> ScenarioResults? {
        guard let first = scenarios.first else { return nil }
        func transactions(_ pick: (ScenarioResults) -> [TransactionSummary]) throws -> [TransactionSummary] {
            try pick(first).map { t in
                var histogram = LatencyHistogram()
                var iterations: UInt64 = 0, failed: UInt64 = 0, interrupted: UInt64 = 0
                for s in scenarios { for u in pick(s) where u.name == t.name {
                    histogram.add(try LatencyHistogram(sparse: u.histogram))
                    iterations += u.iterations; failed += u.failed; interrupted += u.interrupted
                } }
                return TransactionSummary(name: t.name, iterations: iterations, failed: failed, interrupted: interrupted, histogram: histogram)
            }
        }
        let checks = first.checks.map { c in
            CheckSummary(name: c.name, step: c.step,
                         passes: scenarios.reduce(0) { $0 + ($1.checks.first { $0.name == c.name }?.passes ?? 0) },
                         fails: scenarios.reduce(0) { $0 + ($1.checks.first { $0.name == c.name }?.fails ?? 0) },
                         notRun: scenarios.reduce(0) { $0 + ($1.checks.first { $0.name == c.name }?.notRun ?? 0) })
        }
        return ScenarioResults(flows: try transactions(\.flows), groups: try transactions(\.groups), checks: checks,
                               failureSamples: scenarios.flatMap { $0.failureSamples ?? [] }.prefix(20).map { $0 },
                               feederExhausted: scenarios.compactMap(\.feederExhausted).first,
                               stepsNotReached: mergedStepsNotReached(scenarios))
    }

    static func mergedStepsNotReached(_ scenarios: [ScenarioResults]) -> [StepNotReached]? {
        var order: [String] = [], counts: [String: UInt64] = [:]
        for s in scenarios { for step in s.stepsNotReached ?? [] {
            if counts[step.step] == nil { order.append(step.step) }
            counts[step.step, default: 0] += step.iterations
        } }
        return order.isEmpty ? nil : order.map { StepNotReached(step: $0, iterations: counts[$0] ?? 0) }
    }

    /// The load facts of generators run side by side: each judged its lag against its own arrivals' spacing, so
    /// the merged lag is bounded by the part with the highest p99 and judged against one generator's rate.
    private static func mergedLoadFacts(_ results: [RunResult], overall: EndpointMetrics) -> GeneratorHealth.LoadFacts {
        let parts = results.map(\.generator)
        let dropped = parts.reduce(0) { $0 + $1.droppedArrivals }
        return GeneratorHealth.LoadFacts(
            ratePerSecond: results.compactMap(\.config.ratePerSecond).max(),
            maxInFlight: results.map(\.config.connections).min(), arrivals: overall.requests + dropped,
            blockedArrivals: parts.reduce(0) { $0 + ($1.blockedArrivals ?? 0) },
            serviceMeanMicros: overall.service.meanMicros, serviceP99Micros: overall.service.valueAt(percentile: 99),
            steadyLag: parts.compactMap(\.steadyLagMicros).max { $0.p99 < $1.p99 },
            warmupLag: parts.compactMap(\.warmupLagMicros).max { $0.p99 < $1.p99 },
            preopenedConnections: parts.contains { $0.preopenedConnections != nil }
                ? parts.reduce(0) { $0 + ($1.preopenedConnections ?? 0) } : nil,
            connectsFirstSecond: parts.contains { $0.connectsFirstSecond != nil }
                ? parts.reduce(0) { $0 + ($1.connectsFirstSecond ?? 0) } : nil)
    }
}

extension UInt64 {
    /// The value, or nil when it is 0 (optional counters are left out of a result when nothing was counted).
    var nonZero: UInt64? { self == 0 ? nil : self }
}

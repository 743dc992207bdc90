/// Compares a candidate run with a baseline, metric by metric, with confidence intervals and verdicts.
///
/// - Overall throughput: block bootstrap over the per-second windows of the time series (`WindowBootstrap`).
/// - Per-endpoint, flow and group throughput: only totals exist, so counts over duration with the Poisson
///   rate-ratio interval (`PoissonRateRatio`).
/// - Error (or failure) rate: difference of proportions, Newcombe's interval (`ProportionInterval`).
/// - p50, p95, p99: Poisson bootstrap of the histogram buckets (`HistogramBootstrap`).
///
/// A verdict is "improved" or "regressed" only when the interval excludes zero and the change is at least the
/// minimum practical effect of `ComparisonSettings`; otherwise "no significant change".
public struct RunComparator: Sendable {
    public var settings: ComparisonSettings

    public init(settings: ComparisonSettings = ComparisonSettings()) { self.settings = settings }

    /// The comparison of `candidate` against `baseline`.
    public func compare(baseline: RunResult, candidate: RunResult, baselineSource: String = "baseline",
                        candidateSource: String = "candidate") -> RunComparison {
        var subjects: [SubjectComparison] = []
        subjects.append(overall(baseline, candidate))
        let candidateEndpoints = Dictionary(candidate.summary.endpoints.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let baseHistograms = Dictionary(baseline.histograms.endpoints.map { ($0.name, $0.latency) }, uniquingKeysWith: { a, _ in a })
        let candHistograms = Dictionary(candidate.histograms.endpoints.map { ($0.name, $0.latency) }, uniquingKeysWith: { a, _ in a })
        for base in baseline.summary.endpoints {
            guard let cand = candidateEndpoints[base.name],
                  let hb = baseHistograms[base.name], let hc = candHistograms[base.name] else { continue }
            let side = Side(events: base.errors, total: base.requests, seconds: baseline.meta.durationSeconds, histogram: hb)
            let other = Side(events: cand.errors, total: cand.requests, seconds: candidate.meta.durationSeconds, histogram: hc)
            subjects.append(subject(.endpoint, base.name, side, other, throughput: nil))
        }
        for (kind, baseList, candList) in [(SubjectComparison.Kind.flow, baseline.scenario?.flows ?? [], candidate.scenario?.flows ?? []),
                                           (.group, baseline.scenario?.groups ?? [], candidate.scenario?.groups ?? [])] {
            let byName = Dictionary(candList.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            for base in baseList {
                guard let cand = byName[base.name] else { continue }
                let side = Side(events: base.failed, total: base.iterations, seconds: baseline.meta.durationSeconds, histogram: base.histogram)
                let other = Side(events: cand.failed, total: cand.iterations, seconds: candidate.meta.durationSeconds, histogram: cand.histogram)
                subjects.append(subject(kind, base.name, side, other, throughput: nil))
            }
        }
        return RunComparison(baselineName: baseline.meta.name, candidateName: candidate.meta.name,
                             baselineSource: baselineSource, candidateSource: candidateSource,
                             comparability: Comparability.check(baseline: baseline, candidate: candidate),
                             subjects: subjects, settings: settings)
    }

    /// The verdict for a change estimate, given the metric's better direction and the practical thresholds.
    public func verdict(_ metric: ComparedMetric, estimate: ChangeEstimate, baseline: Double, candidate: Double) -> Verdict {
        guard estimate.low.isFinite, estimate.high.isFinite else { return .insufficientData }
        let practical: Bool
        switch metric {
        case .throughput: practical = abs(estimate.change) >= settings.minRelativeChange
        case .errorRate: practical = abs(estimate.change) >= settings.minErrorRateChange
        case .p50, .p95, .p99:
            practical = abs(estimate.change) >= settings.minRelativeChange
                && abs(candidate - baseline) >= settings.minLatencyChangeMicros
        }
        guard practical, estimate.excludesZero else { return .noSignificantChange }
        let up = estimate.change > 0
        return up == (metric.better == .higher) ? .improved : .regressed
    }

    struct Side {
        var events: UInt64
        var total: UInt64
        var seconds: Double
        var histogram: SparseHistogram
    }

    private func overall(_ baseline: RunResult, _ candidate: RunResult) -> SubjectComparison {
        let b = baseline.summary.overall
        let c = candidate.summary.overall
        let side = Side(events: b.errors, total: b.requests, seconds: baseline.meta.durationSeconds, histogram: baseline.histograms.overall.latency)
        let other = Side(events: c.errors, total: c.requests, seconds: candidate.meta.durationSeconds, histogram: candidate.histograms.overall.latency)
        let windowsA = Self.fullSecondCounts(baseline.timeSeries)
        let windowsB = Self.fullSecondCounts(candidate.timeSeries)
        guard windowsA.count >= 3, windowsB.count >= 3 else { return subject(.overall, "all requests", side, other, throughput: nil) }
        var generator = SeededGenerator(seed: settings.seed, label: "overall/throughput")
        let estimate = WindowBootstrap.relativeChangeOfMean(baseline: windowsA, candidate: windowsB, resamples: settings.resamples,
                                                            confidence: settings.confidence, generator: &generator)
        let meanA = windowsA.reduce(0, +) / Double(windowsA.count)
        let meanB = windowsB.reduce(0, +) / Double(windowsB.count)
        let throughput = MetricComparison(metric: .throughput, baseline: meanA, candidate: meanB, estimate: estimate,
                                          verdict: verdict(.throughput, estimate: estimate, baseline: meanA, candidate: meanB),
                                          method: "block bootstrap of \(windowsA.count) and \(windowsB.count) one-second windows")
        return subject(.overall, "all requests", side, other, throughput: throughput)
    }

    /// Requests of each whole second: the first (ramp-up) and last (cut short) seconds are dropped.
    static func fullSecondCounts(_ series: [TimeSeriesPoint]) -> [Double] {
        let counts = series.sorted { $0.second < $1.second }.map { Double($0.requests) }
        return counts.count >= 5 ? Array(counts.dropFirst().dropLast()) : counts
    }

    private func subject(_ kind: SubjectComparison.Kind, _ name: String, _ a: Side, _ b: Side,
                         throughput: MetricComparison?) -> SubjectComparison {
        let label = "\(kind.rawValue)/\(name)"
        var metrics: [MetricComparison] = []
        if let throughput {
            metrics.append(throughput)
        } else {
            let rateA = a.seconds > 0 ? Double(a.total) / a.seconds : 0
            let rateB = b.seconds > 0 ? Double(b.total) / b.seconds : 0
            let estimate = PoissonRateRatio.relativeChange(baselineCount: a.total, baselineSeconds: a.seconds, candidateCount: b.total,
                                                           candidateSeconds: b.seconds, confidence: settings.confidence)
            metrics.append(MetricComparison(metric: .throughput, baseline: rateA, candidate: rateB, estimate: estimate,
                                            verdict: a.total == 0 || b.total == 0 ? .insufficientData
                                                : verdict(.throughput, estimate: estimate, baseline: rateA, candidate: rateB),
                                            method: "Poisson rate ratio of counts over duration"))
        }
        let errors = ProportionInterval.difference(baselineEvents: a.events, baselineTrials: a.total, candidateEvents: b.events,
                                                   candidateTrials: b.total, confidence: settings.confidence)
        let rateA = a.total > 0 ? Double(a.events) / Double(a.total) : 0
        let rateB = b.total > 0 ? Double(b.events) / Double(b.total) : 0
        metrics.append(MetricComparison(metric: .errorRate, baseline: rateA, candidate: rateB, estimate: errors,
                                        verdict: a.total == 0 || b.total == 0 ? .insufficientData
                                            : verdict(.errorRate, estimate: errors, baseline: rateA, candidate: rateB),
                                        method: "difference of proportions, Newcombe hybrid score interval"))
        let levels: [(ComparedMetric, Double)] = [(.p50, 50), (.p95, 95), (.p99, 99)]
        var generator = SeededGenerator(seed: settings.seed, label: label + "/latency")
        let bootstrap = HistogramBootstrap(percentiles: levels.map(\.1), resamples: settings.resamples, confidence: settings.confidence)
        let results = bootstrap.compare(baseline: a.histogram, candidate: b.histogram, generator: &generator)
        for (i, (metric, _)) in levels.enumerated() {
            let r = results[i]
            let empty = a.histogram.buckets.isEmpty || b.histogram.buckets.isEmpty
            metrics.append(MetricComparison(metric: metric, baseline: r.baselineMicros, candidate: r.candidateMicros, estimate: r.estimate,
                                            verdict: empty ? .insufficientData
                                                : verdict(metric, estimate: r.estimate, baseline: r.baselineMicros, candidate: r.candidateMicros),
                                            method: "Poisson bootstrap of histogram buckets"))
        }
        return SubjectComparison(kind: kind, name: name, metrics: metrics)
    }
}

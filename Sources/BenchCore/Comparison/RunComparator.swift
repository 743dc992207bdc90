/// Compares a candidate run with a baseline, metric by metric, with confidence intervals and verdicts.
///
/// - Overall throughput: block bootstrap over the per-second windows of the time series (`WindowBootstrap`).
/// - Per-endpoint, flow and group throughput: only totals exist, so counts over duration with the Poisson
///   rate-ratio interval (`PoissonRateRatio`).
/// - Error (or failure) rate: difference of proportions, Newcombe's interval (`ProportionInterval`).
/// - p50, p95, p99: Poisson bootstrap of the histogram buckets (`HistogramBootstrap`).
///
/// Requests are not independent (a pause slows a whole second), so every interval is widened by the runs' design
/// effects, measured on their per-second time series (`DesignEffect`); per-endpoint series do not exist, so
/// endpoints, flows and groups take the whole run's.
///
/// A verdict is "improved" or "regressed" only when the interval excludes zero and the change is at least the
/// minimum practical effect of `ComparisonSettings`; otherwise "no significant change".
public struct RunComparator: Sendable {
    /// Confidence, resampling and minimum effects.
    public var settings: ComparisonSettings

    public init(settings: ComparisonSettings = ComparisonSettings()) { self.settings = settings }

    /// The comparison of `candidate` against `baseline`.
    public func compare(baseline: RunResult, candidate: RunResult, baselineSource: String = "baseline",
                        candidateSource: String = "candidate") -> RunComparison {
        let bootstrap = HistogramBootstrap(percentiles: Self.levels, resamples: settings.resamples, confidence: settings.confidence)
        var generator = SplitMix64(seed: settings.seed, label: "overall/latency")
        let overallA = bootstrap.resample(baseline.histograms.overall.latency, generator: &generator)
        let overallB = bootstrap.resample(candidate.histograms.overall.latency, generator: &generator)
        let noise = Noise(baseline: DesignEffect(series: baseline.timeSeries, plannedSeconds: baseline.config.durationSeconds),
                          candidate: DesignEffect(series: candidate.timeSeries, plannedSeconds: candidate.config.durationSeconds),
                          latencyBaseline: Self.latencyEffects(baseline, overallA),
                          latencyCandidate: Self.latencyEffects(candidate, overallB))
        var subjects: [SubjectComparison] = [overall(baseline, candidate, overallA, overallB, noise)]
        let candidateEndpoints = Dictionary(candidate.summary.endpoints.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let baseHistograms = Dictionary(baseline.histograms.endpoints.map { ($0.name, $0.latency) }, uniquingKeysWith: { a, _ in a })
        let candHistograms = Dictionary(candidate.histograms.endpoints.map { ($0.name, $0.latency) }, uniquingKeysWith: { a, _ in a })
        for base in baseline.summary.endpoints {
            guard let cand = candidateEndpoints[base.name],
                  let hb = baseHistograms[base.name], let hc = candHistograms[base.name] else { continue }
            let side = Side(events: base.errors, total: base.requests, seconds: baseline.meta.durationSeconds, histogram: hb)
            let other = Side(events: cand.errors, total: cand.requests, seconds: candidate.meta.durationSeconds, histogram: hc)
            subjects.append(subject(.endpoint, base.name, side, other, noise: noise))
        }
        for (kind, baseList, candList) in [(SubjectComparison.Kind.flow, baseline.scenario?.flows ?? [], candidate.scenario?.flows ?? []),
                                           (.group, baseline.scenario?.groups ?? [], candidate.scenario?.groups ?? [])] {
            let byName = Dictionary(candList.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            for base in baseList {
                guard let cand = byName[base.name] else { continue }
                let side = Side(events: base.failed, total: base.iterations, seconds: baseline.meta.durationSeconds, histogram: base.histogram)
                let other = Side(events: cand.failed, total: cand.iterations, seconds: candidate.meta.durationSeconds, histogram: cand.histogram)
                subjects.append(subject(kind, base.name, side, other, noise: noise))
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

    /// Percentile levels resampled: p50, p90 (only for the design effect of p95), p95, p99.
    static let levels: [Double] = [50, 90, 95, 99]
    /// Whole seconds each run needs before overall throughput is bootstrapped over windows (else: Poisson).
    public static let minimumWindows = 10
    /// The compared latency metrics and their index in `levels`.
    static let latencyMetrics: [(ComparedMetric, Int)] = [(.p50, 0), (.p95, 2), (.p99, 3)]

    struct Side {
        var events: UInt64
        var total: UInt64
        var seconds: Double
        var histogram: SparseHistogram
    }

    /// The design effects of both runs; the latency ones indexed like `levels`.
    struct Noise {
        var baseline: DesignEffect
        var candidate: DesignEffect
        var latencyBaseline: [Double]
        var latencyCandidate: [Double]
    }

    /// Design effects of p50, p90, p95, p99 from the per-second series (p95, which the series lacks, takes the
    /// larger of p90's and p99's).
    static func latencyEffects(_ run: RunResult, _ resampled: HistogramBootstrap.Resampled) -> [Double] {
        let seconds = DesignEffect.fullSeconds(run.timeSeries, plannedSeconds: run.config.durationSeconds)
        guard !seconds.isEmpty else { return levels.map { _ in 1 } }
        let rate = Double(seconds.reduce(0) { $0 + $1.requests }) / Double(seconds.count)
        let total = Double(run.histograms.overall.latency.buckets.reduce(0) { $0 + $1[1] })
        func effect(_ level: Int, _ value: (TimeSeriesPoint) -> UInt64) -> Double {
            DesignEffect.percentile(perSecondMicros: seconds.map { Double(value($0)) }, requestsPerSecond: rate, totalRequests: total,
                                    bootstrapVarianceMicros2: resampled.variance(level: level))
        }
        let p90 = effect(1, \.p90Micros), p99 = effect(3, \.p99Micros)
        return [effect(0, \.p50Micros), p90, max(p90, p99), p99]
    }

    /// Factor widening a latency interval for the design effects: √((dA·vA + dB·vB) / (vA + vB)), v the relative
    /// bootstrap variances.
    static func latencyWidening(_ a: HistogramBootstrap.Resampled, _ b: HistogramBootstrap.Resampled, level: Int, noise: Noise) -> Double {
        let pa = a.pointMicros[level], pb = b.pointMicros[level]
        guard pa > 0, pb > 0 else { return 1 }
        let va = a.variance(level: level) / (pa * pa), vb = b.variance(level: level) / (pb * pb)
        guard va + vb > 0 else { return 1 }
        return ((noise.latencyBaseline[level] * va + noise.latencyCandidate[level] * vb) / (va + vb)).squareRoot()
    }

    private func overall(_ baseline: RunResult, _ candidate: RunResult, _ ra: HistogramBootstrap.Resampled,
                         _ rb: HistogramBootstrap.Resampled, _ noise: Noise) -> SubjectComparison {
        let b = baseline.summary.overall
        let c = candidate.summary.overall
        let side = Side(events: b.errors, total: b.requests, seconds: baseline.meta.durationSeconds, histogram: baseline.histograms.overall.latency)
        let other = Side(events: c.errors, total: c.requests, seconds: candidate.meta.durationSeconds, histogram: candidate.histograms.overall.latency)
        let windowsA = DesignEffect.fullSeconds(baseline.timeSeries, plannedSeconds: baseline.config.durationSeconds).map { Double($0.requests) }
        let windowsB = DesignEffect.fullSeconds(candidate.timeSeries, plannedSeconds: candidate.config.durationSeconds).map { Double($0.requests) }
        // A block bootstrap of a handful of seconds has too few distinct resamples to be trusted.
        guard windowsA.count >= Self.minimumWindows, windowsB.count >= Self.minimumWindows else {
            return subject(.overall, "all requests", side, other, noise: noise, resampled: (ra, rb))
        }
        var generator = SplitMix64(seed: settings.seed, label: "overall/throughput")
        let estimate = WindowBootstrap.relativeChangeOfMean(baseline: windowsA, candidate: windowsB, resamples: settings.resamples,
                                                            confidence: settings.confidence, generator: &generator)
        let meanA = windowsA.reduce(0, +) / Double(windowsA.count)
        let meanB = windowsB.reduce(0, +) / Double(windowsB.count)
        let throughput = MetricComparison(metric: .throughput, baseline: meanA, candidate: meanB, estimate: estimate,
                                          verdict: verdict(.throughput, estimate: estimate, baseline: meanA, candidate: meanB),
                                          method: "block bootstrap of \(windowsA.count) and \(windowsB.count) one-second windows")
        return subject(.overall, "all requests", side, other, noise: noise, throughput: throughput, resampled: (ra, rb))
    }

    private func subject(_ kind: SubjectComparison.Kind, _ name: String, _ a: Side, _ b: Side, noise: Noise,
                         throughput: MetricComparison? = nil,
                         resampled: (HistogramBootstrap.Resampled, HistogramBootstrap.Resampled)? = nil) -> SubjectComparison {
        let label = "\(kind.rawValue)/\(name)"
        var metrics: [MetricComparison] = []
        if let throughput {
            metrics.append(throughput)
        } else {
            let rateA = a.seconds > 0 ? Double(a.total) / a.seconds : 0
            let rateB = b.seconds > 0 ? Double(b.total) / b.seconds : 0
            let ca = max(Double(a.total), 0.5), cb = max(Double(b.total), 0.5)
            let widening = ((noise.baseline.throughput / ca + noise.candidate.throughput / cb) / (1 / ca + 1 / cb)).squareRoot()
            let estimate = PoissonRateRatio.relativeChange(baselineCount: a.total, baselineSeconds: a.seconds, candidateCount: b.total,
                                                           candidateSeconds: b.seconds, confidence: settings.confidence).widened(by: widening)
            metrics.append(MetricComparison(metric: .throughput, baseline: rateA, candidate: rateB, estimate: estimate,
                                            verdict: a.total == 0 || b.total == 0 ? .insufficientData
                                                : verdict(.throughput, estimate: estimate, baseline: rateA, candidate: rateB),
                                            method: "Poisson rate ratio of counts over duration, widened by the runs' dispersion"))
        }
        let errors = ProportionInterval.difference(baselineEvents: a.events, baselineTrials: a.total, candidateEvents: b.events,
                                                   candidateTrials: b.total, confidence: settings.confidence)
            .widened(by: max(noise.baseline.errorRate, noise.candidate.errorRate).squareRoot())
        let rateA = a.total > 0 ? Double(a.events) / Double(a.total) : 0
        let rateB = b.total > 0 ? Double(b.events) / Double(b.total) : 0
        metrics.append(MetricComparison(metric: .errorRate, baseline: rateA, candidate: rateB, estimate: errors,
                                        verdict: a.total == 0 || b.total == 0 ? .insufficientData
                                            : verdict(.errorRate, estimate: errors, baseline: rateA, candidate: rateB),
                                        method: "difference of proportions, Newcombe hybrid score interval, widened by the runs' dispersion"))
        let bootstrap = HistogramBootstrap(percentiles: Self.levels, resamples: settings.resamples, confidence: settings.confidence)
        let (ra, rb): (HistogramBootstrap.Resampled, HistogramBootstrap.Resampled)
        if let resampled {
            (ra, rb) = resampled
        } else {
            var generator = SplitMix64(seed: settings.seed, label: label + "/latency")
            ra = bootstrap.resample(a.histogram, generator: &generator)
            rb = bootstrap.resample(b.histogram, generator: &generator)
        }
        let empty = a.histogram.buckets.isEmpty || b.histogram.buckets.isEmpty
        for (metric, level) in Self.latencyMetrics {
            let estimate = bootstrap.relativeChange(baseline: ra, candidate: rb, level: level)
                .widened(by: Self.latencyWidening(ra, rb, level: level, noise: noise))
            let va = ra.pointMicros[level], vb = rb.pointMicros[level]
            metrics.append(MetricComparison(metric: metric, baseline: va, candidate: vb, estimate: estimate,
                                            verdict: empty ? .insufficientData : verdict(metric, estimate: estimate, baseline: va, candidate: vb),
                                            method: "Poisson bootstrap of histogram buckets, widened by the per-second design effect"))
        }
        return SubjectComparison(kind: kind, name: name, metrics: metrics)
    }
}

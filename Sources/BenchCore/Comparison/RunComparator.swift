/// Compares a candidate run with a baseline, metric by metric, with confidence intervals and verdicts.
///
/// - Where both runs kept per-window data (`WindowSeries`, one per endpoint; the whole run is their sum), every
///   metric of a subject comes from one circular block bootstrap over its windows (`WindowSample`): seconds of a
///   load test are not independent, so whole blocks of seconds are resampled, and throughput, error rate and
///   percentiles are read from the same resample. Relative changes are intervals of the log ratio, so they stay
///   above −100 %.
/// - Otherwise (results without windows, flows and groups, runs shorter than `minimumWindows` seconds):
///   throughput from the Poisson rate ratio, error rate from Newcombe's interval, percentiles from a Poisson
///   bootstrap of the histogram buckets, each widened by the runs' design effects (`DesignEffect`).
///
/// A verdict is "improved" or "regressed" only when the change is at least the minimum practical effect of
/// `ComparisonSettings`, its interval excludes zero, and it survives the Benjamini–Hochberg procedure over every
/// row of the comparison at `settings.falseDiscoveryRate` (`FalseDiscoveryRate`): with 45 rows, 5 % intervals
/// alone would flag two or three rows of two identical runs.
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
        let baseWindows = Dictionary(baseline.histograms.endpoints.map { ($0.name, $0.windows) }, uniquingKeysWith: { a, _ in a })
        let candWindows = Dictionary(candidate.histograms.endpoints.map { ($0.name, $0.windows) }, uniquingKeysWith: { a, _ in a })
        let candidateEndpoints = Dictionary(candidate.summary.endpoints.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let baseHistograms = Dictionary(baseline.histograms.endpoints.map { ($0.name, $0.latency) }, uniquingKeysWith: { a, _ in a })
        let candHistograms = Dictionary(candidate.histograms.endpoints.map { ($0.name, $0.latency) }, uniquingKeysWith: { a, _ in a })
        for base in baseline.summary.endpoints {
            guard let cand = candidateEndpoints[base.name],
                  let hb = baseHistograms[base.name], let hc = candHistograms[base.name] else { continue }
            let side = Side(events: base.errors, total: base.requests, seconds: baseline.meta.durationSeconds, histogram: hb,
                            windows: baseWindows[base.name] ?? nil, plannedSeconds: baseline.config.durationSeconds)
            let other = Side(events: cand.errors, total: cand.requests, seconds: candidate.meta.durationSeconds, histogram: hc,
                             windows: candWindows[base.name] ?? nil, plannedSeconds: candidate.config.durationSeconds)
            subjects.append(subject(.endpoint, base.name, side, other, noise: noise))
        }
        for (kind, baseList, candList) in [(SubjectComparison.Kind.flow, baseline.scenario?.flows ?? [], candidate.scenario?.flows ?? []),
                                           (.group, baseline.scenario?.groups ?? [], candidate.scenario?.groups ?? [])] {
            let byName = Dictionary(candList.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            for base in baseList {
                guard let cand = byName[base.name] else { continue }
                let side = Side(events: base.failed, total: base.iterations, seconds: baseline.meta.durationSeconds, histogram: base.histogram,
                                windows: base.windows, plannedSeconds: baseline.config.durationSeconds)
                let other = Side(events: cand.failed, total: cand.iterations, seconds: candidate.meta.durationSeconds, histogram: cand.histogram,
                                 windows: cand.windows, plannedSeconds: candidate.config.durationSeconds)
                subjects.append(subject(kind, base.name, side, other, noise: noise))
            }
        }
        return RunComparison(baselineName: baseline.meta.name, candidateName: candidate.meta.name,
                             baselineSource: baselineSource, candidateSource: candidateSource,
                             comparability: Comparability.check(baseline: baseline, candidate: candidate),
                             subjects: controllingFalseDiscoveries(subjects), settings: settings)
    }

    /// The subjects with every row's p-value adjusted over all rows (Benjamini–Hochberg) and the verdicts of the
    /// rows that do not survive it set to "no significant change".
    func controllingFalseDiscoveries(_ subjects: [SubjectComparison]) -> [SubjectComparison] {
        var positions: [(Int, Int)] = []
        var pValues: [Double] = []
        for (s, subject) in subjects.enumerated() {
            for (m, metric) in subject.metrics.enumerated() where metric.verdict != .insufficientData {
                positions.append((s, m))
                pValues.append(metric.pValue ?? 1)
            }
        }
        var result = subjects
        for ((s, m), adjusted) in zip(positions, FalseDiscoveryRate.adjusted(pValues)) {
            result[s].metrics[m].adjustedPValue = adjusted
            if adjusted > settings.falseDiscoveryRate && result[s].metrics[m].verdict != .noSignificantChange {
                result[s].metrics[m].verdict = .noSignificantChange
            }
        }
        return result
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
    /// Whole windows each run needs before a subject is bootstrapped over its windows (else: the Poisson and
    /// design-effect methods): a 10-second run has 9 whole seconds (the first is ramp-up), 8 is about the least a
    /// block bootstrap of 2-second blocks still resamples into enough distinct series.
    public static let minimumWindows = 8
    /// Responses each run needs above a percentile before its change gets a verdict: the bootstrap of a
    /// percentile with a handful of values beyond it (the p99 of 80 responses is their maximum) is known to
    /// understate its spread (Bickel and Freedman 1981 on extremes), and such rows flagged noise as changes.
    public static let minimumTailResponses = 10.0

    /// Whether both histograms hold enough responses above `level` for a verdict.
    static func enoughTail(_ a: SparseHistogram, _ b: SparseHistogram, level: Double) -> Bool {
        let na = Double(a.buckets.reduce(0) { $0 + ($1.count == 2 ? $1[1] : 0) })
        let nb = Double(b.buckets.reduce(0) { $0 + ($1.count == 2 ? $1[1] : 0) })
        return min(na, nb) * (1 - level / 100) >= minimumTailResponses
    }

    /// The compared latency metrics and their index in `levels`.
    static let latencyMetrics: [(ComparedMetric, Int)] = [(.p50, 0), (.p95, 2), (.p99, 3)]

    struct Side {
        var events: UInt64
        var total: UInt64
        var seconds: Double
        var histogram: SparseHistogram
        /// Per-window data, when the run kept it.
        var windows: WindowSeries? = nil
        /// The run's planned duration (whole windows lie inside it).
        var plannedSeconds: Double = 0

        /// The whole windows, when there are enough for the block bootstrap.
        var fullWindows: WindowSample? {
            guard let windows else { return nil }
            let full = windows.fullWindows(plannedSeconds: plannedSeconds)
            return full.count >= RunComparator.minimumWindows ? WindowSample(windows: full, windowSeconds: windows.windowSeconds) : nil
        }
    }

    /// The whole run's windows: every endpoint's added (nil when an endpoint lacks them).
    static func overallWindows(_ run: RunResult) -> WindowSeries? {
        var total: WindowSeries?
        for endpoint in run.histograms.endpoints {
            guard let windows = endpoint.windows else { return nil }
            total = total.map { $0.merged(with: windows, offsetSeconds: 0) } ?? windows
        }
        return total
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
        let side = Side(events: b.errors, total: b.requests, seconds: baseline.meta.durationSeconds, histogram: baseline.histograms.overall.latency,
                        windows: Self.overallWindows(baseline), plannedSeconds: baseline.config.durationSeconds)
        let other = Side(events: c.errors, total: c.requests, seconds: candidate.meta.durationSeconds, histogram: candidate.histograms.overall.latency,
                         windows: Self.overallWindows(candidate), plannedSeconds: candidate.config.durationSeconds)
        if let windowsA = side.fullWindows, let windowsB = other.fullWindows {
            return windowed(.overall, "all requests", side, other, windowsA, windowsB)
        }
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
        if let windowsA = a.fullWindows, let windowsB = b.fullWindows {
            return windowed(kind, name, a, b, windowsA, windowsB)
        }
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
                                                           candidateSeconds: b.seconds, confidence: settings.confidence).widenedRelative(by: widening)
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
                .widenedRelative(by: Self.latencyWidening(ra, rb, level: level, noise: noise))
            let va = ra.pointMicros[level], vb = rb.pointMicros[level]
            let enough = !empty && Self.enoughTail(a.histogram, b.histogram, level: Self.levels[level])
            metrics.append(MetricComparison(metric: metric, baseline: va, candidate: vb, estimate: estimate,
                                            verdict: enough ? verdict(metric, estimate: estimate, baseline: va, candidate: vb) : .insufficientData,
                                            method: enough ? "Poisson bootstrap of histogram buckets, widened by the per-second design effect"
                                                : "too few responses above \(metric.rawValue) (fewer than \(Int(Self.minimumTailResponses)))"))
        }
        return SubjectComparison(kind: kind, name: name, metrics: metrics.map(withPValue))
    }

    /// A metric with its p-value of "no change", read from its interval.
    func withPValue(_ metric: MetricComparison) -> MetricComparison {
        var m = metric
        m.pValue = m.verdict == .insufficientData ? nil
            : m.estimate.pValue(relative: !m.metric.changeIsAbsolute, confidence: settings.confidence)
        return m
    }

    /// Every metric of a subject from one block bootstrap over both runs' whole windows.
    private func windowed(_ kind: SubjectComparison.Kind, _ name: String, _ a: Side, _ b: Side,
                          _ wa: WindowSample, _ wb: WindowSample) -> SubjectComparison {
        var generator = SplitMix64(seed: settings.seed, label: "\(kind.rawValue)/\(name)/windows")
        let levels = Self.latencyMetrics.map { Self.levels[$0.1] }
        let drawsA = wa.draws(resamples: settings.resamples, levels: levels, generator: &generator)
        let drawsB = wb.draws(resamples: settings.resamples, levels: levels, generator: &generator)
        let seenA = wa.observed(levels: levels), seenB = wb.observed(levels: levels)
        let method = "block bootstrap of \(wa.count) and \(wb.count) windows of \(wa.windowSeconds) s"
        var metrics: [MetricComparison] = []

        let throughputChange = seenA.throughput > 0 ? seenB.throughput / seenA.throughput - 1 : .infinity
        let ratios = zip(drawsA, drawsB).map { $0.throughput > 0 ? $1.throughput / $0.throughput - 1 : .nan }
        let throughput = ChangeEstimate.fromRatioDraws(ratios, change: throughputChange, drawnChange: throughputChange,
                                                       confidence: settings.confidence)
        metrics.append(MetricComparison(metric: .throughput, baseline: seenA.throughput, candidate: seenB.throughput, estimate: throughput,
                                        verdict: seenA.throughput > 0 && seenB.throughput > 0
                                            ? verdict(.throughput, estimate: throughput, baseline: seenA.throughput, candidate: seenB.throughput)
                                            : .insufficientData,
                                        method: method))

        let rateA = a.total > 0 ? Double(a.events) / Double(a.total) : 0
        let rateB = b.total > 0 ? Double(b.events) / Double(b.total) : 0
        let differences = zip(drawsA, drawsB).map { $1.errorRate - $0.errorRate }
        let errors = ChangeEstimate.fromDifferenceDraws(differences, change: rateB - rateA, drawnChange: seenB.errorRate - seenA.errorRate,
                                                        confidence: settings.confidence)
        metrics.append(MetricComparison(metric: .errorRate, baseline: rateA, candidate: rateB, estimate: errors,
                                        verdict: a.total == 0 || b.total == 0 ? .insufficientData
                                            : verdict(.errorRate, estimate: errors, baseline: rateA, candidate: rateB),
                                        method: method))

        // Point estimates from the exact histograms; the coarse windows give the interval's width.
        let exactA = HistogramBootstrap.percentiles(values: a.histogram.buckets.map { Double($0[0]) },
                                                    weights: a.histogram.buckets.map { Double($0[1]) }, levels: levels)
        let exactB = HistogramBootstrap.percentiles(values: b.histogram.buckets.map { Double($0[0]) },
                                                    weights: b.histogram.buckets.map { Double($0[1]) }, levels: levels)
        for (k, (metric, _)) in Self.latencyMetrics.enumerated() {
            let va = exactA[k], vb = exactB[k]
            guard va > 0, vb > 0, seenA.percentiles[k] > 0, seenB.percentiles[k] > 0,
                  Self.enoughTail(a.histogram, b.histogram, level: levels[k]) else {
                metrics.append(MetricComparison(metric: metric, baseline: va, candidate: vb,
                                                estimate: ChangeEstimate(change: va > 0 ? vb / va - 1 : 0, low: -.infinity, high: .infinity),
                                                verdict: .insufficientData,
                                                method: "too few responses above \(metric.rawValue) (fewer than \(Int(Self.minimumTailResponses)))"))
                continue
            }
            let drawn = zip(drawsA, drawsB).map { $0.percentiles[k] > 0 ? $1.percentiles[k] / $0.percentiles[k] - 1 : .nan }
            let estimate = ChangeEstimate.fromRatioDraws(drawn, change: vb / va - 1,
                                                         drawnChange: seenB.percentiles[k] / seenA.percentiles[k] - 1,
                                                         confidence: settings.confidence)
            metrics.append(MetricComparison(metric: metric, baseline: va, candidate: vb, estimate: estimate,
                                            verdict: verdict(metric, estimate: estimate, baseline: va, candidate: vb), method: method))
        }
        return SubjectComparison(kind: kind, name: name, metrics: metrics.map(withPValue))
    }
}

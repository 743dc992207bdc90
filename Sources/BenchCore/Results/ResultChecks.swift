/// The checks of `ResultValidator`, collecting issues rather than stopping at the first.
struct ResultChecks {
    var issues: [ResultIssue] = []

    mutating func expect(_ condition: Bool, _ path: @autoclosure () -> String, _ expected: @autoclosure () -> String) {
        if !condition { issues.append(ResultIssue(path: path(), expected: expected())) }
    }

    mutating func finite(_ value: Double, at path: String) {
        expect(value.isFinite, path, "a finite number, found \(value)")
    }

    mutating func nonNegative(_ value: Double, at path: String) {
        expect(value.isFinite && value >= 0, path, "a finite number at least 0, found \(value)")
    }

    mutating func fraction(_ value: Double, at path: String) {
        expect(value.isFinite && value >= 0 && value <= 1, path, "a fraction from 0 to 1, found \(value)")
    }

    mutating func duration(_ value: Double, at path: String) {
        expect(value.isFinite && value >= 0 && value <= ResultValidator.maxDurationSeconds, path,
               "a duration from 0 to \(Int(ResultValidator.maxDurationSeconds)) seconds, found \(value)")
    }

    mutating func count(_ value: UInt64, at path: String) {
        expect(value <= ResultValidator.maxCount, path, "a count of at most 2^53, found \(value)")
    }

    /// Checks a sparse histogram; returns its total count when it is usable, nil otherwise.
    mutating func histogram(_ h: SparseHistogram, at path: String) -> UInt64? {
        var usable = true
        if h.unit != "us" || h.significantDigits != 3 || h.highestTrackableMicros != LatencyHistogram.highestTrackableMicros {
            expect(false, path, "unit \"us\", significantDigits 3 and highestTrackableMicros \(LatencyHistogram.highestTrackableMicros), "
                   + "found \"\(h.unit)\", \(h.significantDigits) and \(h.highestTrackableMicros)")
            usable = false
        }
        var total: UInt64 = 0
        var previous: UInt64?
        for (i, pair) in h.buckets.enumerated() {
            let at = "\(path).buckets[\(i)]"
            guard pair.count == 2 else {
                expect(false, at, "[value, count], found \(pair.count) number\(pair.count == 1 ? "" : "s")")
                usable = false
                continue
            }
            if let previous, pair[0] <= previous {
                expect(false, at, "values in ascending order, found \(pair[0]) after \(previous)")
                usable = false
            }
            if pair[0] > LatencyHistogram.highestBucketMicros {
                expect(false, at, "a value of at most \(LatencyHistogram.highestBucketMicros) µs, found \(pair[0])")
                usable = false
            }
            previous = pair[0]
            let (sum, overflow) = total.addingReportingOverflow(pair[1])
            if overflow || sum > ResultValidator.maxCount {
                expect(false, at, "counts adding up to at most 2^53, found \(pair[1]) after a total of \(total)")
                return nil
            }
            total = sum
        }
        expect(h.clampedCount <= total, "\(path).clampedCount", "at most the histogram's total (\(total)), found \(h.clampedCount)")
        return usable ? total : nil
    }

    mutating func percentiles(_ p: PercentileSummary, at path: String) {
        count(p.count, at: "\(path).count")
        nonNegative(p.mean, at: "\(path).mean")
        nonNegative(p.stdDev, at: "\(path).stdDev")
        guard p.count > 0 else { return }
        let chain = [("min", p.min), ("p50", p.p50), ("p90", p.p90), ("p95", p.p95), ("p99", p.p99), ("p999", p.p999), ("max", p.max)]
        for (lower, upper) in zip(chain, chain.dropFirst()) {
            expect(lower.1 <= upper.1, "\(path).\(upper.0)", "at least \(lower.0) (\(lower.1)), found \(upper.1)")
        }
    }

    /// A summary's own figures, and (with its histograms) that its counts are the histograms' totals.
    mutating func summary(_ s: EndpointSummary, histograms: EndpointHistograms? = nil, at path: String, histogramsPath: String = "") {
        count(s.requests, at: "\(path).requests")
        expect(s.errors <= s.requests, "\(path).errors", "at most requests (\(s.requests)), found \(s.errors)")
        fraction(s.errorRate, at: "\(path).errorRate")
        fraction(s.availability, at: "\(path).availability")
        nonNegative(s.requestsPerSecond, at: "\(path).requestsPerSecond")
        percentiles(s.latencyMicros, at: "\(path).latencyMicros")
        percentiles(s.serviceTimeMicros, at: "\(path).serviceTimeMicros")
        if let corrected = s.correctedLatencyMicros { percentiles(corrected, at: "\(path).correctedLatencyMicros") }
        for (name, phase) in s.phasesMicros.sorted(by: { $0.key < $1.key }) { percentiles(phase, at: "\(path).phasesMicros.\(name)") }
        guard let h = histograms else { return }
        if let total = histogram(h.latency, at: "\(histogramsPath).latency") {
            expect(s.latencyMicros.count == total, "\(path).latencyMicros.count",
                   "the total of \(histogramsPath).latency (\(total)), found \(s.latencyMicros.count)")
            if h.latencyAll == nil {
                expect(s.requests == total, "\(path).requests", "the total of \(histogramsPath).latency (\(total)), found \(s.requests)")
            }
        }
        if let all = h.latencyAll, let total = histogram(all, at: "\(histogramsPath).latencyAll") {
            expect(s.requests == total, "\(path).requests", "the total of \(histogramsPath).latencyAll (\(total)), found \(s.requests)")
        }
        if let total = histogram(h.serviceTime, at: "\(histogramsPath).serviceTime") {
            expect(s.serviceTimeMicros.count == total, "\(path).serviceTimeMicros.count",
                   "the total of \(histogramsPath).serviceTime (\(total)), found \(s.serviceTimeMicros.count)")
        }
        for (name, phase) in h.phases.sorted(by: { $0.key < $1.key }) {
            let at = "\(histogramsPath).phases.\(name)"
            if let total = histogram(phase, at: at), let summary = s.phasesMicros[name] {
                expect(summary.count == total, "\(path).phasesMicros.\(name).count", "the total of \(at) (\(total)), found \(summary.count)")
            }
        }
    }

    /// An endpoint's windows: a window length that is a power of two, at most `WindowSeries.maximumWindows`
    /// windows at multiples of it in ascending order, errors within requests.
    mutating func windows(_ w: WindowSeries, at path: String, lastSecond: Int) {
        let lengthOK = w.windowSeconds >= 1 && w.windowSeconds <= 1 << 24 && w.windowSeconds & (w.windowSeconds - 1) == 0
        expect(lengthOK, "\(path).windowSeconds", "a power of two from 1 to 2^24, found \(w.windowSeconds)")
        expect(w.windows.count <= WindowSeries.maximumWindows, "\(path).windows",
               "at most \(WindowSeries.maximumWindows) windows, found \(w.windows.count)")
        guard lengthOK, w.windows.count <= WindowSeries.maximumWindows else { return }
        var previous: Int?
        for (i, window) in w.windows.enumerated() {
            let at = "\(path).windows[\(i)]"
            second(window.second, after: &previous, at: at, lastSecond: lastSecond, multipleOf: w.windowSeconds)
            count(window.requests, at: "\(at).requests")
            expect(window.errors <= window.requests, "\(at).errors", "at most requests (\(window.requests)), found \(window.errors)")
            // Pairs of another length are refused when decoding (`WindowSeries.Window.init(from:)`).
        }
    }

    mutating func generator(_ g: GeneratorHealth, lag: SparseHistogram) {
        for (i, busy) in g.cpuBusyFraction.enumerated() { nonNegative(busy, at: "generator.cpuBusyFraction[\(i)]") }
        nonNegative(g.cpuSeconds, at: "generator.cpuSeconds")
        nonNegative(g.cpuMicrosPerRequest, at: "generator.cpuMicrosPerRequest")
        percentiles(g.lagMicros, at: "generator.lagMicros")
        if let total = histogram(lag, at: "histograms.lag") {
            expect(g.lagMicros.count == total, "generator.lagMicros.count", "the total of histograms.lag (\(total)), found \(g.lagMicros.count)")
        }
    }

    /// A point's `second` within the run (and the drain), after the previous point's.
    private mutating func second(_ second: Int, after previous: inout Int?, at path: String, lastSecond: Int, multipleOf step: Int = 1) {
        if second < 0 || second > lastSecond || second % step != 0 {
            let what = step == 1 ? "a second" : "a multiple of \(step)"
            expect(false, "\(path).second", "\(what) from 0 to \(lastSecond) (the run's duration and an hour's drain), found \(second)")
        } else if let previous, second <= previous {
            expect(false, "\(path).second", "seconds in ascending order, found \(second) after \(previous)")
        }
        previous = second
    }

    mutating func timeSeries(_ points: [TimeSeriesPoint], lastSecond: Int) {
        var previous: Int?
        for (i, p) in points.enumerated() {
            let at = "timeSeries[\(i)]"
            second(p.second, after: &previous, at: at, lastSecond: lastSecond)
            count(p.requests, at: "\(at).requests")
            expect(p.errors <= p.requests, "\(at).errors", "at most requests (\(p.requests)), found \(p.errors)")
            let chain = [("p50Micros", p.p50Micros), ("p90Micros", p.p90Micros)] + (p.p95Micros.map { [("p95Micros", $0)] } ?? [])
                + [("p99Micros", p.p99Micros), ("maxMicros", p.maxMicros)]
            for (lower, upper) in zip(chain, chain.dropFirst()) {
                expect(lower.1 <= upper.1, "\(at).\(upper.0)", "at least \(lower.0) (\(lower.1)), found \(upper.1)")
            }
            expect(p.serviceP50Micros <= p.serviceP99Micros, "\(at).serviceP99Micros",
                   "at least serviceP50Micros (\(p.serviceP50Micros)), found \(p.serviceP99Micros)")
        }
    }

    mutating func scenario(_ s: ScenarioResults, lastSecond: Int) {
        for (kind, list) in [("flows", s.flows), ("groups", s.groups)] {
            for (i, t) in list.enumerated() {
                let at = "scenario.\(kind)[\(i)]"
                if let windows = t.windows { self.windows(windows, at: "\(at).windows", lastSecond: lastSecond) }
                percentiles(t.durationMicros, at: "\(at).durationMicros")
                if let total = histogram(t.histogram, at: "\(at).histogram") {
                    expect(t.durationMicros.count == total, "\(at).durationMicros.count",
                           "the total of \(at).histogram (\(total)), found \(t.durationMicros.count)")
                }
            }
        }
        for (i, t) in (s.thresholds ?? []).enumerated() {
            if let observed = t.observed { finite(observed, at: "scenario.thresholds[\(i)].observed") }
        }
    }

    mutating func sweep(_ sweep: SweepResults) {
        for (i, level) in sweep.levels.enumerated() {
            let at = "sweep.levels[\(i)]"
            nonNegative(level.level, at: "\(at).level")
            duration(level.durationSeconds, at: "\(at).durationSeconds")
            nonNegative(level.meanConcurrency, at: "\(at).meanConcurrency")
            summary(level.summary, at: "\(at).summary")
            if let server = level.server { self.server(server, at: "\(at).server") }
        }
        if let rate = sweep.maxRatePerSecond { nonNegative(rate, at: "sweep.maxRatePerSecond") }
    }

    mutating func server(_ d: ServerDemands, at path: String) {
        let figures = [("cpuSecondsPerRequest", d.cpuSecondsPerRequest), ("databaseSecondsPerRequest", d.databaseSecondsPerRequest),
                       ("cpuUtilization", d.cpuUtilization), ("databaseUtilization", d.databaseUtilization),
                       ("serverRequests", d.serverRequests), ("cacheHitRatio", d.cacheHitRatio)]
        for (name, value) in figures { if let value { finite(value, at: "\(path).\(name)") } }
    }
}

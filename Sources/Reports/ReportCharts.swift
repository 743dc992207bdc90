import BenchCore

/// The charts of a run, built from its result: every function returns a chart's HTML.
enum ReportCharts {
    /// Requests and successful responses per second.
    static func throughput(_ result: RunResult, id: String = "chart-throughput") -> String {
        let axis = TimeAxis(result)
        let series = axis.points
        return LineChart(id: id, title: "Throughput over time" + axis.titleSuffix, xTitle: axis.xTitle,
                         yTitle: "requests per second", integerX: axis.divisor == 1, series: [
                            .init(name: "all responses", color: ChartPalette.color(0), points: series.map { (axis.x($0), Double($0.requests)) }),
                            .init(name: "successful", color: ChartPalette.color(2), dashed: true,
                                  points: series.map { (axis.x($0), Double($0.requests - min($0.requests, $0.errors))) }),
                         ], bands: axis.bands, xUnit: axis.symbol).html()
    }

    /// Latency percentiles per second, from the intended start and as service time. A few seconds far above the
    /// rest clip the axis (`SpikeClip`), with those seconds marked, so the other seconds stay readable.
    static func latencyOverTime(_ result: RunResult) -> String {
        let axis = TimeAxis(result)
        let series = axis.points
        let picks: [(String, Int, Bool, KeyPath<TimeSeriesPoint, UInt64>)] = [
            ("p50", 0, false, \.p50Micros), ("p90", 4, false, \.p90Micros), ("p99", 1, false, \.p99Micros),
            ("service time p50", 5, true, \.serviceP50Micros), ("service time p99", 3, true, \.serviceP99Micros),
        ]
        let clipMicros = SpikeClip.top(picks.flatMap { pick in series.map { Double($0[keyPath: pick.3]) } })
        let unit = AxisTicks.latencyUnit(maxMicros: clipMicros ?? Double(series.map(\.p99Micros).max() ?? 0))
        let corrected = result.config.model == .open ? " (from schedule)" : ""
        let lines = picks.map { name, color, dashed, value in
            LineChart.Series(name: name.hasPrefix("p") ? name + corrected : name, color: ChartPalette.color(color), dashed: dashed,
                             points: series.map { (axis.x($0), Double($0[keyPath: value]) / unit.divisor) })
        }
        return LineChart(id: "chart-latency", title: "Latency over time" + axis.titleSuffix, xTitle: axis.xTitle,
                         yTitle: "latency (\(unit.symbol))", integerX: axis.divisor == 1, series: lines, bands: axis.bands,
                         yClip: clipMicros.map { $0 / unit.divisor }, xUnit: axis.symbol, yUnit: unit.symbol).html()
    }

    /// How many endpoints (steps) the distribution chart draws besides the overall curves: the palette's colours.
    static let distributionEndpoints = 8

    /// The latency percentile distribution on a log ("nines") axis, overall and per endpoint: the endpoints with
    /// the highest p99 when there are more than the chart can tell apart, the others listed under it.
    static func distribution(_ result: RunResult) -> String {
        var curves: [(String, SparseHistogram, Bool)] = [("all requests: latency", result.histograms.overall.latency, false),
                                                         ("all requests: service time", result.histograms.overall.serviceTime, true)]
        var notDrawn: [EndpointSummary] = []
        if result.histograms.endpoints.count > 1 {
            let summaries = result.histograms.endpoints.map { h in
                result.summary.endpoints.first { $0.name == h.name } ?? EndpointSummary(metrics: EndpointMetrics(name: h.name), durationSeconds: 0)
            }
            let pick = topByP99(summaries, limit: distributionEndpoints)
            for i in pick.drawn { curves.append((result.histograms.endpoints[i].name, result.histograms.endpoints[i].latency, false)) }
            notDrawn = pick.rest.map { summaries[$0] }
        }
        let maxMicros = curves.map { Double($0.1.buckets.last?[0] ?? 0) }.max() ?? 0
        let unit = AxisTicks.latencyUnit(maxMicros: maxMicros)
        let series = curves.enumerated().map { i, c in
            LineChart.Series(name: c.0, color: ChartPalette.color(i), dashed: c.2,
                             points: curve(c.1).map { ($0.nines, $0.micros / unit.divisor) })
        }
        var html = LineChart(id: "chart-distribution", title: "Latency percentile distribution",
                             xTitle: "percentile (log scale)", yTitle: "latency (\(unit.symbol))", xScale: .nines, series: series).html()
        if !notDrawn.isEmpty {
            let kind = result.scenario != nil ? "steps" : "endpoints"
            let list = notDrawn.map { e in
                "<li>\(Markup.escape(e.name)): p99 \(DurationText.format(micros: e.latencyMicros.p99)), "
                    + "max \(DurationText.format(micros: e.latencyMicros.max))</li>"
            }
            html += "<div class=\"chart-note\" id=\"distribution-not-drawn\">The chart draws the \(distributionEndpoints) \(kind) "
                + "with the highest p99; the other \(notDrawn.count) (lower p99, all in the table below):<ul>"
                + list.joined() + "</ul></div>\n"
        }
        return html
    }

    /// Which of `endpoints` to draw: the indices of the `limit` with the highest p99 (ties: the higher max, then
    /// the earlier), highest first, and the indices of the rest in their original order.
    static func topByP99(_ endpoints: [EndpointSummary], limit: Int) -> (drawn: [Int], rest: [Int]) {
        let ranked = endpoints.indices.sorted { a, b in
            let (x, y) = (endpoints[a].latencyMicros, endpoints[b].latencyMicros)
            if x.p99 != y.p99 { return x.p99 > y.p99 }
            if x.max != y.max { return x.max > y.max }
            return a < b
        }
        let drawn = Array(ranked.prefix(max(0, limit)))
        let kept = Set(drawn)
        return (drawn, endpoints.indices.filter { !kept.contains($0) })
    }

    /// Errors per second, in total and by kind.
    static func errors(_ result: RunResult) -> String {
        let axis = TimeAxis(result)
        let series = axis.points
        var kinds = Set<String>()
        for p in series { kinds.formUnion(p.errorsByKind.keys) }
        var lines = [LineChart.Series(name: "all errors", color: ChartPalette.color(1),
                                      points: series.map { (axis.x($0), Double($0.errors)) })]
        for (i, kind) in kinds.sorted().enumerated() {
            lines.append(.init(name: kind, color: ChartPalette.color(i + 2), dashed: true,
                               points: series.map { (axis.x($0), Double($0.errorsByKind[kind] ?? 0)) }))
        }
        return LineChart(id: "chart-errors", title: "Errors over time by kind" + axis.titleSuffix, xTitle: axis.xTitle,
                         yTitle: "errors per second", integerX: axis.divisor == 1, series: lines, bands: axis.bands,
                         xUnit: axis.symbol).html()
    }

    /// Mean time spent in each phase, overall and per endpoint.
    static func phases(_ result: RunResult) -> String {
        let names = PhaseTimes.names
        let labels = ["DNS", "connect", "TLS", "protocol setup", "first byte (server wait)", "transfer"]
        let summaries = [result.summary.overall] + (result.summary.endpoints.count > 1 ? result.summary.endpoints : [])
        let maxMean = summaries.flatMap { s in names.map { s.phasesMicros[$0]?.mean ?? 0 } }.max() ?? 0
        let unit = AxisTicks.latencyUnit(maxMicros: maxMean * 2)
        let rows = summaries.map { s in
            StackedBarChart.Row(label: s.name == result.summary.overall.name ? "all requests" : s.name,
                                values: names.map { (s.phasesMicros[$0]?.mean ?? 0) / unit.divisor })
        }
        let parts = labels.enumerated().map { ($1, ChartPalette.color($0)) }
        return StackedBarChart(id: "chart-phases", title: "Where the time goes: mean phase durations",
                               xTitle: "mean time per request (\(unit.symbol))", parts: parts, rows: rows).html()
    }

    /// Points (nines position, µs) of a histogram's percentile curve, read straight off its buckets.
    static func curve(_ histogram: SparseHistogram) -> [(nines: Double, micros: Double)] {
        // A result read from a file has been validated; one built in memory gets the same guard against short pairs.
        let pairs = histogram.buckets.filter { $0.count == 2 }
        let total = pairs.reduce(0.0) { $0 + Double($1[1]) }
        guard total > 0 else { return [] }
        let cap = min(6, max(1, log10Ceil(total)))
        var out: [(Double, Double)] = []
        var cumulative = 0.0
        var lastX = -1.0
        for bucket in pairs {
            let before = cumulative / total * 100
            cumulative += Double(bucket[1])
            let x0 = AxisTicks.nines(percentile: before, cap: cap)
            let x1 = AxisTicks.nines(percentile: cumulative / total * 100, cap: cap)
            // Neighbouring buckets closer than 1/200 of a nine add nothing visible.
            if x0 - lastX >= 0.005 || out.isEmpty { out.append((x0, Double(bucket[0]))); lastX = x0 }
            if x1 - lastX >= 0.005 { out.append((x1, Double(bucket[0]))); lastX = x1 }
        }
        return out
    }

    private static func log10Ceil(_ value: Double) -> Double {
        var n = 0.0
        var v = 1.0
        while v < value { v *= 10; n += 1 }
        return n
    }

    /// The time series for charts: sorted, without the drain after the planned end (a partial second of the last
    /// responses would read as a collapse of throughput). The CSV keeps every second.
    /// A sweep's or find-max's keeps every level's seconds (`SweepTimeline`): its config is only the last level's.
    static func chartSeries(_ result: RunResult) -> [TimeSeriesPoint] {
        if let timeline = SweepTimeline(result) { return timeline.points }
        let all = timeSeries(result)
        let end = Int(result.config.durationSeconds.rounded(.up))
        guard end > 0, all.count > 1 else { return all }
        let kept = all.filter { $0.second < end }
        return kept.isEmpty ? all : kept
    }

    /// The time series, sorted by second.
    static func timeSeries(_ result: RunResult) -> [TimeSeriesPoint] {
        let s = result.timeSeries
        for i in s.indices.dropFirst() where s[i].second < s[i - 1].second { return s.sorted { $0.second < $1.second } }
        return s
    }
}

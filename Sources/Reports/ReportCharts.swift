import BenchCore

/// The charts of a run, built from its result: every function returns a chart's HTML.
enum ReportCharts {
    /// Requests and successful responses per second.
    static func throughput(_ result: RunResult, id: String = "chart-throughput") -> String {
        let series = chartSeries(result)
        let time = AxisTicks.timeUnit(maxSeconds: Double(series.last?.second ?? 0))
        func x(_ p: TimeSeriesPoint) -> Double { Double(p.second) / time.divisor }
        return LineChart(id: id, title: "Throughput over time", xTitle: "time since start (\(time.symbol))",
                         yTitle: "requests per second", integerX: time.divisor == 1, series: [
                            .init(name: "all responses", color: ChartPalette.color(0), points: series.map { (x($0), Double($0.requests)) }),
                            .init(name: "successful", color: ChartPalette.color(2), dashed: true,
                                  points: series.map { (x($0), Double($0.requests - min($0.requests, $0.errors))) }),
                         ]).html()
    }

    /// Latency percentiles per second, from the intended start and as service time.
    static func latencyOverTime(_ result: RunResult) -> String {
        let series = chartSeries(result)
        let time = AxisTicks.timeUnit(maxSeconds: Double(series.last?.second ?? 0))
        let unit = AxisTicks.latencyUnit(maxMicros: Double(series.map(\.p99Micros).max() ?? 0))
        func line(_ name: String, _ color: Int, _ dashed: Bool, _ value: (TimeSeriesPoint) -> UInt64) -> LineChart.Series {
            .init(name: name, color: ChartPalette.color(color), dashed: dashed,
                  points: series.map { (Double($0.second) / time.divisor, Double(value($0)) / unit.divisor) })
        }
        let corrected = result.config.model == .open ? " (from schedule)" : ""
        return LineChart(id: "chart-latency", title: "Latency over time", xTitle: "time since start (\(time.symbol))",
                         yTitle: "latency (\(unit.symbol))", integerX: time.divisor == 1, series: [
                            line("p50" + corrected, 0, false, \.p50Micros), line("p90" + corrected, 4, false, \.p90Micros),
                            line("p99" + corrected, 1, false, \.p99Micros),
                            line("service time p50", 5, true, \.serviceP50Micros), line("service time p99", 3, true, \.serviceP99Micros),
                         ]).html()
    }

    /// The latency percentile distribution on a log ("nines") axis, overall and per endpoint.
    static func distribution(_ result: RunResult) -> String {
        var curves: [(String, SparseHistogram, Bool)] = [("all requests: latency", result.histograms.overall.latency, false),
                                                         ("all requests: service time", result.histograms.overall.serviceTime, true)]
        if result.histograms.endpoints.count > 1 {
            for e in result.histograms.endpoints.prefix(8) { curves.append((e.name, e.latency, false)) }
        }
        let maxMicros = curves.map { Double($0.1.buckets.last?[0] ?? 0) }.max() ?? 0
        let unit = AxisTicks.latencyUnit(maxMicros: maxMicros)
        let series = curves.enumerated().map { i, c in
            LineChart.Series(name: c.0, color: ChartPalette.color(i), dashed: c.2,
                             points: curve(c.1).map { ($0.nines, $0.micros / unit.divisor) })
        }
        return LineChart(id: "chart-distribution", title: "Latency percentile distribution",
                         xTitle: "percentile (log scale)", yTitle: "latency (\(unit.symbol))", xScale: .nines, series: series).html()
    }

    /// Errors per second, in total and by kind.
    static func errors(_ result: RunResult) -> String {
        let series = chartSeries(result)
        let time = AxisTicks.timeUnit(maxSeconds: Double(series.last?.second ?? 0))
        var kinds = Set<String>()
        for p in series { kinds.formUnion(p.errorsByKind.keys) }
        var lines = [LineChart.Series(name: "all errors", color: ChartPalette.color(1),
                                      points: series.map { (Double($0.second) / time.divisor, Double($0.errors)) })]
        for (i, kind) in kinds.sorted().enumerated() {
            lines.append(.init(name: kind, color: ChartPalette.color(i + 2), dashed: true,
                               points: series.map { (Double($0.second) / time.divisor, Double($0.errorsByKind[kind] ?? 0)) }))
        }
        return LineChart(id: "chart-errors", title: "Errors over time by kind", xTitle: "time since start (\(time.symbol))",
                         yTitle: "errors per second", integerX: time.divisor == 1, series: lines).html()
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
    static func chartSeries(_ result: RunResult) -> [TimeSeriesPoint] {
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

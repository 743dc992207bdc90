import BenchCore

/// Throughput and latency against offered load, for sweep and find-max runs.
enum SweepCharts {
    /// Both sweep charts, or an empty string when there are fewer than two levels.
    static func html(_ sweep: SweepSeries) -> String {
        let levels = sweep.levels.sorted { $0.offeredLoad < $1.offeredLoad }
        guard levels.count >= 2 else { return "" }
        let throughput = LineChart(id: "chart-sweep-throughput", title: "Throughput against load", xTitle: sweep.loadLabel,
                                   yTitle: "requests per second", series: [
                                       .init(name: "throughput", color: ChartPalette.color(0),
                                             points: levels.map { ($0.offeredLoad, $0.summary.requestsPerSecond) }),
                                       .init(name: "successful", color: ChartPalette.color(2), dashed: true,
                                             points: levels.map { ($0.offeredLoad, $0.summary.requestsPerSecond * (1 - $0.summary.errorRate)) }),
                                   ])
        let unit = AxisTicks.latencyUnit(maxMicros: Double(levels.map(\.summary.latencyMicros.p99).max() ?? 0))
        func line(_ name: String, _ color: Int, _ value: @escaping (PercentileSummary) -> UInt64) -> LineChart.Series {
            .init(name: name, color: ChartPalette.color(color),
                  points: levels.map { ($0.offeredLoad, Double(value($0.summary.latencyMicros)) / unit.divisor) })
        }
        let latency = LineChart(id: "chart-sweep-latency", title: "Latency against load", xTitle: sweep.loadLabel,
                                yTitle: "latency (\(unit.symbol))",
                                series: [line("p50", 0, \.p50), line("p90", 4, \.p90), line("p99", 1, \.p99)])
        var out = "<section><h2>Load sweep</h2>\n"
        let unhealthy = levels.filter { !$0.measuringTarget }.map { NumberText.short($0.offeredLoad) }
        if !unhealthy.isEmpty {
            out += "<p class=\"warn\">The generator was the limit at load \(Markup.escape(unhealthy.joined(separator: ", "))): "
                + "those points describe the generator, not the target.</p>\n"
        }
        out += throughput.html() + latency.html()
        out += "<table><thead><tr><th>load</th><th>req/s</th><th>error rate</th><th>p50</th><th>p90</th><th>p99</th><th>generator</th></tr></thead><tbody>\n"
        for l in levels {
            let s = l.summary
            out += "<tr><td class=\"num\">\(NumberText.short(l.offeredLoad))</td><td class=\"num\">\(NumberText.short(s.requestsPerSecond))</td>"
                + "<td class=\"num\">\(NumberText.percent(s.errorRate))</td><td class=\"num\">\(DurationText.format(micros: s.latencyMicros.p50))</td>"
                + "<td class=\"num\">\(DurationText.format(micros: s.latencyMicros.p90))</td><td class=\"num\">\(DurationText.format(micros: s.latencyMicros.p99))</td>"
                + "<td>\(l.measuringTarget ? "ok" : "<span class=\"bad\">limit</span>")</td></tr>\n"
        }
        return out + "</tbody></table></section>\n"
    }
}

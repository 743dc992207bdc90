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
                                series: [line("p50", 0, \.p50), line("p90", 4, \.p90), line("p95", 3, \.p95), line("p99", 1, \.p99)])
        var out = "<section><h2>Load sweep</h2>\n"
        let unhealthy = levels.filter { !$0.measuringTarget }.map { NumberText.short($0.offeredLoad) }
        if !unhealthy.isEmpty {
            out += "<p class=\"warn\">The generator was the limit at load \(Markup.escape(unhealthy.joined(separator: ", "))): "
                + "those points describe the generator, not the target.</p>\n"
        }
        out += throughput.html() + latency.html()
        return out + levelTable(levels) + "</section>\n"
    }

    /// One row per level: load, throughput, errors, p50/p90/p95/p99, the server's CPU when any level has it, and
    /// whether the generator kept up.
    static func levelTable(_ levels: [SweepChartLevel]) -> String {
        let cpu = levels.contains { $0.serverCPUUtilization != nil }
        var table = HTMLTable(headers: ["load", "req/s", "error rate", "p50", "p90", "p95", "p99"]
                              + (cpu ? ["server CPU"] : []) + ["generator"])
        table.numericColumns = Set(0...(cpu ? 7 : 6))
        for l in levels {
            let s = l.summary
            // Built step by step: one expression of this size takes the type checker minutes.
            var row: [HTMLTable.Cell] = [.number(NumberText.short(l.offeredLoad)), .number(NumberText.short(s.requestsPerSecond)),
                                         .number(NumberText.percent(s.errorRate), cssClass: s.errors > 0 ? "bad" : nil)]
            for text in NumberText.durations(s.latencyMicros, \.p50, \.p90, \.p95, \.p99) { row.append(.number(text)) }
            if cpu { row.append(.number(l.serverCPUUtilization.map { NumberText.percent($0) } ?? "-")) }
            row.append(l.measuringTarget ? HTMLTable.Cell.text("ok") : HTMLTable.Cell.text("limit", cssClass: "bad"))
            table.add(row)
        }
        return table.html()
    }
}

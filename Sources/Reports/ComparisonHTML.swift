import BenchCore

/// The comparison as one self-contained HTML page: verdict tables, and the runs' charts overlaid.
enum ComparisonHTML {
    static func render(_ comparisons: [RunComparison], runs: [RunResult]) -> String {
        var body = "<h1>crmbench compare</h1>\n"
        if let first = comparisons.first {
            body += "<p class=\"sub\">baseline <b>\(Markup.escape(first.baselineName))</b> (\(Markup.escape(first.baselineSource))) against "
                + comparisons.map { "<b>\(Markup.escape($0.candidateName))</b> (\(Markup.escape($0.candidateSource)))" }.joined(separator: ", ")
                + "</p>\n"
        }
        for (i, c) in comparisons.enumerated() {
            body += "<section><h2>Candidate \(comparisons.count > 1 ? "\(i + 1): " : "")\(Markup.escape(c.candidateName))</h2>\n"
            body += banner(c)
            body += table(c)
            body += "<p class=\"sub\">\(Markup.escape(ComparisonText.footnote(c.settings)))</p>\n</section>\n"
        }
        if !runs.isEmpty { body += overlays(runs) }
        return HTMLStyle.page(title: "crmbench compare", body: body)
    }

    static func banner(_ c: RunComparison) -> String {
        var out = ""
        if !c.comparability.comparable {
            out += "<div class=\"banner bad\">These runs are not comparable: treat the verdicts with care.<ul>"
                + c.comparability.issues.map { "<li>\(Markup.escape($0))</li>" }.joined() + "</ul></div>\n"
        }
        if !c.comparability.notes.isEmpty {
            out += "<div class=\"banner warn\">Notes<ul>" + c.comparability.notes.map { "<li>\(Markup.escape($0))</li>" }.joined() + "</ul></div>\n"
        }
        let regressed = c.allMetrics.filter { $0.metric.verdict == .regressed }.count
        let improved = c.allMetrics.filter { $0.metric.verdict == .improved }.count
        out += regressed > 0
            ? "<div class=\"banner bad\">\(regressed) metric(s) regressed, \(improved) improved.</div>\n"
            : "<div class=\"banner good\">No regression; \(improved) metric(s) improved.</div>\n"
        return out
    }

    static func table(_ c: RunComparison) -> String {
        var table = HTMLTable(headers: ["subject", "metric", "baseline", "candidate", "change",
                                        "\(ComparisonText.confidenceLabel(c.settings)) interval", "q", "verdict"])
        table.numericColumns = [2, 3, 4, 5, 6]
        for (subject, m) in c.allMetrics {
            let css: String
            switch m.verdict {
            case .improved: css = "good"
            case .regressed: css = "bad"
            case .noSignificantChange, .insufficientData: css = "neutral"
            }
            table.add([.text(ComparisonText.subjectLabel(subject), cssClass: "name"), .text(m.metric.label),
                       .number(ComparisonText.value(m.metric, m.baseline, subject.kind)),
                       .number(ComparisonText.value(m.metric, m.candidate, subject.kind)),
                       .number(ComparisonText.change(m)), .number(ComparisonText.interval(m)), .number(ComparisonText.qValue(m)),
                       .text(ComparisonText.verdictLabel(m.verdict), cssClass: css)])
        }
        return table.html()
    }

    /// Throughput, p99 over time and the percentile distributions of all runs on shared axes.
    static func overlays(_ runs: [RunResult]) -> String {
        let labels = runs.enumerated().map { i, r in (i == 0 ? "baseline: " : (runs.count > 2 ? "candidate \(i): " : "candidate: ")) + r.meta.name }
        let series = runs.map { ReportCharts.chartSeries($0) }
        let maxSecond = Double(series.compactMap { $0.last?.second }.max() ?? 0)
        let time = AxisTicks.timeUnit(maxSeconds: maxSecond)
        let throughput = LineChart(id: "chart-compare-throughput", title: "Throughput over time", xTitle: "time since start (\(time.symbol))",
                                   yTitle: "requests per second", integerX: time.divisor == 1, series: series.enumerated().map { i, s in
                                       .init(name: labels[i], color: ChartPalette.color(i), dashed: i == 0,
                                             points: s.map { (Double($0.second) / time.divisor, Double($0.requests)) })
                                   })
        let unit = AxisTicks.latencyUnit(maxMicros: Double(series.flatMap { $0.map(\.p99Micros) }.max() ?? 0))
        let p99 = LineChart(id: "chart-compare-p99", title: "Latency p99 over time", xTitle: "time since start (\(time.symbol))",
                            yTitle: "p99 latency (\(unit.symbol))", integerX: time.divisor == 1, series: series.enumerated().map { i, s in
                                .init(name: labels[i], color: ChartPalette.color(i), dashed: i == 0,
                                      points: s.map { (Double($0.second) / time.divisor, Double($0.p99Micros) / unit.divisor) })
                            })
        let histograms = runs.map(\.histograms.overall.latency)
        let distUnit = AxisTicks.latencyUnit(maxMicros: Double(histograms.compactMap { $0.buckets.last?[0] }.max() ?? 0))
        let distribution = LineChart(id: "chart-compare-distribution", title: "Latency percentile distribution (all requests)",
                                     xTitle: "percentile (log scale)", yTitle: "latency (\(distUnit.symbol))", xScale: .nines,
                                     series: histograms.enumerated().map { i, h in
                                         .init(name: labels[i], color: ChartPalette.color(i), dashed: i == 0,
                                               points: ReportCharts.curve(h).map { ($0.nines, $0.micros / distUnit.divisor) })
                                     })
        return "<section><h2>The runs side by side</h2>\n" + throughput.html() + p99.html() + distribution.html() + "</section>\n"
    }
}

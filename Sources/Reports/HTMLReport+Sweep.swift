import BenchCore

extension HTMLReport {
    /// The cards of a sweep or find-max: the run as a whole (levels, requests, the peak), then one card per level.
    /// Latency percentiles over all levels together would mix light and heavy load, so they are only per level.
    static func sweepCards(_ result: RunResult, _ sweep: SweepResults) -> String {
        let o = result.summary.overall
        var out = "<div class=\"cards\">"
        out += card(sweep.slo != nil ? "probes" : "levels", String(sweep.levels.count))
        out += card("requests, all levels", String(o.requests))
        if let peak = sweep.levels.max(by: { $0.summary.requestsPerSecond < $1.summary.requestsPerSecond }) {
            out += card("peak throughput", NumberText.short(peak.summary.requestsPerSecond) + " req/s",
                        detail: "at " + levelLoad(peak.level, sweep))
        }
        out += card("error rate, all levels", NumberText.percent(o.errorRate), bad: o.errors > 0)
        if let max = sweep.maxRatePerSecond { out += card("highest rate meeting the SLO", NumberText.short(max) + " req/s") }
        out += "</div>\n<div class=\"cards levels\" id=\"level-cards\">"
        for (i, level) in levelsInRunOrder(sweep).enumerated() {
            let s = level.summary
            var detail = "p95 \(DurationText.format(micros: s.latencyMicros.p95)) · errors \(NumberText.percent(s.errorRate))"
            if let cpu = level.server?.cpuUtilization { detail += " · server CPU \(NumberText.percent(cpu))" }
            if let met = level.metSLO { detail += met ? " · SLO met" : " · SLO missed" }
            if level.generatorSaturated { detail += " · generator-bound" }
            out += card("level \(i + 1) · \(levelLoad(level.level, sweep))", NumberText.short(s.requestsPerSecond) + " req/s",
                        bad: s.errors > 0 || level.metSLO == false, detail: detail)
        }
        return out + "</div>\n"
    }

    /// A level's load as the reports show it: "40 VUs", "300/s".
    static func levelLoad(_ level: Double, _ sweep: SweepResults) -> String { SweepHeaderText.load(level, sweep.dimension) }

    /// The levels in the order they ran when the result records it, else as stored.
    static func levelsInRunOrder(_ sweep: SweepResults) -> [SweepLevel] {
        guard sweep.levels.allSatisfy({ $0.startSecond != nil }) else { return sweep.levels }
        return sweep.levels.enumerated().sorted { a, b in
            (a.element.startSecond ?? 0, a.offset) < (b.element.startSecond ?? 0, b.offset)
        }.map(\.element)
    }
}

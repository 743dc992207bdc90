import BenchCore
import Capacity

/// What the report shows of a capacity plan: the model's inputs, the plan, and any `--what-if` predictions.
/// Also the content of `plan.json`.
public struct PlanView: Codable, Sendable {
    public var plan: CapacityPlan
    public var model: CapacityModel
    public var fit: USLFit?
    public var points: [SweepPoint]
    public var notes: [String]
    /// The `--what-if` predictions, in the order asked.
    public var whatIf: [WhatIfEvaluation]
    /// Intervals, verdict, backtest (nil in plans written before they existed).
    public var assessment: PlanAssessment?
    /// The sweep's levels of `points` (VUs or req/s, as `levelUnit` says).
    public var levels: [Double]?
    public var levelUnit: String?

    public init(plan: CapacityPlan, inputs: PlanInputs, whatIf: [WhatIfEvaluation], assessment: PlanAssessment? = nil) {
        self.plan = plan
        model = inputs.model
        fit = inputs.fit
        points = inputs.points
        notes = inputs.notes
        self.whatIf = whatIf
        self.assessment = assessment
        levels = inputs.levels
        levelUnit = inputs.levelUnit
    }

    /// Reports every inconsistency a hand-edited or damaged plan.json can carry that would make a report wrong or
    /// crash, as `path: problem` pairs (empty when sound).
    public func problems() -> [String] {
        var out: [String] = []
        do { try model.validate() } catch { out.append("model: \(error)") }
        func evaluation(_ e: WhatIfEvaluation, _ path: String) {
            if e.stations.isEmpty { out.append("\(path).stations: must list at least one station") }
            if !(e.peakThroughputPerSecond.isFinite && e.peakThroughputPerSecond > 0) {
                out.append("\(path).peakThroughputPerSecond: must be a positive number")
            }
            for (i, s) in e.stations.enumerated() where !(s.utilization.isFinite && s.utilization >= 0) {
                out.append("\(path).stations[\(i)].utilization: must be a number ≥ 0")
            }
        }
        evaluation(plan.baseline, "plan.baseline")
        for (i, e) in plan.ranked.enumerated() { evaluation(e, "plan.ranked[\(i)]") }
        if let best = plan.bestAchievable { evaluation(best, "plan.bestAchievable") }
        for (i, e) in whatIf.enumerated() { evaluation(e, "whatIf[\(i)]") }
        let slo = plan.slo
        if !(slo.targetThroughputPerSecond.isFinite && slo.targetThroughputPerSecond > 0) {
            out.append("plan.slo.targetThroughputPerSecond: must be a positive number")
        }
        if !(slo.latencyBoundSeconds.isFinite && slo.latencyBoundSeconds > 0) { out.append("plan.slo.latencyBoundSeconds: must be a positive number") }
        if !(slo.latencyPercentile > 0 && slo.latencyPercentile < 1) { out.append("plan.slo.latencyPercentile: must be in (0, 1)") }
        for (i, p) in points.enumerated() where !(p.throughputPerSecond.isFinite && p.throughputPerSecond > 0) {
            out.append("points[\(i)].throughputPerSecond: must be a positive number")
        }
        if let levels, levels.count != points.count { out.append("levels: \(levels.count) levels for \(points.count) points") }
        return out
    }
}

/// The report's capacity section: the USL curve with the measured points, and predicted curves of the top options.
enum PlanCharts {
    static func html(_ view: PlanView) -> String {
        var out = "<section><h2>Capacity plan</h2>\n"
        let slo = view.plan.slo
        out += "<p class=\"sub\">Target \(NumberText.short(slo.targetThroughputPerSecond)) req/s with p\(Int((slo.latencyPercentile * 100).rounded())) ≤ "
            + "\(DurationText.format(nanos: UInt64(slo.latencyBoundSeconds * 1e9))): "
            + (view.plan.status == .met ? "met by the options below." : "not met by any option searched; the best achievable is shown.") + "</p>\n"
        if let a = view.assessment {
            out += "<p><strong>Status: \(Markup.escape(a.verdict.rawValue))</strong> (intervals are 95 %)</p>\n<ul>"
            for reason in a.reasons { out += "<li>Insufficient evidence: \(Markup.escape(reason))</li>" }
            if let settle = a.settleBy { out += "<li>To settle it: \(Markup.escape(settle))</li>" }
            out += "<li>Assumed: \(Markup.escape(a.arrivalAssumption))</li>"
            if let b = a.backtest {
                out += "<li>Backtest: without the highest level the fit predicts \(Markup.escape(PlanMarkdown.interval(b.predictedThroughputPerSecond, unit: " req/s"))) "
                    + "there; measured \(NumberText.short(b.measuredThroughputPerSecond)) req/s (error \(PlanMarkdown.signed(b.errorPercent)) %)</li>"
            } else if let note = a.backtestNote { out += "<li>Backtest: \(Markup.escape(note))</li>" }
            out += "</ul>\n"
        }
        if let fit = view.fit {
            let ci = fit.confidenceIntervals()
            func cell(_ x: Double, _ i: ClosedInterval?) -> String {
                "\(PlanMarkdown.g(x))" + (i.map { " [\(PlanMarkdown.g(max($0.lower, 0))), \(PlanMarkdown.g($0.upper))]" } ?? " (no interval)")
            }
            out += "<table><thead><tr><th>σ (contention)</th><th>κ (coherency)</th><th>λ (req/s at N=1)</th><th>R²</th>"
                + "<th>peak req/s</th><th>Amdahl limit λ/σ (ignores coherency)</th><th>levels used</th></tr></thead><tbody><tr>"
                + "<td class=\"num\">\(cell(fit.model.sigma, ci?.sigma))</td><td class=\"num\">\(cell(fit.model.kappa, ci?.kappa))</td>"
                + "<td class=\"num\">\(cell(fit.model.lambda, ci?.lambda))</td><td class=\"num\">\(PlanMarkdown.g(fit.rSquared))</td>"
                + "<td class=\"num\">\(view.assessment?.peakThroughput.map { PlanMarkdown.interval($0, unit: "") } ?? "unbounded")</td>"
                + "<td class=\"num\">\(view.assessment?.amdahlLimit.map { PlanMarkdown.interval($0, unit: "") } ?? "none (σ = 0)")</td>"
                + "<td>\(Markup.escape((view.levels ?? []).map(PlanMarkdown.n).joined(separator: ", ") + " " + (view.levelUnit ?? "")))</td></tr></tbody></table>\n"
        }
        if let fit = view.fit, !view.points.isEmpty {
            let measured = view.points.map { ($0.uslPoint.concurrency, $0.throughputPerSecond) }
            let maxN = max(measured.map(\.0).max() ?? 1, (fit.model.peakConcurrency ?? 0) * 1.3) * 1.5
            let grid = (0...60).map { 1 + Double($0) / 60 * (maxN - 1) }
            let baselinePeak = view.plan.baseline.peakThroughputPerSecond
            var series: [LineChart.Series] = [
                .init(name: "measured", color: ChartPalette.color(0), points: measured),
                .init(name: "USL fit (σ \(NumberText.short(fit.model.sigma)), κ \(NumberText.short(fit.model.kappa)))",
                      color: ChartPalette.color(1), dashed: true,
                      points: grid.map { ($0, fit.model.throughput(atConcurrency: $0)) }),
            ]
            // The fit's 95 % band (delta method), so a reader sees how far the curve is pinned down.
            let band = grid.map { ($0, fit.throughputInterval(atConcurrency: $0)) }
            if band.allSatisfy({ $0.1.hasInterval }) {
                series.append(.init(name: "USL 95 % band, lower", color: ChartPalette.color(1), dashed: true,
                                    points: band.map { ($0.0, max($0.1.lower ?? 0, 0)) }))
                series.append(.init(name: "USL 95 % band, upper", color: ChartPalette.color(1), dashed: true,
                                    points: band.map { ($0.0, $0.1.upper ?? 0) }))
            }
            // A predicted curve: the fitted shape scaled to the option's predicted peak (a picture of the prediction,
            // not a second fit).
            for (i, option) in (view.plan.ranked.isEmpty ? Array(view.plan.bestAchievable.map { [$0] } ?? []) : Array(view.plan.ranked.prefix(3))).enumerated()
            where baselinePeak > 0 {
                let scale = option.peakThroughputPerSecond / baselinePeak
                series.append(.init(name: option.options.isEmpty ? "no change" : option.options.map(\.description).joined(separator: " + "),
                                    color: ChartPalette.color(2 + i), dashed: true,
                                    points: grid.map { ($0, min(fit.model.throughput(atConcurrency: $0) * scale, option.peakThroughputPerSecond)) }))
            }
            out += LineChart(id: "chart-capacity", title: "Throughput against concurrency: measured, fitted and predicted",
                             xTitle: "concurrency (requests in flight)", yTitle: "requests per second", series: series).html()
        }
        out += "<table><thead><tr><th>option</th><th>cost</th><th>peak req/s [95 %]</th><th>latency at target [95 %]</th><th>bottleneck</th></tr></thead><tbody>\n"
        let ranked = view.plan.ranked.isEmpty ? (view.plan.bestAchievable.map { [$0] } ?? []) : view.plan.ranked
        let predicted = (view.assessment?.options ?? []).map(Optional.some), predictedWhatIf = (view.assessment?.whatIf ?? []).map(Optional.some)
        let rows = ranked.enumerated().map { ($1, "", $0 < predicted.count ? predicted[$0] : nil) }
            + view.whatIf.enumerated().map { ($1, "what-if: ", $0 < predictedWhatIf.count ? predictedWhatIf[$0] : nil) }
        for (e, label, p) in rows {
            out += "<tr><td>\(Markup.escape(label + (e.options.isEmpty ? "no change" : e.options.map(\.description).joined(separator: " + "))))</td>"
                + "<td class=\"num\">\(NumberText.short(e.cost))</td>"
                + "<td class=\"num\">\(p.map { PlanMarkdown.interval($0.peakThroughputPerSecond, unit: "") } ?? NumberText.short(e.peakThroughputPerSecond))</td>"
                + "<td class=\"num\">\(Markup.escape(PlanMarkdown.latency(e, p)))</td>"
                + "<td>\(Markup.escape(e.bottleneck.name)) (\(NumberText.percent(e.bottleneck.utilization)))</td></tr>\n"
        }
        out += "</tbody></table>\n<ul>"
        for line in view.plan.explanations + view.notes { out += "<li>\(Markup.escape(line))</li>" }
        return out + "</ul></section>\n"
    }
}

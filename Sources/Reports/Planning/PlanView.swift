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

    public init(plan: CapacityPlan, inputs: PlanInputs, whatIf: [WhatIfEvaluation]) {
        self.plan = plan
        model = inputs.model
        fit = inputs.fit
        points = inputs.points
        notes = inputs.notes
        self.whatIf = whatIf
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
        out += "<table><thead><tr><th>option</th><th>cost</th><th>peak req/s</th><th>latency at target</th><th>bottleneck</th></tr></thead><tbody>\n"
        let ranked = view.plan.ranked.isEmpty ? (view.plan.bestAchievable.map { [$0] } ?? []) : view.plan.ranked
        let rows = ranked.map { ($0, "") } + view.whatIf.map { ($0, "what-if: ") }
        for (e, label) in rows {
            out += "<tr><td>\(Markup.escape(label + (e.options.isEmpty ? "no change" : e.options.map(\.description).joined(separator: " + "))))</td>"
                + "<td class=\"num\">\(NumberText.short(e.cost))</td><td class=\"num\">\(NumberText.short(e.peakThroughputPerSecond))</td>"
                + "<td class=\"num\">\(e.percentileLatencySeconds.map { DurationText.format(nanos: UInt64(min($0, 1e6) * 1e9)) } ?? "saturated")</td>"
                + "<td>\(Markup.escape(e.bottleneck.name)) (\(NumberText.percent(e.bottleneck.utilization)))</td></tr>\n"
        }
        out += "</tbody></table>\n<ul>"
        for line in view.plan.explanations + view.notes { out += "<li>\(Markup.escape(line))</li>" }
        return out + "</ul></section>\n"
    }
}

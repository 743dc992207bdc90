import BenchCore

/// A metric across the runs of a history, with the change points found in it: rendered as text (one line per run,
/// shifts marked) and as an HTML page with a line chart whose shifts are shaded bands.
public struct TrendReport: Sendable {
    /// One run of the trend.
    public struct Point: Sendable {
        /// When it ran (ISO 8601).
        public var startTime: String
        /// The git commit (short) or label it measured, "" when neither was known.
        public var build: String
        public var value: Double
        /// Its figures came from a saturated generator, or a run cut short.
        public var flagged: Bool

        /// A point.
        public init(startTime: String, build: String, value: Double, flagged: Bool = false) {
            (self.startTime, self.build, self.value, self.flagged) = (startTime, build, value, flagged)
        }
    }

    public var scenario: String
    public var metric: String
    public var unit: String
    public var points: [Point]
    public var changes: [ChangePointDetector.ChangePoint]

    /// A trend of `metric` (in `unit`) over `points`, oldest first, with the change points found in their values.
    public init(scenario: String, metric: String, unit: String, points: [Point], changes: [ChangePointDetector.ChangePoint]) {
        (self.scenario, self.metric, self.unit, self.points, self.changes) = (scenario, metric, unit, points, changes)
    }

    /// One line per run, `<<` marking the first run after a shift with its size and p-value.
    public func text() -> String {
        var out = "\(scenario): \(metric) over \(points.count) run(s), \(changes.count) change point(s)\n"
        for (i, point) in points.enumerated() {
            var line = "  #\(i + 1)  \(point.startTime)  \(pad(point.build, 12))  \(NumberText.short(point.value)) \(unit)"
            if point.flagged { line += "  (unhealthy or partial)" }
            if let change = changes.first(where: { $0.index == i }) { line += "  << " + describe(change) }
            out += line + "\n"
        }
        return out
    }

    /// The shift a change point marks: "+5.2 % (101 → 106 ms), p = 0.01".
    public func describe(_ change: ChangePointDetector.ChangePoint) -> String {
        let size = change.relativeChange.map { (($0 >= 0 ? "+" : "") + NumberText.short($0 * 100) + " %") } ?? "shift"
        return "\(size) (\(NumberText.short(change.meanBefore)) → \(NumberText.short(change.meanAfter)) \(unit)), p = \(NumberText.short(change.pValue))"
    }

    /// One page with every trend's section.
    public static func page(_ trends: [TrendReport]) -> String {
        let body = "<h1>crmbench history</h1>\n" + trends.map { $0.section() }.joined()
        return HTMLStyle.page(title: "crmbench history", body: body)
    }

    /// The section of one trend: the chart (runs on x, change points shaded) and the table of change points.
    func section() -> String {
        let series = LineChart.Series(name: "\(metric) (\(unit))", color: ChartPalette.color(0),
                                      points: points.enumerated().map { (Double($0.offset + 1), $0.element.value) })
        var chart = LineChart(id: "trend-" + scenario, title: "\(scenario): \(metric) per run", xTitle: "run",
                              yTitle: "\(metric) (\(unit))", series: [series])
        chart.integerX = true
        chart.bands = changes.map { change in
            let text = describe(change)
            return LineChart.Band(x0: Double(change.index) + 0.5, x1: Double(change.index) + 1.5, label: "shift",
                                  shortLabel: "▲", title: "run \(change.index + 1): \(text)")
        }
        var body = "<section><h2>\(Markup.escape(scenario))</h2>\n<p class=\"sub\">\(Markup.escape(scenario)): \(Markup.escape(metric)) over \(points.count) run(s)</p>\n"
        body += chart.html()
        var table = HTMLTable(headers: ["run", "time", "build", "change"], numericFrom: 4)
        for change in changes {
            let point = points[change.index]
            table.add([.number("\(change.index + 1)"), .text(point.startTime), .text(point.build), .text(describe(change))])
        }
        body += changes.isEmpty ? "<p>No change point: no run shifted the metric significantly.</p>\n" : table.html()
        return body + "</section>\n"
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

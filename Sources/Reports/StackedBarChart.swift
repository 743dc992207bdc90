/// Horizontal stacked bars drawn as inline SVG: one bar per row (an endpoint), one segment per part (a phase).
struct StackedBarChart {
    struct Row {
        var label: String
        /// One value per part, in the order of `parts`.
        var values: [Double]
    }

    var id: String
    var title: String
    var xTitle: String
    var parts: [(name: String, color: String)]
    var rows: [Row]
    var width = 960.0

    private let left = 230.0, right = 20.0, top = 10.0, bottom = 46.0, rowHeight = 24.0

    /// The chart as a `<figure>`, with an HTML legend.
    func html() -> String {
        var out = "<figure class=\"chart\" id=\"\(Markup.escape(id))\"><figcaption>\(Markup.escape(title))</figcaption>\n"
        let totals = rows.map { $0.values.reduce(0, +) }
        guard !rows.isEmpty, (totals.max() ?? 0) > 0 else {
            return out + "<p class=\"empty\">No data for this chart.</p></figure>\n"
        }
        let (ticks, topValue) = AxisTicks.linear(min: 0, max: totals.max() ?? 1)
        let height = top + Double(rows.count) * rowHeight + bottom
        let plotW = width - left - right
        let plotBottom = top + Double(rows.count) * rowHeight
        func px(_ v: Double) -> Double { left + v / topValue * plotW }
        out += "<svg class=\"chart-svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(Markup.escape(title))\">\n<g class=\"grid\">"
        for t in ticks { out += "<line x1=\"\(f(px(t)))\" y1=\"\(f(top))\" x2=\"\(f(px(t)))\" y2=\"\(f(plotBottom))\"/>" }
        out += "</g>\n<g class=\"ticks x\">"
        for t in ticks { out += "<text x=\"\(f(px(t)))\" y=\"\(f(plotBottom + 19))\">\(NumberText.compact(t))</text>" }
        out += "</g>\n<g class=\"ticks y\">"
        for (i, row) in rows.enumerated() {
            let label = row.label.count > 34 ? String(row.label.prefix(33)) + "…" : row.label
            out += "<text x=\"\(f(left - 8))\" y=\"\(f(top + Double(i) * rowHeight + rowHeight / 2 + 4))\">\(Markup.escape(label))<title>\(Markup.escape(row.label))</title></text>"
        }
        out += "</g>\n"
        for (i, row) in rows.enumerated() {
            var x = 0.0
            let y = top + Double(i) * rowHeight + 4
            for (k, value) in row.values.enumerated() where value > 0 {
                let w = max(0.5, px(x + value) - px(x))
                out += "<rect class=\"bar\" x=\"\(f(px(x)))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"\(f(rowHeight - 8))\" fill=\"\(parts[k].color)\">"
                out += "<title>\(Markup.escape(row.label)) — \(Markup.escape(parts[k].name)): \(NumberText.short(value))</title></rect>"
                x += value
            }
        }
        out += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(plotBottom))\" x2=\"\(f(width - right))\" y2=\"\(f(plotBottom))\"/>"
        out += "<text class=\"axis-title\" x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 6))\">\(Markup.escape(xTitle))</text>\n"
        out += "</svg>\n" + LineChart.legend(parts.map { ($0.name, $0.color, false) }, blocks: true) + "</figure>\n"
        return out
    }

    private func f(_ value: Double) -> String { NumberText.fixed(value, 1) }
}

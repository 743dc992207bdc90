/// A line chart drawn as inline SVG: axes with ticks and titles (units included), one path per series, and an
/// HTML legend below it (HTML wraps, so legend entries never overlap).
struct LineChart {
    /// One line of the chart.
    struct Series {
        var name: String
        var color: String
        var dashed = false
        var points: [(x: Double, y: Double)]
    }

    enum XScale {
        case linear
        /// Percentiles on a log "nines" scale; x values are already positions (see `AxisTicks.nines`).
        case nines
    }

    var id: String
    var title: String
    var xTitle: String
    var yTitle: String
    var xScale = XScale.linear
    /// Only whole-number ticks on x (seconds, connections).
    var integerX = false
    var series: [Series]
    /// Shaded stretches of x with a label (the levels of a sweep on a time axis).
    var bands: [Band] = []
    /// When set, the y axis stops here: higher points are drawn at the top edge and marked with their value, so
    /// one spike does not flatten everything else (see `SpikeClip`).
    var yClip: Double?
    /// Units for the values named in the marks and the note of a clipped axis ("ms", "s").
    var xUnit = "", yUnit = ""
    var width = 960.0
    var height = 300.0

    let left = 70.0, right = 36.0, bottom = 46.0
    /// Room above the plot: more when bands carry labels or spikes carry marks.
    var top: Double { bands.isEmpty && yClip == nil ? 14 : 30 }

    /// The chart as a `<figure>`: SVG and legend. An empty chart says so instead of drawing empty axes.
    func html() -> String {
        let drawn = series.filter { !$0.points.isEmpty }
        var out = "<figure class=\"chart\" id=\"\(Markup.escape(id))\"><figcaption>\(Markup.escape(title))</figcaption>\n"
        guard !drawn.isEmpty else { return out + "<p class=\"empty\">No data for this chart.</p></figure>\n" }
        let xs = drawn.flatMap { $0.points.map(\.x) } + bands.flatMap { [$0.x0, $0.x1] }
        let ys = drawn.flatMap { $0.points.map(\.y) }
        let xMin = xs.min() ?? 0, xMax0 = xs.max() ?? 1
        let xMax = xMax0 > xMin ? xMax0 : xMin + 1
        let clip = yClip.flatMap { $0 > 0 && $0 < (ys.max() ?? 0) ? $0 : nil }
        let yMax = clip ?? ys.max() ?? 0
        // An all-zero series (no errors) still gets a readable 0–1 axis.
        let (yTicks, yTop) = AxisTicks.linear(min: 0, max: yMax > 0 ? yMax * 1.04 : 1)  // headroom: a flat line at the top stays visible
        let plotW = width - left - right, plotH = height - top - bottom
        func px(_ x: Double) -> Double { left + (x - xMin) / (xMax - xMin) * plotW }
        func py(_ y: Double) -> Double { top + plotH - y / yTop * plotH }
        out += "<svg class=\"chart-svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(Markup.escape(title))\">\n"
        if !bands.isEmpty { out += bandsSVG(px: px, plotH: plotH) }
        out += "<g class=\"grid\">"
        for t in yTicks {
            let y = f(py(t))
            out += "<line x1=\"\(f(left))\" y1=\"\(y)\" x2=\"\(f(width - right))\" y2=\"\(y)\"/>"
        }
        out += "</g>\n<g class=\"ticks y\">"
        for t in yTicks { out += "<text x=\"\(f(left - 8))\" y=\"\(f(py(t) + 4))\">\(NumberText.compact(t))</text>" }
        out += "</g>\n<g class=\"ticks x\">"
        for (value, label) in xTicks(xMin: xMin, xMax: xMax) {
            out += "<line x1=\"\(f(px(value)))\" y1=\"\(f(top + plotH))\" x2=\"\(f(px(value)))\" y2=\"\(f(top + plotH + 5))\"/>"
            out += "<text x=\"\(f(px(value)))\" y=\"\(f(top + plotH + 19))\">\(label)</text>"
        }
        out += "</g>\n<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(width - right))\" y2=\"\(f(top + plotH))\"/>"
        out += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\"/>\n"
        out += "<text class=\"axis-title\" x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 6))\">\(Markup.escape(xTitle))</text>"
        out += "<text class=\"axis-title\" transform=\"translate(16 \(f(top + plotH / 2))) rotate(-90)\">\(Markup.escape(yTitle))</text>\n"
        // Clipped points reach the axis's top edge, which the ticks put at or just above `clip`.
        let yLimit = clip == nil ? Double.infinity : yTop
        for s in drawn {
            let points = Downsampler.minMax(s.points)
            var d = ""
            d.reserveCapacity(points.count * 14)
            for (i, p) in points.enumerated() {
                d += i == 0 ? "M" : "L"
                d += f(px(p.x)) + " " + f(py(min(p.y, yLimit)))
            }
            if points.count == 1 { d += "h0.1" }
            out += "<path class=\"line\(s.dashed ? " dashed" : "")\" stroke=\"\(s.color)\" d=\"\(d)\"><title>\(Markup.escape(s.name))</title></path>\n"
        }
        var note = ""
        if clip != nil {
            let marks = spikeMarks(drawn, above: yTop, px: px)
            out += marks.svg
            note = marks.note
        }
        out += "</svg>\n" + Self.legend(drawn.map { ($0.name, $0.color, $0.dashed) }) + note + "</figure>\n"
        return out
    }

    /// An HTML legend: one swatch and name per entry.
    static func legend(_ entries: [(name: String, color: String, dashed: Bool)], blocks: Bool = false) -> String {
        var out = "<div class=\"legend\">"
        for e in entries {
            out += "<span><i class=\"swatch\(e.dashed ? " dashed" : "")\(blocks ? " block" : "")\" style=\"border-color:\(e.color)\"></i>\(Markup.escape(e.name))</span>"
        }
        return out + "</div>\n"
    }

    private func xTicks(xMin: Double, xMax: Double) -> [(Double, String)] {
        switch xScale {
        case .linear:
            let ticks = AxisTicks.linear(min: xMin, max: xMax, target: 8).ticks.filter { $0 >= xMin - 1e-9 && $0 <= xMax + 1e-9 }
            let whole = ticks.filter { $0 == $0.rounded() }
            return (integerX && whole.count >= 2 ? whole : ticks).map { ($0, NumberText.compact($0)) }
        case .nines:
            return (0...max(0, Int(xMax.rounded(.down)))).map { (Double($0), AxisTicks.ninesLabel($0)) }
        }
    }

    /// A coordinate with one decimal: enough for a 960-pixel chart, and short.
    func f(_ value: Double) -> String { NumberText.fixed(value, 1) }
}

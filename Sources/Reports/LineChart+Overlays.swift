extension LineChart {
    /// A shaded stretch of the x axis with a label, e.g. one level of a sweep on a time axis.
    struct Band {
        var x0: Double
        var x1: Double
        /// Shown inside the band when it fits.
        var label: String
        /// A shorter label for a narrow band.
        var shortLabel: String
        /// The tooltip: the whole description.
        var title: String
    }

    /// The bands behind the plot, alternately shaded, each labelled at its top when the label fits its width.
    func bandsSVG(px: (Double) -> Double, plotH: Double) -> String {
        var out = "<g class=\"bands\">"
        for (i, band) in bands.enumerated() {
            let x0 = px(band.x0), x1 = px(band.x1)
            let width = max(0, x1 - x0)
            out += "<rect class=\"band\(i % 2 == 0 ? "" : " alt")\" x=\"\(f(x0))\" y=\"\(f(top))\" width=\"\(f(width))\" "
                + "height=\"\(f(plotH))\"><title>\(Markup.escape(band.title))</title></rect>"
            out += "<line class=\"band-edge\" x1=\"\(f(x0))\" y1=\"\(f(top - 14))\" x2=\"\(f(x0))\" y2=\"\(f(top + plotH))\"/>"
            // About 6.5 px per character at the chart's 12 px font; a label that does not fit is left to the tooltip.
            let fits = { (text: String) in Double(text.count) * 6.5 + 6 <= width }
            if let text = [band.label, band.shortLabel].first(where: fits) {
                out += "<text class=\"band-label\" x=\"\(f(x0 + width / 2))\" y=\"\(f(top - 4))\">\(Markup.escape(text))</text>"
            }
        }
        return out + "</g>\n"
    }

    /// Marks for the points above a clipped axis: a triangle at the top edge over each, the value beside the highest
    /// few, and a note under the chart saying the axis is clipped and what the highest point was.
    func spikeMarks(_ drawn: [Series], above clip: Double, px: (Double) -> Double) -> (svg: String, note: String) {
        var spikes: [(x: Double, y: Double, series: String)] = []
        for s in drawn { for p in s.points where p.y > clip { spikes.append((p.x, p.y, s.name)) } }
        guard let highest = spikes.max(by: { $0.y < $1.y }) else { return ("", "") }
        let value = { (y: Double) in NumberText.short(y) + (yUnit.isEmpty ? "" : " " + yUnit) }
        let at = { (x: Double) in NumberText.short(x) + (xUnit.isEmpty ? "" : " " + xUnit) }
        var out = "<g class=\"spikes\">"
        var labelled: [Double] = []
        for spike in spikes.sorted(by: { $0.y > $1.y }) {
            let x = px(spike.x)
            // Inside the plot, under its top edge: the row above belongs to the band labels.
            out += "<path class=\"spike\" d=\"M\(f(x - 5)) \(f(top + 9))L\(f(x + 5)) \(f(top + 9))L\(f(x)) \(f(top + 1))Z\">"
                + "<title>\(Markup.escape("\(spike.series): \(value(spike.y)) at \(at(spike.x))"))</title></path>"
            // The highest three get their value written, unless a higher one's label is already there.
            if labelled.count < 3 && !labelled.contains(where: { abs($0 - x) < 70 }) {
                labelled.append(x)
                let anchor = x > width - right - 60 ? "end" : "start"
                out += "<text class=\"spike-label\" text-anchor=\"\(anchor)\" x=\"\(f(anchor == "end" ? x - 8 : x + 8))\" "
                    + "y=\"\(f(top + 10))\">\(Markup.escape(value(spike.y)))</text>"
            }
        }
        out += "</g>\n"
        let note = "<p class=\"chart-note\">The axis stops at \(Markup.escape(value(clip))) so the rest stays readable: "
            + "\(spikes.count) point\(spikes.count == 1 ? " is" : "s are") above it, drawn at the top edge and marked ▲; "
            + "the highest, \(Markup.escape(highest.series)), is \(Markup.escape(value(highest.y))) at "
            + "\(Markup.escape(at(highest.x))).</p>\n"
        return (out, note)
    }
}

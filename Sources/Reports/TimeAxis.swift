import BenchCore

/// The x axis of the charts over time: the points to draw, the unit (seconds, or minutes past five minutes) and,
/// for a sweep or find-max, one shaded band per level so each level's stretch of the run is labelled.
struct TimeAxis {
    /// The per-second points to draw, sorted by second.
    let points: [TimeSeriesPoint]
    /// The levels of a sweep or find-max, in the axis's unit; empty for any other run.
    let bands: [LineChart.Band]
    /// Seconds per unit of the axis (1 or 60).
    let divisor: Double
    /// "s" or "min".
    let symbol: String
    /// Added to a chart's title: how many levels the chart spans.
    let titleSuffix: String

    init(_ result: RunResult) {
        let timeline = SweepTimeline(result)
        points = ReportCharts.chartSeries(result)
        let spans = timeline?.spans ?? []
        let lastSecond = max(points.last?.second ?? 0, (spans.last?.endSecond ?? 0) - 1)
        let (divisor, symbol) = AxisTicks.timeUnit(maxSeconds: Double(lastSecond))
        self.divisor = divisor
        self.symbol = symbol
        bands = spans.map { span in
            LineChart.Band(x0: Double(span.startSecond) / divisor, x1: Double(span.endSecond) / divisor, label: span.load,
                           shortLabel: String(span.load.prefix { $0 != " " && $0 != "/" }),
                           title: "level \(span.number): \(span.load), \(NumberText.short(Double(span.startSecond) / divisor))–"
                               + "\(NumberText.short(Double(span.endSecond) / divisor)) \(symbol)")
        }
        if timeline != nil {
            let count = result.sweep?.levels.count ?? spans.count
            titleSuffix = spans.isEmpty ? ", all \(count) probes" : ", all \(count) level\(count == 1 ? "" : "s") (shaded)"
        } else {
            titleSuffix = ""
        }
    }

    var xTitle: String { "time since start (\(symbol))" }

    /// A point's position on the axis. With level bands, a second's point sits in the middle of that second, so
    /// each level's points lie inside its band ([start, end) in whole seconds).
    func x(_ point: TimeSeriesPoint) -> Double { (Double(point.second) + (bands.isEmpty ? 0 : 0.5)) / divisor }
}

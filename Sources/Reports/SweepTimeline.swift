import BenchCore

/// Where each level of a sweep or find-max lies on the run's time axis, and the per-second points the time charts
/// draw: every level's, each without its drain past the step's planned length.
///
/// A sweep's result holds one time series for all its levels, one after the other; the run's `config` describes
/// only the last level's step, so cutting the series at `config.durationSeconds` (as for a single run) would keep
/// only the first level.
struct SweepTimeline: Equatable {
    /// One level's place on the time axis, in seconds since the run began.
    struct Span: Equatable {
        /// The level's place in run order, from 1.
        var number: Int
        /// The load of the level as it is shown ("40 VUs", "300/s").
        var load: String
        var startSecond: Int
        /// The first second after the level.
        var endSecond: Int
    }

    /// The levels in run order; empty when their order is unknown (a find-max result written before levels
    /// recorded their start).
    var spans: [Span]
    /// The points to chart, sorted by second.
    var points: [TimeSeriesPoint]

    /// The timeline of a sweep or find-max result; nil for any other run.
    init?(_ result: RunResult) {
        guard let sweep = result.sweep, !sweep.levels.isEmpty else { return nil }
        let series = ReportCharts.timeSeries(result)
        let stepSeconds = Self.wholeSeconds(result.config.durationSeconds)
        var starts: [(level: SweepLevel, start: Int)]
        if sweep.levels.allSatisfy({ $0.startSecond != nil }) {
            starts = sweep.levels.map { (level: $0, start: min(max(0, $0.startSecond ?? 0), Self.longest)) }.sorted { $0.start < $1.start }
        } else if sweep.maxRatePerSecond == nil && sweep.slo == nil {
            // An older sweep: its levels are in run order, each as long as its measured duration (whole seconds).
            var next = series.first?.second ?? 0
            starts = sweep.levels.map { level -> (level: SweepLevel, start: Int) in
                defer { next = min(next + max(1, Self.wholeSeconds(level.durationSeconds)), Self.longest) }
                return (level, next)
            }
        } else {
            starts = []
        }
        let lastSecond = series.last?.second ?? 0
        let spans = starts.enumerated().map { i, entry -> Span in
            let next = i + 1 < starts.count ? starts[i + 1].start : Int.max
            let planned = stepSeconds > 0 ? entry.start + stepSeconds : Int.max
            let end = min(next, planned, max(lastSecond + 1, entry.start + 1))
            return Span(number: i + 1, load: SweepHeaderText.load(entry.level.level, sweep.dimension), startSecond: entry.start,
                        endSecond: max(end, entry.start + 1))
        }
        self.spans = spans
        if spans.isEmpty {
            points = series
        } else {
            points = series.filter { p in spans.contains { p.second >= $0.startSecond && p.second < $0.endSecond } }
            if points.isEmpty { points = series }
        }
    }

    /// A bound on any second handled (about 31 years), so a hostile file cannot overflow the arithmetic.
    static let longest = 1_000_000_000

    /// `seconds` rounded up to whole seconds, 0 when not a positive finite number.
    static func wholeSeconds(_ seconds: Double) -> Int {
        seconds.isFinite && seconds > 0 ? Int(min(seconds, Double(longest)).rounded(.up)) : 0
    }
}

import BenchCore

/// The one-line description of a sweep or find-max for the report's header: how many levels, of how long, from
/// which load to which, and how it ended. A run's own header (`ModelText`) would describe only the last level.
enum SweepHeaderText {
    /// A level's load as the reports show it: "1 VU", "40 VUs", "300/s".
    static func load(_ level: Double, _ dimension: SweepDimension) -> String {
        NumberText.short(level) + (dimension == .rate ? "/s" : level == 1 ? " VU" : " VUs")
    }

    static func describe(_ sweep: SweepResults, stepSeconds: Double) -> String {
        let findMax = sweep.slo != nil || sweep.maxRatePerSecond != nil
        let unit = sweep.dimension == .rate ? " req/s offered" : " VUs"
        let loads = sweep.levels.map(\.level)
        let count = sweep.levels.count
        var text = findMax ? "find-max: \(count) probe\(count == 1 ? "" : "s")" : "sweep: \(count) level\(count == 1 ? "" : "s")"
        if stepSeconds > 0 { text += " of \(NumberText.short(stepSeconds)) s" }
        if let low = loads.min(), let high = loads.max() {
            text += low == high ? ", \(NumberText.short(low))\(unit)" : ", \(NumberText.short(low)) → \(NumberText.short(high))\(unit)"
        }
        text += sweep.dimension == .rate ? " (open model)" : " (closed model)"
        if let slo = sweep.slo {
            text += sweep.maxRatePerSecond.map { "; highest rate meeting \(slo): \(NumberText.short($0)) req/s" }
                ?? "; no probed rate met \(slo)"
        }
        if let reason = sweep.stoppedEarly { text += "; stopped early: \(reason)" }
        return text
    }
}

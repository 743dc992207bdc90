import BenchCore

/// The sweep table printed after a sweep or find-max.
public enum SweepText {
    public static func render(_ sweep: SweepResults) -> String {
        var rows = [[sweep.dimension == .rate ? "rate/s" : "vus", "req/s", "p50", "p95", "p99", "errors", "in flight",
                     "server CPU", "CPU/req", "DB/req", "SLO"]]
        for level in sweep.levels {
            let s = level.summary
            rows.append([
                sweep.dimension == .rate || level.level != level.level.rounded()
                    ? TerminalSummary.format(level.level) : String(Int(level.level)),
                TerminalSummary.format(s.requestsPerSecond),
                DurationText.format(micros: s.latencyMicros.p50), DurationText.format(micros: s.latencyMicros.p95),
                DurationText.format(micros: s.latencyMicros.p99), TerminalSummary.percent(s.errorRate),
                TerminalSummary.format(level.meanConcurrency),
                level.server?.cpuUtilization.map { TerminalSummary.percent($0) } ?? "-",
                level.server?.cpuSecondsPerRequest.map { DurationText.format(nanos: UInt64($0 * 1e9)) } ?? "-",
                level.server?.databaseSecondsPerRequest.map { DurationText.format(nanos: UInt64($0 * 1e9)) } ?? "-",
                level.metSLO.map { $0 ? "met" : "missed" } ?? "",
            ])
        }
        var lines = [""] + TerminalSummary.table(rows)
        if let reason = sweep.stoppedEarly { lines.append("stopped early: \(reason)") }
        if let slo = sweep.slo {
            if let max = sweep.maxRatePerSecond {
                lines.append("highest rate meeting \(slo): \(TerminalSummary.format(max)) req/s")
            } else {
                lines.append("no probed rate met \(slo)")
            }
        }
        return lines.joined(separator: "\n")
    }
}

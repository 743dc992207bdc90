import BenchCore

extension SweepText {
    /// One line on a measured level of a sweep or find-max, printed as it ends.
    public static func levelLine(_ level: SweepLevel, open: Bool) -> String {
        let s = level.summary
        var text = (open ? "rate \(NumberText.short(level.level))/s" : "vus \(NumberText.short(level.level))")
            + ": \(Int(s.requestsPerSecond.rounded())) req/s, p50 \(DurationText.format(micros: s.latencyMicros.p50))"
            + ", p99 \(DurationText.format(micros: s.latencyMicros.p99)), errors \(Double(Int(s.errorRate * 10_000)) / 100)%"
        if let cpu = level.server?.cpuUtilization { text += ", server CPU \(Int((cpu * 100).rounded()))%" }
        if !level.generatorHealthy { text += "  [generator-bound]" }
        return text
    }
}

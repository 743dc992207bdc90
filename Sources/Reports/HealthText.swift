import BenchCore

/// The generator-health lines of the text summaries: what made the figures the generator's (warnings, and the
/// banner only when its CPU was the limit) and what explains send lag without being a generator fault (notes).
public enum HealthText {
    /// The banner of a run whose generator's CPU was the limit.
    public static let banner = "WARNING: this run measured the load generator, not the target"

    /// The lines after the summary's generator line: one `WARNING:` per warning, one `note:` per note, and the
    /// banner last when the CPU saturated. A generator behind schedule with its CPU to spare gets its warning,
    /// which names the machine's scheduling, not the banner.
    public static func lines(_ g: GeneratorHealth) -> [String] {
        var out = g.warnings.map { "WARNING: \($0)" }
        if let warmups = g.preopenedConnections, warmups > 0 {
            // The target counts these; say so, so its access log and this summary still add up.
            let times = [g.warmupConnectMicros.map { "connect p50 \(DurationText.format(micros: $0.p50))" },
                         g.warmupTLSMicros.map { "TLS p50 \(DurationText.format(micros: $0.p50))" }].compactMap { $0 }
            out.append("note: \(warmups) connections were opened before the schedule with a HEAD request each "
                       + "(answered by the target, not in these figures" + (times.isEmpty ? "" : "; " + times.joined(separator: ", "))
                       + ")")
        }
        out += (g.notes ?? []).map { "note: \($0)" }
        if g.saturated { out.append(banner) }
        return out
    }

    /// The part of JUnit's "run completed" output about the generator: a warning when its CPU was the limit, the
    /// other warnings and notes as notes; empty when there is nothing to say.
    public static func junitDetail(_ g: GeneratorHealth) -> String {
        var out = ""
        if g.saturated { out += "; warning: the load generator was the limit: " + g.warnings.joined(separator: "; ") }
        let notes = (g.saturated ? [] : g.warnings) + (g.notes ?? [])
        if !notes.isEmpty { out += "; note: " + notes.joined(separator: "; ") }
        return out
    }
}

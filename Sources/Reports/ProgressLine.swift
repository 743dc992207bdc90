import BenchCore

/// Live progress (pure: the snapshot in, text out): a panel of a few lines for a terminal, one line for logs.
public enum ProgressLine {
    /// The panel: progress and throughput; latency of the last seconds; errors by kind and the generator's CPU.
    /// Each line fits `columns` (a terminal's width, at least 60): a line longer than the terminal would wrap, and
    /// the panel, redrawn by moving the cursor up one row per line, would then overwrite the summary above it.
    ///
    /// - Parameters:
    ///   - stage: where a staged load stands now ("stage 2/3: 40 VUs"), when it has stages.
    ///   - level: a sweep's or find-max's level under way ("level 3 of 6: 40 VUs"), heading the panel.
    public static func panel(_ s: ProgressSnapshotView, plannedSeconds: Double, targetRate: Double?, generatorCPU: Double?,
                             columns: Int = 200, stage: String? = nil, level: String? = nil) -> [String] {
        var lines = panelLines(s, plannedSeconds: plannedSeconds, targetRate: targetRate, generatorCPU: generatorCPU)
        lines.insert(activity(s) + (stage.map { "   " + $0 } ?? ""), at: 2)
        if let level { lines.insert(level, at: 0) }
        return fit(lines, columns: max(60, columns))
    }

    /// Virtual users at work, iterations ended and checks: what a scenario run is doing, beside its requests.
    static func activity(_ s: ProgressSnapshotView) -> String {
        let checks = s.checksPassed + s.checksFailed
        return "active VUs \(s.activeVirtualUsers)   iterations \(s.iterations)"
            + (checks == 0 ? "" : "   checks \(s.checksPassed)/\(checks) passed")
    }

    /// The terminal text that draws `lines` over the `drawn` lines of the last panel (cursor up, each line erased
    /// and written), leaving the cursor below the panel.
    public static func redraw(_ lines: [String], over drawn: Int) -> String {
        (drawn > 0 ? "\u{1B}[\(drawn)A" : "") + lines.map { "\r\u{1B}[2K" + $0 + "\n" }.joined()
    }

    /// The terminal text that erases the `drawn` lines of the last panel and leaves the cursor where it began.
    public static func erase(_ drawn: Int) -> String {
        guard drawn > 0 else { return "" }
        return "\u{1B}[\(drawn)A" + String(repeating: "\r\u{1B}[2K\n", count: drawn) + "\u{1B}[\(drawn)A"
    }

    /// Lines cut to `columns` characters, an ellipsis marking the cut.
    static func fit(_ lines: [String], columns: Int) -> [String] {
        lines.map { $0.count <= columns ? $0 : String($0.prefix(columns - 1)) + "…" }
    }

    private static func panelLines(_ s: ProgressSnapshotView, plannedSeconds: Double, targetRate: Double?,
                                   generatorCPU: Double?) -> [String] {
        let elapsed = Double(s.elapsedNanos) / 1e9
        let fraction = plannedSeconds > 0 ? min(1, elapsed / plannedSeconds) : 0
        let width = 20
        let filled = Int(fraction * Double(width))
        let bar = "[" + String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled) + "]"
        let remaining = max(0, plannedSeconds - elapsed)
        var first = "\(bar) \(Int(elapsed))s / \(Int(plannedSeconds))s (\(Int(remaining.rounded(.up)))s left)"
        let second = "\(Int(rate(s).rounded())) req/s" + (targetRate.map { " (target \(Int($0)))" } ?? "")
            + "   in flight \(s.inFlight)   done \(s.completed)"
        var lines = [first, second]
        if let latest = s.recent.last {
            let p95 = latest.p95Micros.map { "  p95 " + DurationText.format(micros: $0) } ?? ""
            lines.append("last second: p50 \(DurationText.format(micros: latest.p50Micros))  p90 "
                         + DurationText.format(micros: latest.p90Micros) + p95 + "  p99 " + DurationText.format(micros: latest.p99Micros)
                         + "   service p99 " + DurationText.format(micros: latest.serviceP99Micros))
        } else {
            lines.append("latency: waiting for the first complete second")
        }
        var kinds: [String: UInt64] = [:]
        for point in s.recent { kinds.merge(point.errorsByKind, uniquingKeysWith: +) }
        let errors = kinds.isEmpty ? "none" : kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        lines.append("errors (last \(s.recent.count)s): \(errors)" + (generatorCPU.map { "   generator CPU \(Int(($0 * 100).rounded()))%" } ?? ""))
        return lines
    }

    /// One plain line, for logs (CI): every 5 s.
    public static func render(_ s: ProgressSnapshotView, plannedSeconds: Double, targetRate: Double?, generatorCPU: Double? = nil) -> String {
        let elapsed = Double(s.elapsedNanos) / 1e9
        var parts = ["\(Int(elapsed))s/\(Int(plannedSeconds))s", "\(Int(rate(s).rounded())) req/s" + (targetRate.map { " (target \(Int($0)))" } ?? "")]
        if let latest = s.recent.last {
            parts.append("p50 \(DurationText.format(micros: latest.p50Micros)) p99 \(DurationText.format(micros: latest.p99Micros))")
        }
        parts.append("errors \(s.recent.reduce(0) { $0 + $1.errors })")
        parts.append("in flight \(s.inFlight)")
        if let generatorCPU { parts.append("generator CPU \(Int((generatorCPU * 100).rounded()))%") }
        return parts.joined(separator: "  ")
    }

    private static func rate(_ s: ProgressSnapshotView) -> Double {
        s.recent.isEmpty ? 0 : Double(s.recent.reduce(0) { $0 + $1.requests }) / Double(s.recent.count)
    }
}

/// The figures progress needs (mirrors the engine's snapshot so Reports stays pure).
public protocol ProgressSnapshotView {
    var elapsedNanos: UInt64 { get }
    var recent: [TimeSeriesPoint] { get }
    var inFlight: Int { get }
    var completed: UInt64 { get }
    /// Virtual users in an iteration now.
    var activeVirtualUsers: Int { get }
    /// Iterations ended so far.
    var iterations: UInt64 { get }
    var checksPassed: UInt64 { get }
    var checksFailed: UInt64 { get }
}

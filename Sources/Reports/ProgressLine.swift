import BenchCore

/// One line of live progress (pure: the snapshot in, text out).
public enum ProgressLine {
    public static func render(_ s: ProgressSnapshotView, plannedSeconds: Double, targetRate: Double?) -> String {
        let elapsed = Double(s.elapsedNanos) / 1e9
        let fraction = plannedSeconds > 0 ? min(1, elapsed / plannedSeconds) : 0
        let width = 20
        let filled = Int(fraction * Double(width))
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
        var parts = [bar, "\(Int(elapsed))s/\(Int(plannedSeconds))s"]
        if let latest = s.recent.last {
            let rps = s.recent.isEmpty ? 0 : Double(s.recent.reduce(0) { $0 + $1.requests }) / Double(s.recent.count)
            parts.append("\(Int(rps)) req/s" + (targetRate.map { " (target \(Int($0)))" } ?? ""))
            parts.append("p50 \(DurationText.format(micros: latest.p50Micros)) p99 \(DurationText.format(micros: latest.p99Micros))")
            let errors = s.recent.reduce(0) { $0 + $1.errors }
            parts.append("errors \(errors)")
        }
        parts.append("in flight \(s.inFlight)")
        parts.append("done \(s.completed)")
        return parts.joined(separator: "  ")
    }
}

/// The figures progress needs (mirrors the engine's snapshot so Reports stays pure).
public protocol ProgressSnapshotView {
    var elapsedNanos: UInt64 { get }
    var recent: [TimeSeriesPoint] { get }
    var inFlight: Int { get }
    var completed: UInt64 { get }
}

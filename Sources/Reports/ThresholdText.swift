import BenchCore

/// The thresholds part of the terminal summary: one line each, defaults marked "(default)".
enum ThresholdText {
    static func lines(_ thresholds: [ThresholdRecord]) -> [String] {
        guard !thresholds.isEmpty else { return [] }
        var out = ["", "thresholds"]
        for t in thresholds { out.append("  \(t.passed ? "✓" : "✗") \(t.label)  (\(t.detail))") }
        if thresholds.contains(where: { $0.isDefault == true }) {
            out.append("  (default): judged unless the run states its own threshold on the metric; --no-default-thresholds turns them off")
        }
        return out
    }
}

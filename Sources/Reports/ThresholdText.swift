import BenchCore

/// How every report shows a threshold's outcome: the observed value in the metric's unit (durations with their
/// unit, rates as percentages, per-second rates as req/s), and for a duration or a count how far it is from the
/// limit ("166% of the limit"). A result stores the observed value in the metric's internal unit (microseconds,
/// a fraction), which is never shown as it is ("827903", "1").
enum ThresholdText {
    /// The terminal summary's threshold lines, defaults marked "(default)".
    static func lines(_ thresholds: [ThresholdRecord]) -> [String] {
        guard !thresholds.isEmpty else { return [] }
        var out = ["", "thresholds"]
        for t in thresholds { out.append("  \(t.passed ? "✓" : "✗") \(t.label) — \(outcome(t))") }
        if thresholds.contains(where: { $0.isDefault == true }) {
            out.append("  (default): judged unless the run states its own threshold on the metric; --no-default-thresholds turns them off")
        }
        return out
    }

    /// "observed 828ms (166% of the limit)", "observed 0.75%"; the record's own detail when nothing was observed
    /// ("http.latency.p99 has no data", a merged verdict).
    static func outcome(_ t: ThresholdRecord) -> String {
        guard let value = observed(t) else { return t.detail }
        return "observed " + value + (shareOfLimit(t).map { " (\($0) of the limit)" } ?? "")
    }

    /// The observed value with its unit, nil when there is none or the expression is not one this version reads.
    static func observed(_ t: ThresholdRecord) -> String? {
        guard let value = t.observed, value.isFinite, let threshold = try? Threshold.parse(t.expression) else { return nil }
        return format(value, threshold.metric, distinctFrom: threshold.limit)
    }

    /// The observed value as a share of the limit ("82%"), for durations and counts with a positive limit; nil for
    /// rates, whose percentages would read as a second rate.
    static func shareOfLimit(_ t: ThresholdRecord) -> String? {
        guard let value = t.observed, value.isFinite, let threshold = try? Threshold.parse(t.expression),
              threshold.metric.unit != .fraction, threshold.limit > 0 else { return nil }
        return NumberText.trimZeros(NumberText.fixed(value / threshold.limit * 100, value / threshold.limit < 0.1 ? 1 : 0)) + "%"
    }

    /// `value` in the metric's unit, with enough decimals that it does not read as the limit when it is not:
    /// 99.9999 % against a limit of 100 % shows as "99.9999%", not "100%".
    static func format(_ value: Double, _ metric: ThresholdMetric, distinctFrom limit: Double) -> String {
        var decimals = 2
        while decimals < 6 && value != limit && render(value, metric, decimals) == render(limit, metric, decimals) { decimals += 1 }
        return render(value, metric, decimals)
    }

    /// Two decimals is the normal form; more only to tell a value from its limit.
    private static func render(_ value: Double, _ metric: ThresholdMetric, _ decimals: Int) -> String {
        switch metric.unit {
        case .micros:
            guard value >= 0, value < 9e15 else { return NumberText.short(value) + "µs" }
            return decimals == 2 ? DurationText.format(micros: UInt64(value.rounded()))
                : NumberText.trimZeros(NumberText.fixed(value / 1_000, decimals + 1)) + "ms"
        case .fraction:
            return NumberText.trimZeros(NumberText.fixed(value * 100, decimals)) + "%"
        case .plain:
            let unit: String
            switch metric {
            case .httpRequestsPerSecond: unit = " req/s"
            case .httpRequests: unit = " requests"
            case .flowIterations: unit = " iterations"
            default: unit = ""
            }
            return NumberText.trimZeros(NumberText.fixed(value, decimals)) + unit
        }
    }
}

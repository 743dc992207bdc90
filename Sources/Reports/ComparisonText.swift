import BenchCore

/// Plain-text and Markdown renderings of comparisons, and the value formatting they share.
public enum ComparisonText {
    /// The comparison(s) as an aligned plain-text table, one block per candidate.
    public static func render(_ comparisons: [RunComparison]) -> String {
        var out: [String] = []
        for c in comparisons {
            out.append("baseline  \(c.baselineName)  (\(c.baselineSource))")
            out.append("candidate \(c.candidateName)  (\(c.candidateSource))")
            out.append(contentsOf: comparabilityLines(c.comparability))
            var rows = [["subject", "metric", "baseline", "candidate", "change", "\(confidenceLabel(c.settings)) CI", "q", "verdict"]]
            for (subject, m) in c.allMetrics {
                rows.append([subjectLabel(subject), m.metric.label, value(m.metric, m.baseline, subject.kind),
                             value(m.metric, m.candidate, subject.kind), change(m), interval(m), qValue(m), verdictLabel(m.verdict)])
            }
            out.append("")
            out.append(contentsOf: align(rows, leftColumns: [0, 1, 7]))
            out.append("")
            out.append(footnote(c.settings))
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// The comparison(s) as Markdown, for a pull-request comment.
    public static func markdown(_ comparisons: [RunComparison]) -> String {
        var out = ""
        for c in comparisons {
            let regressions = c.allMetrics.filter { $0.metric.verdict == .regressed }.count
            let improvements = c.allMetrics.filter { $0.metric.verdict == .improved }.count
            out += "### crmbench compare: \(Markup.escapeMarkdown(c.candidateName)) vs \(Markup.escapeMarkdown(c.baselineName))\n\n"
            out += (regressions > 0 ? "❌ \(regressions) regressed" : "✅ no regression") + " · \(improvements) improved\n\n"
            for line in comparabilityLines(c.comparability) { out += "> " + Markup.escapeMarkdown(line) + "\n" }
            out += "\n"
            out += "| subject | metric | baseline | candidate | change | \(confidenceLabel(c.settings)) CI | q | verdict |\n"
            out += "|---|---|---:|---:|---:|---:|---:|---|\n"
            for (subject, m) in c.allMetrics {
                let mark = m.verdict == .regressed ? "❌ " : (m.verdict == .improved ? "✅ " : "")
                out += "| \(Markup.escapeMarkdown(subjectLabel(subject))) | \(m.metric.label) | \(value(m.metric, m.baseline, subject.kind)) | "
                    + "\(value(m.metric, m.candidate, subject.kind)) | \(change(m)) | \(interval(m)) | \(qValue(m)) | "
                    + "\(mark)\(verdictLabel(m.verdict)) |\n"
            }
            out += "\n" + footnote(c.settings) + "\n\n"
        }
        return out
    }

    /// Pads cells to their column's width: text columns left-aligned, numbers right-aligned.
    static func align(_ rows: [[String]], leftColumns: Set<Int>) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            var line = ""
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                line += (i == 0 ? "" : "  ") + (leftColumns.contains(i) ? cell + pad : pad + cell)
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    static func comparabilityLines(_ c: Comparability) -> [String] {
        var lines = c.comparable ? ["comparable: yes"] : ["NOT COMPARABLE — treat these verdicts with care:"]
        lines += c.issues.map { "  - " + $0 }
        lines += c.notes.map { "  note: " + $0 }
        return lines
    }

    static func footnote(_ s: ComparisonSettings) -> String {
        "Verdicts need a \(confidenceLabel(s)) interval that excludes zero, a change of at least "
            + "\(NumberText.short(s.minRelativeChange * 100))% (latency also \(NumberText.short(s.minLatencyChangeMicros)) µs; "
            + "error rate \(NumberText.short(s.minErrorRateChange * 100)) percentage points), and q at most "
            + "\(NumberText.short(s.falseDiscoveryRate * 100))%: q is the p-value adjusted over every row (Benjamini–Hochberg), "
            + "so at most \(NumberText.short(s.falseDiscoveryRate * 100))% of the flagged rows are expected to be noise. "
            + "Intervals come from a block bootstrap of whole seconds where both runs kept them, else from the methods "
            + "named in the JSON output. \(s.resamples) seeded resamples; the same inputs give the same output."
    }

    /// The adjusted p-value of a row, "-" without one.
    public static func qValue(_ m: MetricComparison) -> String {
        guard let q = m.adjustedPValue, q.isFinite else { return "-" }
        return q < 0.001 ? "<0.001" : NumberText.fixed(q, 3)
    }

    static func confidenceLabel(_ s: ComparisonSettings) -> String { NumberText.short(s.confidence * 100) + "%" }

    static func subjectLabel(_ s: SubjectComparison) -> String {
        s.kind == .overall ? "overall" : "\(s.kind.rawValue) \(s.name)"
    }

    /// A metric's value in its unit: flows and groups count iterations, not requests.
    public static func value(_ metric: ComparedMetric, _ value: Double, _ kind: SubjectComparison.Kind = .overall) -> String {
        switch metric {
        case .throughput: return NumberText.short(value) + (kind == .flow || kind == .group ? " it/s" : " req/s")
        case .errorRate: return NumberText.percent(value)
        case .p50, .p95, .p99: return NumberText.micros(value)
        }
    }

    /// The change: relative percent, or percentage points for the error rate.
    public static func change(_ m: MetricComparison) -> String {
        m.metric.changeIsAbsolute ? points(m.estimate.change) : NumberText.signedPercent(m.estimate.change)
    }

    /// The confidence interval of the change, in the change's unit.
    public static func interval(_ m: MetricComparison) -> String {
        guard m.estimate.low.isFinite, m.estimate.high.isFinite else { return "-" }
        let show = { (value: Double) in m.metric.changeIsAbsolute ? points(value) : NumberText.signedPercent(value) }
        return "[\(show(m.estimate.low)), \(show(m.estimate.high))]"
    }

    /// The verdict as shown in tables.
    public static func verdictLabel(_ v: Verdict) -> String { v.rawValue }

    static func points(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "-" }
        let text = NumberText.fixed(abs(fraction) * 100, 2)
        return (text == "0.00" ? "" : (fraction < 0 ? "−" : "+")) + text + " pp"
    }
}

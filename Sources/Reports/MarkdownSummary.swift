import BenchCore

/// `summary.md`: a short Markdown summary of a run, sized for a pull-request comment.
public enum MarkdownSummary {
    /// The Markdown summary of a result.
    public static func render(_ result: RunResult) -> String {
        let o = result.summary.overall
        let thresholds = result.thresholdRecords
        let failed = thresholds.filter { !$0.passed }
        var out = "### crmbench: \(Markup.escapeMarkdown(result.meta.name))\n\n"
        var status: [String] = []
        if !thresholds.isEmpty {
            status.append(failed.isEmpty ? "✅ all \(thresholds.count) thresholds passed" : "❌ \(failed.count) of \(thresholds.count) thresholds failed")
        }
        if result.partial { status.append("⚠️ partial run (\(Markup.escapeMarkdown(result.partialReason ?? "stopped early")))") }
        if result.generator.saturated { status.append("⚠️ **the load generator was the limit: these figures describe the generator, not the target**") }
        if let local = ErrorKind.localResourcesWarning(errorsByKind: result.summary.overall.errorsByKind) {
            status.append("⚠️ \(Markup.escapeMarkdown(local))")
        }
        if !status.isEmpty { out += status.joined(separator: " · ") + "\n\n" }
        out += "\(Markup.escapeMarkdown(result.meta.target)) · \(Markup.escapeMarkdown(HTMLReport.modelText(result))) · "
            + "\(NumberText.short(result.meta.durationSeconds)) s\n\n"
        out += "| requests | req/s | error rate | p50 | p90 | p99 | max |\n|---:|---:|---:|---:|---:|---:|---:|\n"
        out += "| \(o.requests) | \(NumberText.short(o.requestsPerSecond)) | \(NumberText.percent(o.errorRate)) | "
            + [o.latencyMicros.p50, o.latencyMicros.p90, o.latencyMicros.p99, o.latencyMicros.max]
                .map { DurationText.format(micros: $0) }.joined(separator: " | ") + " |\n"
        if result.summary.endpoints.count > 1 || result.scenario != nil {
            out += "\n| \(result.scenario != nil ? "step" : "endpoint") | requests | req/s | error rate | p50 | p95 | p99 |\n"
            out += "|---|---:|---:|---:|---:|---:|---:|\n"
            for e in result.summary.endpoints {
                out += "| \(Markup.escapeMarkdown(e.name)) | \(e.requests) | \(NumberText.short(e.requestsPerSecond)) | "
                    + "\(NumberText.percent(e.errorRate)) | "
                    + [e.latencyMicros.p50, e.latencyMicros.p95, e.latencyMicros.p99].map { DurationText.format(micros: $0) }
                        .joined(separator: " | ") + " |\n"
            }
        }
        let transactions = (result.scenario?.flows ?? []).map { ("flow", $0) } + (result.scenario?.groups ?? []).map { ("group", $0) }
        if !transactions.isEmpty {
            out += "\n| transaction | completed | failed | p50 | p95 | p99 |\n|---|---:|---:|---:|---:|---:|\n"
            for (kind, t) in transactions {
                out += "| \(kind) \(Markup.escapeMarkdown(t.name)) | \(t.iterations) | \(t.failed) | "
                    + NumberText.durations(t.durationMicros, \.p50, \.p95, \.p99).joined(separator: " | ") + " |\n"
            }
        }
        if !thresholds.isEmpty {
            out += "\n**Thresholds**\n\n"
            for t in thresholds {
                out += "- \(t.passed ? "✅" : "❌") \(Markup.escapeMarkdown(t.label)) — \(Markup.escapeMarkdown(ThresholdText.outcome(t)))\n"
            }
        }
        out += FailureCausesText.markdown(result.failures)
        if !o.errorsByKind.isEmpty {
            out += "\nErrors by kind: " + o.errorsByKind.sorted { $0.key < $1.key }
                .map { "\(Markup.escapeMarkdown($0.key)) \($0.value)" }.joined(separator: ", ") + "\n"
        }
        for w in result.generator.warnings { out += "\n> ⚠️ \(Markup.escapeMarkdown(w))\n" }
        for n in result.generator.notes ?? [] { out += "\n> ℹ️ \(Markup.escapeMarkdown(n))\n" }
        return out
    }
}

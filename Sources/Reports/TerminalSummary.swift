import BenchCore

/// The end-of-run summary table printed on the terminal.
public enum TerminalSummary {
    /// Renders the summary of a result as plain text (no colour codes).
    public static func render(_ result: RunResult) -> String {
        let overall = result.summary.overall
        var out: [String] = []
        out.append("crmbench \(result.meta.toolVersion) — \(result.meta.name) → \(result.meta.target)")
        let model = ModelText.describe(result.config) { "\(format($0)) req/s" }
        out.append("\(model), \(result.config.threads) thread(s), \(format(result.meta.durationSeconds)) s"
                   + (result.partial ? "  [PARTIAL: \(result.partialReason ?? "stopped")]" : ""))
        out.append("")
        out.append("requests      \(overall.requests)   (\(format(overall.requestsPerSecond)) req/s)")
        out.append("errors        \(overall.errors)   (error rate \(percent(overall.errorRate)), availability \(percent(overall.availability)))")
        // Failed checks are errors here but not in http.errors.rate (transport errors and statuses >= 400 only).
        if let checkFailed = overall.errorsByKind["checkFailed"], checkFailed > 0, overall.requests > 0 {
            let http = overall.errors - min(overall.errors, checkFailed)
            out.append("  of which    \(checkFailed) failed checks; HTTP and transport errors \(http)"
                       + " (http.errors.rate \(percent(Double(http) / Double(overall.requests))))")
        }
        if !overall.errorsByKind.isEmpty {
            let kinds = overall.errorsByKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            out.append("  by kind     " + kinds.joined(separator: ", "))
        }
        let codes = overall.statusCodes.sorted { $0.key < $1.key }.map { "\($0.key == "0" ? "none" : $0.key): \($0.value)" }
        if !codes.isEmpty { out.append("status        " + codes.joined(separator: "  ")) }
        out.append("transfer      \(bytes(overall.bytesReceived)) received, \(bytes(overall.bytesSent)) sent")
        if let fleet = result.distributed { out.append(contentsOf: FleetText.lines(fleet)) }
        if let backoffs = result.summary.transportBackoffs {
            out.append("backoff       \(backoffs) waits of a virtual user after a request got no response (10 ms doubling to 1 s)")
        }
        out.append("")
        let header = ["", "min", "mean", "p50", "p90", "p95", "p99", "p99.9", "max"]
        var rows = [header]
        let latency = result.config.model == .open ? "latency (from schedule)" : "latency"
        if let all = overall.latencyAllMicros {
            // Failed requests are left out of the percentiles (a refusal answers fast); all of them are beside.
            rows.append(row(latency + ", successful", overall.latencyMicros))
            rows.append(row(latency + ", all requests", all))
        } else {
            rows.append(row(latency, overall.latencyMicros))
        }
        rows.append(row("service time", overall.serviceTimeMicros))
        if let corrected = overall.correctedLatencyMicros {
            rows.append(row("corrected (\(DurationText.format(micros: overall.expectedIntervalMicros ?? 0)))", corrected))
        }
        for phase in PhaseTimes.names {
            if let summary = overall.phasesMicros[phase], summary.max > 0 { rows.append(row("  " + phase, summary)) }
        }
        out.append(contentsOf: table(rows))
        if result.summary.endpoints.count > 1 || result.scenario != nil {
            out.append("")
            var endpointRows = [["endpoint", "requests", "req/s", "errors", "p50", "p95", "p99", "max"]]
            for e in result.summary.endpoints where e.requests > 0 {
                endpointRows.append([e.name, String(e.requests), format(e.requestsPerSecond), percent(e.errorRate),
                                     DurationText.format(micros: e.latencyMicros.p50),
                                     DurationText.format(micros: e.latencyMicros.p95),
                                     DurationText.format(micros: e.latencyMicros.p99),
                                     DurationText.format(micros: e.latencyMicros.max)])
            }
            out.append(contentsOf: table(endpointRows))
        }
        if let scenario = result.scenario { out.append(contentsOf: ScenarioSummaryText.lines(scenario)) }
        if let data = result.dataQuality { out.append(data.summaryLine) }
        out.append(contentsOf: ThresholdText.lines(result.thresholdRecords))
        out.append(contentsOf: FailureCausesText.lines(result.failures))
        out.append("")
        let g = result.generator
        out.append("generator     cpu \(format(g.cpuSeconds)) s (\(format(g.cpuMicrosPerRequest)) µs/request), busiest thread "
                   + percent(g.cpuBusyFraction.max() ?? 0) + ", send lag p99 " + DurationText.format(micros: g.lagMicros.p99))
        var health = HealthText.lines(g)
        if let local = ErrorKind.localResourcesWarning(errorsByKind: result.summary.overall.errorsByKind) {
            health.insert("WARNING: \(local)", at: g.warnings.count)
        }
        out.append(contentsOf: health)
        return out.joined(separator: "\n") + "\n"
    }

    static func row(_ name: String, _ s: PercentileSummary) -> [String] {
        // Nothing counted (no successful response): no figure rather than zeros that read as "instant".
        guard s.count > 0 else { return [name] + Array(repeating: "-", count: 8) }
        return [name] + [s.min, UInt64(s.mean), s.p50, s.p90, s.p95, s.p99, s.p999, s.max].map { DurationText.format(micros: $0) }
    }

    /// Left-aligns the first column and right-aligns the others.
    static func table(_ rows: [[String]]) -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        var widths = Array(repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
    }

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        if value >= 100 { return String(Int(value.rounded())) }
        return String(Double(Int((value * 10).rounded())) / 10)
    }

    static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "-" }
        return String(Double(Int((fraction * 10_000).rounded())) / 100) + "%"
    }

    static func bytes(_ count: UInt64) -> String {
        let value = Double(count)
        if value >= 1_073_741_824 { return format(value / 1_073_741_824) + " GiB" }
        if value >= 1_048_576 { return format(value / 1_048_576) + " MiB" }
        if value >= 1_024 { return format(value / 1_024) + " KiB" }
        return "\(count) B"
    }
}

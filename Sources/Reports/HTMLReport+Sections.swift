import BenchCore

extension HTMLReport {
    static func thresholdSection(_ thresholds: [ThresholdRecord]) -> String {
        var table = HTMLTable(headers: ["threshold", "result", "observed", "of the limit"], numericFrom: 2)
        for t in thresholds {
            // Nothing observed: the record's reason ("… has no data") stands in the observed column.
            table.add([.text(t.label, cssClass: "name"), .text(t.passed ? "✓ pass" : "✗ fail", cssClass: t.passed ? "good" : "bad"),
                       ThresholdText.observed(t).map { .number($0) } ?? .text(t.detail),
                       .number(ThresholdText.shareOfLimit(t) ?? "-")])
        }
        return "<section><h2>Thresholds</h2>\n" + table.html() + "</section>\n"
    }

    static func latencyTable(_ result: RunResult) -> String {
        var table = HTMLTable(headers: ["", "min", "mean", "p50", "p90", "p95", "p99", "p99.9", "max"])
        func row(_ name: String, _ s: PercentileSummary) {
            table.add([.text(name)] + [Double(s.min), s.mean, Double(s.p50), Double(s.p90), Double(s.p95), Double(s.p99),
                                       Double(s.p999), Double(s.max)].map { .number(NumberText.micros($0)) })
        }
        let o = result.summary.overall
        let latency = result.config.model == .open ? "latency (from schedule)" : "latency"
        row(o.latencyAllMicros == nil ? latency : latency + ", successful", o.latencyMicros)
        if let all = o.latencyAllMicros { row(latency + ", all requests", all) }
        row("service time", o.serviceTimeMicros)
        let labels = ["dns": "DNS", "connect": "connect", "tls": "TLS", "pretransfer": "protocol setup",
                      "firstByte": "first byte", "transfer": "transfer"]
        for phase in PhaseTimes.names {
            if let s = o.phasesMicros[phase], s.max > 0 { row("  " + (labels[phase] ?? phase), s) }
        }
        return table.html()
    }

    static func endpointSection(_ result: RunResult) -> String {
        let isScenario = result.scenario != nil
        var table = HTMLTable(headers: [isScenario ? "step" : "endpoint", "requests", "req/s", "errors", "error rate",
                                        "p50", "p90", "p95", "p99", "max", "status codes"])
        table.numericColumns = Set(1...9)
        for e in result.summary.endpoints {
            let codes = e.statusCodes.sorted { $0.key < $1.key }.map { "\($0.key == "0" ? "none" : $0.key): \($0.value)" }
            let kinds = e.errorsByKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            table.add([.text(e.name, cssClass: "name"), .number(String(e.requests)), .number(NumberText.short(e.requestsPerSecond)),
                       .number(String(e.errors), cssClass: e.errors > 0 ? "bad" : nil), .number(NumberText.percent(e.errorRate)),
                       .number(DurationText.format(micros: e.latencyMicros.p50)), .number(DurationText.format(micros: e.latencyMicros.p90)),
                       .number(DurationText.format(micros: e.latencyMicros.p95)), .number(DurationText.format(micros: e.latencyMicros.p99)),
                       .number(DurationText.format(micros: e.latencyMicros.max)),
                       .text((codes + (kinds.isEmpty ? [] : ["errors: " + kinds.joined(separator: ", ")])).joined(separator: " · "))])
        }
        return "<section><h2>\(isScenario ? "Steps" : "Endpoints")</h2>\n" + table.html() + "</section>\n"
    }

    static func scenarioSection(_ scenario: ScenarioResults) -> String {
        var out = ""
        for (title, list) in [("Flows", scenario.flows), ("Groups", scenario.groups)] where !list.isEmpty {
            var table = HTMLTable(headers: [String(title.dropLast()).lowercased(), "completed", "failed", "interrupted",
                                            "p50", "p95", "p99", "max"])
            for t in list {
                table.add([.text(t.name, cssClass: "name"), .number(String(t.iterations)),
                           .number(String(t.failed), cssClass: t.failed > 0 ? "bad" : nil), .number(String(t.interrupted))]
                          + NumberText.durations(t.durationMicros, \.p50, \.p95, \.p99, \.max).map { .number($0) })
            }
            out += "<section><h2>\(title)</h2>\n" + table.html() + "</section>\n"
        }
        if !scenario.checks.isEmpty {
            // "not run" appears when an iteration ended before a check's step.
            let notRun = scenario.checks.contains { $0.notRun > 0 }
            var table = HTMLTable(headers: ["step", "check", "passed", "failed"] + (notRun ? ["not run"] : []), numericFrom: 2)
            for c in scenario.checks {
                let check = c.name.hasPrefix(c.step + ": ") ? String(c.name.dropFirst(c.step.count + 2)) : c.name
                table.add([.text(c.step, cssClass: "name"), .text(check, cssClass: "name"), .number(String(c.passes)),
                           .number(String(c.fails), cssClass: c.fails > 0 ? "bad" : nil)]
                          + (notRun ? [.number(String(c.notRun), cssClass: c.notRun > 0 ? "bad" : nil)] : []))
            }
            var notReached = ""
            if let steps = scenario.stepsNotReached, !steps.isEmpty {
                notReached = "<p class=\"sub\">Steps never reached (iterations that ended before them): "
                    + Markup.escape(steps.map { "'\($0.step)' ×\(FailureCausesText.count($0.iterations))" }.joined(separator: ", "))
                    + "</p>\n"
            }
            out += "<section><h2>Checks</h2>\n" + table.html() + notReached + "</section>\n"
        }
        return out
    }

    static func generatorSection(_ result: RunResult) -> String {
        let g = result.generator
        var out = "<section><h2>Generator health</h2>\n"
        out += g.measuringTarget
            ? "<p class=\"good\">Healthy: the generator kept up, so the figures describe the target.</p>\n"
            : "<p class=\"bad\">Not healthy: the figures describe the generator's limits, not the target.</p>\n"
        var table = HTMLTable(headers: ["measure", "value"])
        table.narrow = true
        table.add([.text("threads"), .number(String(g.threads))])
        table.add([.text("busiest thread (CPU busy)"), .number(NumberText.percent(g.cpuBusyFraction.max() ?? 0),
                                                              cssClass: g.saturated ? "bad" : nil)])
        table.add([.text("CPU time"), .number(NumberText.short(g.cpuSeconds) + " s")])
        table.add([.text("CPU per request"), .number(NumberText.short(g.cpuMicrosPerRequest) + " µs")])
        table.add([.text("send lag p50 / p99 / max"), .number([g.lagMicros.p50, g.lagMicros.p99, g.lagMicros.max]
            .map { DurationText.format(micros: $0) }.joined(separator: " / "), cssClass: g.behind ? "bad" : nil)])
        table.add([.text("late arrivals"), .number(String(g.lateArrivals))])
        table.add([.text("dropped arrivals"), .number(String(g.droppedArrivals), cssClass: g.droppedArrivals > 0 ? "bad" : nil)])
        out += table.html()
        for w in g.warnings { out += "<p class=\"bad\">⚠ \(Markup.escape(w))</p>\n" }
        return out + "</section>\n"
    }

    static func runSection(_ result: RunResult) -> String {
        let m = result.meta
        let c = result.config
        var out = "<section><h2>Run</h2>\n<dl class=\"meta\">"
        let items: [(String, String)] = [
            ("command", m.commandLine.joined(separator: " ")), ("target", m.target),
            ("start / end", "\(m.startTime) → \(m.endTime)"), ("duration", NumberText.short(m.durationSeconds) + " s"),
            // A sweep's config is its last level's: the load is the sweep's.
            ("load", (result.sweep.flatMap { $0.levels.isEmpty ? nil : SweepHeaderText.describe($0, stepSeconds: c.durationSeconds) }
                      ?? modelText(result)) + ", \(c.threads) thread(s), timeout \(c.timeoutMillis) ms" + (c.http2 ? ", HTTP/2" : "")),
            ("machine", "\(m.machine.hostname), \(m.machine.cores) cores, \(m.machine.os)"),
            ("versions", "crmbench \(m.toolVersion), \(m.curlVersion)"), ("content hash", c.contentHash),
        ]
        for (k, v) in items { out += "<dt>\(Markup.escape(k))</dt><dd><code>\(Markup.escape(v))</code></dd>" }
        out += "</dl>\n"
        if !c.requests.isEmpty {
            var table = HTMLTable(headers: ["request", "method", "URL", "headers (secrets redacted)"], numericFrom: 99)
            for r in c.requests {
                table.add([.text(r.name, cssClass: "name"), .text(r.method), .text(r.url, cssClass: "name"),
                           .text(r.headers.joined(separator: "\n"), cssClass: "name")])
            }
            out += table.html()
        }
        return out + "</section>\n"
    }
}

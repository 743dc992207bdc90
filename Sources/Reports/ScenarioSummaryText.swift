import BenchCore

/// The scenario part of the terminal summary: flows, groups, checks.
enum ScenarioSummaryText {
    static func lines(_ scenario: ScenarioResults) -> [String] {
        var out: [String] = []
        let transactions = scenario.flows.map { ("flow " + $0.name, $0) } + scenario.groups.map { ("group " + $0.name, $0) }
        if !transactions.isEmpty {
            out.append("")
            var rows = [["transaction", "done", "failed", "interrupted", "p50", "p95", "p99", "max"]]
            for (label, t) in transactions {
                rows.append([label, String(t.iterations), String(t.failed), String(t.interrupted)]
                            + NumberText.durations(t.durationMicros, \.p50, \.p95, \.p99, \.max))
            }
            out.append(contentsOf: TerminalSummary.table(rows))
        }
        if !scenario.checks.isEmpty {
            out.append("")
            let passes = scenario.checks.reduce(0) { $0 + $1.passes }
            let total = scenario.checks.reduce(0) { $0 + $1.passes + $1.fails }
            let fails = scenario.checks.reduce(0) { $0 + $1.fails }, notRun = scenario.checks.reduce(0) { $0 + $1.notRun }
            out.append("checks        \(passes)/\(total + notRun) passed"
                       + (fails > 0 || notRun > 0 ? ", \(fails) failed" : "") + (notRun > 0 ? ", \(notRun) not run" : ""))
            for check in scenario.checks where check.fails > 0 || check.notRun > 0 {
                let counts = [check.fails > 0 ? "\(check.fails) failed" : nil, check.notRun > 0 ? "\(check.notRun) not run" : nil]
                out.append("  ✗ \(check.name) — " + counts.compactMap { $0 }.joined(separator: ", "))
            }
        }
        if let notReached = scenario.stepsNotReached, !notReached.isEmpty {
            out.append("steps never reached: " + notReached.map { "'\($0.step)' ×\(FailureCausesText.count($0.iterations))" }
                .joined(separator: ", "))
        }
        return out
    }
}

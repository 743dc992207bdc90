import ArgumentParser
import Foundation
import History
import Runner

/// `crmbench history`: a metric's trend over the recorded runs, with the runs where it shifted.
struct HistoryCommand: RunnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show a metric's trend over the run history and the runs where it shifted (change points).",
        discussion: """
        Change points: E-Divisive means with a permutation test (199 permutations, p ≤ 0.01, seeded).
        Examples:
          crmbench history --import results/
          crmbench history --scenario crm-mixed --metric p95 --last 30 --fail-on-change
        Exit codes: 0 ok, 64 usage, 65 invalid result or history (e.g. a newer schema), 66 unreadable input,
        73 history not writable, 99 --fail-on-change and a change point made the metric worse.
        """
    )

    @Option(help: "Run history database (default results/history.sqlite, or $CRMBENCH_HISTORY).") var history: String?
    @Option(help: "Only this scenario (the run's name); default every scenario recorded.") var scenario: String?
    @Option(help: "Metric: p50, p95, p99 (ms), rps or errors (%).") var metric = "p95"
    @Option(parsing: .unconditional, help: "Only the last N runs of each scenario.") var last: Int?
    @Flag(help: "Exit 99 when a change point makes the metric worse (latency or errors up, throughput down).")
    var failOnChange = false
    @Option(parsing: .upToNextOption, help: "Run folders (or folders of run folders, e.g. results/) to record first.")
    var `import`: [String] = []
    @Option(help: "Label of the imported runs.") var label: String?
    @Option(help: "Write the HTML trend chart here (default: history.html next to the database).") var html: String?

    func validate() throws {
        if let last, !(2...100_000).contains(last) { throw ValidationError("--last must be between 2 and 100000, got \(last)") }
        if HistoryRecord.metrics[metric] == nil {
            throw ValidationError("--metric: unknown metric '\(metric)' (use \(HistoryRecord.metrics.keys.sorted().joined(separator: ", ")))")
        }
    }

    func execute() throws -> ExitCode {
        let path = history ?? RunHistory.path(option: nil, disabled: false) ?? RunHistory.defaultPath
        let shown = try RunHistory.show(path: path, scenario: scenario, metric: metric, last: last, imports: `import`,
                                        label: label, html: html)
        print(shown.text, terminator: "")
        if failOnChange { shown.worse.forEach(Terminal.error) }
        return failOnChange && !shown.worse.isEmpty ? ExitCodes.thresholdsFailed : ExitCodes.success
    }
}

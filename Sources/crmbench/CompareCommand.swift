import ArgumentParser
import BenchCore
import Foundation
import History
import Reports
import Runner

/// `crmbench compare BASELINE CANDIDATE…`: per-metric changes with confidence intervals and verdicts.
struct CompareCommand: RunnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare runs: throughput, error rate and p50/p95/p99 with confidence intervals and verdicts.",
        discussion: """
        Each candidate is compared with the baseline (the first run), overall and per endpoint, flow and group.
        A metric is "improved" or "regressed" only when its confidence interval excludes no change and the change
        is at least --min-effect (latency also 5 µs; error rate 0.1 percentage point); otherwise "no significant
        change". Output is deterministic (seeded resampling).
        Examples:
          crmbench compare results/before results/after
          crmbench compare before/result.json after/result.json --format md --fail-on-regression 5%
          crmbench compare base cand --fail-on-regression p99=10%,rps=5%,errors=0.5% --format html --out compare.html
        Exit codes: 0 ok, 64 usage, 65 a result.json is invalid, 66 a result.json cannot be read,
        99 a significant regression beyond --fail-on-regression.
        """
    )

    @Argument(help: "The baseline run, then one or more candidates (run folders or result.json files).") var runs: [String]
    @Option(help: "Output format: text, md, json or html.") var format = "text"
    @Option(help: "Write the output to this file instead of standard output.") var out: String?
    @Option(parsing: .unconditional, help: "Exit 99 when a metric regresses significantly by more than this: 5%, or per metric p99=10%,rps=5%,errors=0.5% (error rate in percentage points).")
    var failOnRegression: String?
    @Option(parsing: .unconditional, help: "Smallest relative change of throughput or latency that counts (e.g. 5%).") var minEffect = "\(NumberText.short(ComparisonSettings().minRelativeChange * 100))%"
    @Option(parsing: .unconditional, help: "Confidence level of the intervals.") var confidence = ComparisonSettings().confidence
    @Option(parsing: .unconditional, help: "Bootstrap resamples per metric.") var resamples = ComparisonSettings().resamples
    @Option(parsing: .unconditional, help: "Seed of the resampling.") var seed: UInt64 = ComparisonSettings().seed
    @OptionGroup var history: HistoryOptions

    func validate() throws {
        if runs.count < 2 { throw ValidationError("give a baseline and at least one candidate") }
        if ComparisonFormat(rawValue: format) == nil { throw ValidationError("unknown format '\(format)' (use text, md, json or html)") }
        if let problem = failOnRegression.flatMap({ OptionChecks.regressionProblems($0).first }) { throw ValidationError(problem) }
        _ = try settings().mapError { ValidationError($0.message) }.get()
    }

    func settings() -> Result<ComparisonSettings, RunnerError> {
        CompareRun.settings(confidence: confidence, resamples: resamples, seed: seed, minEffect: minEffect)
    }

    func execute() throws -> ExitCode {
        let (text, regressions) = try CompareRun.run(paths: runs, settings: try settings().get(),
                                                     format: ComparisonFormat(rawValue: format) ?? .text,
                                                     policy: try failOnRegression.map(RegressionPolicy.parse))
        if let out { try FileOutput.writeAtomically(text, to: out) } else { FileHandle.standardOutput.write(Data(text.utf8)) }
        regressions.forEach(Terminal.error)
        if let path = history.path {
            do { try RunHistory.recordComparison(paths: runs, regressions: regressions.count, path: path, label: history.label) } catch {
                Terminal.error("warning: the comparison was not recorded in the history: \(error)")
            }
        }
        return regressions.isEmpty ? ExitCodes.success : ExitCodes.thresholdsFailed
    }
}

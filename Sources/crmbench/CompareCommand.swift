import ArgumentParser
import BenchCore
import Foundation
import Reports

/// `crmbench compare BASELINE CANDIDATE…`: per-metric changes with confidence intervals and verdicts.
struct CompareCommand: ParsableCommand {
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
    @Option(help: "Exit 99 when a metric regresses significantly by more than this: 5%, or per metric p99=10%,rps=5%,errors=0.5% (error rate in percentage points).")
    var failOnRegression: String?
    @Option(help: "Smallest relative change of throughput or latency that counts (e.g. 5%).") var minEffect = "\(NumberText.short(ComparisonSettings().minRelativeChange * 100))%"
    @Option(help: "Confidence level of the intervals.") var confidence = ComparisonSettings().confidence
    @Option(help: "Bootstrap resamples per metric.") var resamples = ComparisonSettings().resamples
    @Option(help: "Seed of the resampling.") var seed: UInt64 = ComparisonSettings().seed

    func validate() throws {
        if runs.count < 2 { throw ValidationError("give a baseline and at least one candidate") }
        if ComparisonFormat(rawValue: format) == nil { throw ValidationError("unknown format '\(format)' (use text, md, json or html)") }
        if let failOnRegression {
            do { _ = try RegressionPolicy.parse(failOnRegression) } catch { throw ValidationError("--fail-on-regression: \(error)") }
        }
        let problems = try settings().validate()
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "; ")) }
    }

    func settings() throws -> ComparisonSettings {
        var s = ComparisonSettings()
        s.confidence = confidence
        s.resamples = resamples
        s.seed = seed
        let text = minEffect.hasSuffix("%") ? String(minEffect.dropLast()) : minEffect
        guard let value = Double(text), value >= 0 else { throw ValidationError("--min-effect '\(minEffect)' is not a percentage (e.g. 5%)") }
        s.minRelativeChange = minEffect.hasSuffix("%") ? value / 100 : value
        return s
    }

    func run() throws {
        do {
            let loaded = try runs.map { try ResultFile.load($0) }
            let comparator = RunComparator(settings: try settings())
            let baseline = loaded[0]
            let comparisons = loaded.dropFirst().map { candidate in
                comparator.compare(baseline: baseline.result, candidate: candidate.result,
                                   baselineSource: baseline.file, candidateSource: candidate.file)
            }
            let text = ComparisonReport.render(comparisons, runs: loaded.map(\.result), format: ComparisonFormat(rawValue: format) ?? .text)
            if let out {
                try FileOutput.writeAtomically(text, to: out)
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            throw Self.exitCode(comparisons, policy: try failOnRegression.map(RegressionPolicy.parse), report: { message in
                FileHandle.standardError.write(Data("crmbench: \(message)\n".utf8))
            })
        } catch let failure as CLIFailure {
            FileHandle.standardError.write(Data("crmbench: \(failure.message)\n".utf8))
            throw failure.code
        }
    }

    /// 99 when a policy is given and some candidate regressed beyond it, else 0; each violation is reported.
    static func exitCode(_ comparisons: [RunComparison], policy: RegressionPolicy?, report: (String) -> Void) -> ExitCode {
        guard let policy else { return ExitCodes.success }
        var failed = false
        for c in comparisons {
            for violation in policy.violations(in: c) {
                report("regression in \(c.candidateName): \(violation)")
                failed = true
            }
        }
        return failed ? ExitCodes.thresholdsFailed : ExitCodes.success
    }
}

import Foundation
import BenchCore
import Reports

/// `compare`: loads the runs, compares every candidate with the baseline, renders the comparison, and lists the
/// regressions beyond a policy.
public enum CompareRun {
    /// The comparison settings of the command line; a problem is said in the option's terms.
    public static func settings(confidence: Double, resamples: Int, seed: UInt64, minEffect: String) -> Result<ComparisonSettings, RunnerError> {
        // Named and bounded here, before the statistics see them: a huge --resamples would run for hours.
        if !(confidence > 0.5 && confidence < 1) {
            return .failure(RunnerError("--confidence must be above 0.5 and below 1, e.g. 0.95 (got \(confidence))", kind: .usage))
        }
        if !(100...1_000_000).contains(resamples) {
            return .failure(RunnerError("--resamples must be between 100 and 1000000 (got \(resamples))", kind: .usage))
        }
        var settings = ComparisonSettings()
        settings.confidence = confidence
        settings.resamples = resamples
        settings.seed = seed
        let text = minEffect.hasSuffix("%") ? String(minEffect.dropLast()) : minEffect
        guard let value = Double(text), value >= 0, value <= (minEffect.hasSuffix("%") ? 1_000 : 10) else {
            return .failure(RunnerError("--min-effect '\(minEffect)' is not a percentage from 0% to 1000% (e.g. 5%)", kind: .usage))
        }
        settings.minRelativeChange = minEffect.hasSuffix("%") ? value / 100 : value
        let problems = settings.validate()
        return problems.isEmpty ? .success(settings) : .failure(RunnerError(problems.joined(separator: "; "), kind: .usage))
    }

    /// The rendered comparison of `paths` (the baseline first) and each regression beyond `policy`.
    public static func run(paths: [String], settings: ComparisonSettings, format: ComparisonFormat,
                           policy: RegressionPolicy?) throws -> (text: String, regressions: [String]) {
        let loaded = distinctNames(try paths.map { try ResultFile.load($0) })
        let comparator = RunComparator(settings: settings)
        let baseline = loaded[0]
        let comparisons = loaded.dropFirst().map { candidate in
            comparator.compare(baseline: baseline.result, candidate: candidate.result,
                               baselineSource: baseline.file, candidateSource: candidate.file)
        }
        let text = ComparisonReport.render(comparisons, runs: loaded.map(\.result), format: format)
        let regressions = policy.map { policy in
            comparisons.flatMap { c in policy.violations(in: c).map { "regression in \(c.candidateName): \($0)" } }
        } ?? []
        return (text, regressions)
    }

    /// Runs that share a name (two `--url` runs are both "url") are named by their folders, so the tables and
    /// the charts' legends tell them apart.
    static func distinctNames(_ runs: [(result: RunResult, folder: String, file: String)]) -> [(result: RunResult, folder: String, file: String)] {
        var counts: [String: Int] = [:]
        for run in runs { counts[run.result.meta.name, default: 0] += 1 }
        return runs.map { run in
            guard counts[run.result.meta.name, default: 0] > 1 else { return run }
            var renamed = run
            let folder = (run.folder as NSString).lastPathComponent
            if !folder.isEmpty && folder != "." { renamed.result.meta.name = "\(folder) (\(run.result.meta.name))" }
            return renamed
        }
    }
}

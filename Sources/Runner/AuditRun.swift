import BenchCore
import DataQuality
import Foundation
import LoadEngine

/// The data-quality audit of a run: the write ledger during the load (`run --audit`), the read-back after it, and
/// `crmbench audit RUN_DIR` on a finished run's folder.
public enum AuditRun {
    /// Ledger meta keys: the scenario file and the target, so a later audit can read the same API.
    static let scenarioKey = "scenario", targetKey = "target"

    /// Opens `folder/ledger.sqlite` and attaches it to the scenario's drivers; fails when the source is not a
    /// scenario or declares no `record:`.
    static func attachLedger(to source: LoadSource, folder: String, scenarioPath: String?) throws -> WriteLedger {
        guard let scenario = source as? ScenarioSource else {
            throw RunnerError("--audit needs a scenario file whose steps declare record:", kind: .usage)
        }
        guard !scenario.writeDeclarations.isEmpty else {
            throw RunnerError("--audit: no step of scenario '\(scenario.scenario.name)' declares record: (what it writes)", kind: .usage)
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var meta = [targetKey: scenario.info.target]
        if let scenarioPath { meta[scenarioKey] = URL(fileURLWithPath: scenarioPath).standardizedFileURL.path }
        let ledger: WriteLedger
        do {
            ledger = try WriteLedger(path: folder + "/" + WriteLedger.fileName, meta: meta)
        } catch {
            throw RunnerError("cannot create the write ledger in \(folder): \(error)", kind: .cannotCreateOutput)
        }
        scenario.writeSink = ledger
        return ledger
    }

    /// Closes the ledger and reads every write back; a failure is told and leaves the result without findings
    /// (so a `data.*` threshold fails for want of data rather than passing).
    static func audit(ledger: WriteLedger, source: LoadSource, folder: String, concurrency: Int,
                      tell: @escaping (RunNotice) -> Void) -> DataQualityResult? {
        guard let scenario = source as? ScenarioSource else { return nil }
        do {
            try ledger.close()
            scenario.writeSink = nil
            var settings = Auditor.Settings(target: scenario.info.target)
            (settings.headers, settings.client, settings.concurrency) = (scenario.defaultHeaderLines, scenario.info.client, concurrency)
            settings.timeoutMillis = max(1_000, scenario.info.client.timeoutMillis)
            let auditor = Auditor(declarations: scenario.writeDeclarations, settings: settings)
            let result = try auditor.audit(ledgerPath: folder + "/" + WriteLedger.fileName, progress: progressTeller(tell))
            for problem in result.problems { tell(.warning("audit: \(problem)")) }
            return result
        } catch {
            tell(.warning("audit failed: \(error)"))
            return nil
        }
    }

    /// The read-back's progress as notices, at most one a second and one at the end:
    /// `audit: 12000/200000 records read back (6%), 2400 records/s`.
    static func progressTeller(_ tell: @escaping (RunNotice) -> Void, now: @escaping () -> Date = Date.init) -> (Int, Int) -> Void {
        let started = now()
        var shown = started
        return { done, total in
            let at = now()
            guard done == total || at.timeIntervalSince(shown) >= 1 else { return }
            shown = at
            tell(.progress(progressText(done: done, total: total, seconds: at.timeIntervalSince(started))))
        }
    }

    /// One progress line of the read-back.
    static func progressText(done: Int, total: Int, seconds: Double) -> String {
        let percent = total > 0 ? done * 100 / total : 100
        let rate = seconds > 0 ? Int((Double(done) / seconds).rounded()) : 0
        return "audit: \(done)/\(total) records read back (\(percent)%), \(rate) records/s"
    }

    /// `crmbench audit RUN_DIR`: audits a finished run's ledger against its scenario (or `target`), writes the
    /// findings and the re-judged `data.*` thresholds into its result.json, and returns the result.
    public static func auditFolder(_ folder: String, target: String?, thresholds: [Threshold], concurrency: Int,
                                   tell: @escaping (RunNotice) -> Void) throws -> RunResult {
        let ledgerPath = folder + "/" + WriteLedger.fileName
        guard FileManager.default.fileExists(atPath: ledgerPath) else {
            throw RunnerError("\(folder): no \(WriteLedger.fileName) (run the scenario with --audit to keep one)", kind: .unreadableInput)
        }
        var result = try ResultFile.load(folder).result
        let meta = try WriteLedger.meta(path: ledgerPath)
        guard let scenarioPath = meta[scenarioKey] else {
            throw RunnerError("\(ledgerPath): names no scenario file", kind: .invalidInput)
        }
        var options = RunTarget()
        options.target = target ?? meta[targetKey]
        let source = try ScenarioSource.load(path: scenarioPath, options: options)
        var settings = Auditor.Settings(target: source.info.target)
        (settings.headers, settings.client, settings.concurrency) = (source.defaultHeaderLines, source.info.client, concurrency)
        let findings = try Auditor(declarations: source.writeDeclarations, settings: settings)
            .audit(ledgerPath: ledgerPath, progress: progressTeller(tell))
        for problem in findings.problems { tell(.warning("audit: \(problem)")) }
        result.dataQuality = findings
        let stated = source.thresholds.filter { if case .data = $0.metric { return true } else { return false } } + thresholds
        if !stated.isEmpty {
            let policy = ThresholdPolicy(scenario: stated, commandLine: [], defaults: false, hasIterations: false)
            var lookup = ThresholdLookup(overall: EndpointMetrics(name: "all"), endpoints: [], tally: nil, durationSeconds: 0)
            lookup.dataQuality = findings
            let judged = policy.judge(lookup.value)
            let expressions = Set(judged.map(\.expression))
            result.thresholds = (result.thresholds ?? []).filter { !expressions.contains($0.expression) } + judged
        }
        _ = try RunFolderWriter.write(result, to: folder)
        return result
    }
}

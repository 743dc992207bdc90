import ArgumentParser
import BenchCore
import Runner

/// `crmbench audit RUN_DIR`: reads a finished run's acknowledged writes back and records what it finds.
struct AuditCommand: RunnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the data a run wrote: lost, mutated, duplicated, orphaned records (needs run --audit's ledger).",
        discussion: """
        Reads RUN_DIR/ledger.sqlite (kept by `crmbench run SCENARIO --audit`), reads every acknowledged write back \
        through the scenario's record: paths, and writes `dataQuality` into RUN_DIR/result.json.
        Exit codes: 0 ok, 64 usage, 65 invalid input, 66 unreadable input, 99 a threshold failed.
        """
    )

    @Argument(help: "The run folder.") var runDir: String
    @Option(help: "Base URL replacing the one the run used.") var target: String?
    @Option(help: "Threshold on the findings, e.g. 'data.lost.count == 0' (repeatable).") var threshold: [String] = []
    @Option(parsing: .unconditional, help: "Reads at once, 1 to 256.") var concurrency = 8
    @Flag(help: "Print nothing but errors.") var quiet = false

    func validate() throws {
        if !(1...256).contains(concurrency) { throw ValidationError("--concurrency must be between 1 and 256, got \(concurrency)") }
        for expression in threshold {
            do { _ = try Threshold.parse(expression) } catch { throw ValidationError("--threshold: \(error)") }
        }
    }

    func execute() throws -> ExitCode {
        let result = try AuditRun.auditFolder(runDir, target: target, thresholds: threshold.compactMap { try? Threshold.parse($0) },
                                              concurrency: concurrency, tell: RunOutcome.notice(quiet: quiet))
        let failed = (result.thresholds ?? []).filter { !$0.passed }
        if !quiet, let data = result.dataQuality {
            print(data.summaryLine)
            for record in failed { print("threshold failed: \(record.expression) (\(record.detail))") }
        }
        return failed.isEmpty ? .success : ExitCodes.thresholdsFailed
    }
}

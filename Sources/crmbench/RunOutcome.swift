import ArgumentParser
import BenchCore
import Foundation
import Reports
import Runner

/// What run, sweep and find-max print when a run ends, and the exit code of its verdict.
enum RunOutcome {
    /// Prints the summary (unless quiet) and any problem with the verdict; returns the verdict's exit code.
    static func report(_ written: RunPlan.Written, quiet: Bool, logResult: Bool = false) -> ExitCode {
        let (result, folder) = (written.result, written.folder)
        if logResult, let data = FileManager.default.contents(atPath: folder + "/result.json") {
            print("-----BEGIN CRMBENCH RESULT-----\n" + String(decoding: data, as: UTF8.self) + "\n-----END CRMBENCH RESULT-----")
        }
        if !quiet {
            print(TerminalSummary.render(result), terminator: "")
            if let sweep = result.sweep { print(SweepText.render(sweep)) }
            print("\nresults: \(folder)/result.json")
            if result.sweep == nil && FileManager.default.fileExists(atPath: folder + "/report.html") {
                print("report:  \(folder)/report.html")
            }
        }
        // One verdict for the exit code and junit.xml: the thresholds' outcome is in the result.
        let verdict = RunVerdict(result)
        switch verdict {
        case .feederExhausted, .nothingReceived: Terminal.error(verdict.problem ?? "nothing was measured")
        case .passed, .thresholdsFailed, .abortedOnThreshold, .interrupted: break
        }
        return ExitCodes.code(for: verdict)
    }

    /// Tells the user of warnings, and of a signal unless quiet.
    static func notice(quiet: Bool) -> @Sendable (RunNotice) -> Void {
        { notice in
            switch notice {
            case .warning(let text): Terminal.error("warning: \(text)")
            case .stopping(let text): if !quiet { Terminal.line("\n" + text) }
            case .progress(let text): if !quiet { Terminal.line(text) }
            }
        }
    }

    /// One line on a level of a sweep or find-max, as it ends.
    static func levelPrinter(open: Bool, quiet: Bool) -> (SweepLevel, String?) -> Void {
        { level, note in
            if !quiet { Terminal.line(SweepText.levelLine(level, open: open) + (note.map { "  → " + $0 } ?? "")) }
        }
    }
}

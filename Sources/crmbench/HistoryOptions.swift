import ArgumentParser
import History
import Runner

/// Where run, sweep, find-max and compare record themselves in the run history.
struct HistoryOptions: ParsableArguments {
    @Option(help: "Run history database (default results/history.sqlite, or $CRMBENCH_HISTORY).") var history: String?
    @Flag(help: "Do not record this in the run history.") var noHistory = false
    @Option(help: "Label of the build measured, recorded in the history (default: the git commit, if any).") var label: String?

    var path: String? { RunHistory.path(option: history, disabled: noHistory) }

    /// Records a finished run; a history that cannot be written is a warning, not a failed run.
    func record(_ written: RunPlan.Written) {
        guard let path else { return }
        do { try RunHistory.record(written.result, folder: written.folder, path: path, label: label) } catch {
            Terminal.error("warning: the run was not recorded in the history: \(error)")
        }
    }
}

import ArgumentParser
import BenchCore
import Foundation
import Reports
import Runner

/// `crmbench report RUN_DIR`: re-renders a run's reports from its `result.json` alone.
struct ReportCommand: RunnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Re-render the reports of a run from its result.json.",
        discussion: """
        Writes report.html, summary.md, timeseries.csv and junit.xml into the run folder (or --out).
        Examples:
          crmbench report results/20260101-120000-url
          crmbench report results/20260101-120000-url/result.json --format md --stdout
        Exit codes: 0 ok, 64 usage, 65 result.json is not a valid result, 66 result.json cannot be read.
        """
    )

    @Argument(help: "A run folder, or the path of its result.json.") var runFolder: String
    @Option(help: "Which reports: html, md, csv, junit or all (comma-separated or repeated).") var format: [String] = ["all"]
    @Option(help: "Folder to write the reports into (default: the run folder).") var out: String?
    @Flag(help: "Print the report on standard output instead of writing files (one format only).") var stdout = false

    func validate() throws {
        let formats = try Self.formats(format)
        if stdout && formats.count != 1 { throw ValidationError("--stdout needs exactly one --format (html, md, csv or junit)") }
    }

    func execute() throws -> ExitCode {
        let loaded = try ResultFile.load(runFolder)
        let formats = try Self.formats(format)
        let files = ReportSet.render(loaded.result, formats: formats, plan: try ResultFile.plan(folder: loaded.folder))
        if stdout, let only = formats.first, let text = files[only.fileName] {
            FileHandle.standardOutput.write(Data(text.utf8))
            return ExitCodes.success
        }
        let folder = out ?? loaded.folder
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            let path = (folder as NSString).appendingPathComponent(name)
            try FileOutput.writeAtomically(text, to: path)
            print(path)
        }
        return ExitCodes.success
    }

    static func formats(_ values: [String]) throws -> [ReportFormat] {
        try ReportFormat.parse(values).mapError { ValidationError($0.description) }.get()
    }
}

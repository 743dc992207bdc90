import ArgumentParser
import BenchCore
import Foundation
import Reports
import Runner

/// `crmbench merge`: one result from the results of several generators that ran at the same time.
struct MergeCommand: RunnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the results of several generators run at the same time (distributed load) into one.",
        discussion: "Example: crmbench merge /tmp/run-a /tmp/run-b --out results/merged"
    )

    @Argument(help: "Run folders or result.json files.") var runs: [String]
    @Option(help: "Folder for the merged result and its reports.") var out: String
    @Flag(help: "Print nothing but errors.") var quiet = false

    func validate() throws {
        // The merged result would replace one of the results it is made of.
        let outFolder = URL(fileURLWithPath: out).standardizedFileURL.path
        for run in runs {
            let url = URL(fileURLWithPath: run).standardizedFileURL
            let folder = url.lastPathComponent == "result.json" ? url.deletingLastPathComponent().path : url.path
            if folder == outFolder { throw ValidationError("--out \(out) is one of the runs being merged; give another folder") }
        }
    }

    func execute() throws -> ExitCode {
        let results = try runs.map { try ResultFile.load($0).result }
        let merged: RunResult
        do { merged = try ResultMerger.merge(results, commandLine: CommandLineRedaction.redact(CommandLine.arguments)) } catch {
            throw RunnerError("\(error)", kind: .usage)
        }
        try RunFolderWriter.write(merged, to: out)
        if !quiet {
            print(TerminalSummary.render(merged), terminator: "")
            print("\nresults: \(out)/result.json")
        }
        return ExitCodes.success
    }
}

import ArgumentParser
import BenchCore
import Foundation
import Reports

/// `crmbench report RUN_DIR`: re-renders a run's reports from its `result.json` alone.
struct ReportCommand: ParsableCommand {
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

    func run() throws {
        do {
            let loaded = try ResultFile.load(runFolder)
            let formats = try Self.formats(format)
            let files = ReportSet.render(loaded.result, formats: formats, plan: PlanFile.load(folder: loaded.folder))
            if stdout, let only = formats.first, let text = files[only.fileName] {
                FileHandle.standardOutput.write(Data(text.utf8))
                return
            }
            let folder = out ?? loaded.folder
            for (name, text) in files.sorted(by: { $0.key < $1.key }) {
                let path = (folder as NSString).appendingPathComponent(name)
                do { try FileOutput.writeAtomically(text, to: path) } catch let failure as CLIFailure { throw failure } catch {
                    throw CLIFailure(message: "cannot write \(path): \(error.localizedDescription)", code: ExitCodes.unreadableInput)
                }
                print(path)
            }
        } catch let failure as CLIFailure {
            FileHandle.standardError.write(Data("crmbench: \(failure.message)\n".utf8))
            throw failure.code
        }
    }

    static func formats(_ values: [String]) throws -> [ReportFormat] {
        var result: [ReportFormat] = []
        for value in values.flatMap({ $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() } }) {
            if value == "all" {
                result += ReportFormat.allCases
            } else if let format = ReportFormat(rawValue: value == "markdown" ? "md" : value) {
                result.append(format)
            } else {
                throw ValidationError("unknown report format '\(value)' (use html, md, csv, junit or all)")
            }
        }
        var seen = Set<ReportFormat>()
        return result.filter { seen.insert($0).inserted }
    }
}

extension ExitCodes {
    /// A result.json exists but is not a valid result (not JSON, wrong schema version, missing fields, or figures
    /// that contradict each other).
    static let invalidResult = ExitCode(65)
}

/// Finds, decodes and validates a run's `result.json`, with errors that name the file and the JSON path: the one
/// way `report`, `compare`, `merge` and `plan` read results.
enum ResultFile {
    /// The result at `path` (a run folder or a result.json file), and the folder it lives in.
    static func load(_ path: String) throws -> (result: RunResult, folder: String, file: String) {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        let file = exists && isFolder.boolValue ? (path as NSString).appendingPathComponent("result.json") : path
        guard let data = FileManager.default.contents(atPath: file) else {
            let why = FileManager.default.fileExists(atPath: file) ? "permission denied or not a regular file" : "no such file"
            throw CLIFailure(message: "cannot read \(file): \(why)", code: ExitCodes.unreadableInput)
        }
        let folder = (file as NSString).deletingLastPathComponent
        do {
            return (try ResultCodec.decode(data), folder.isEmpty ? "." : folder, file)
        } catch let problem as ResultCodec.Problem {
            throw CLIFailure(message: problem.message(file: file), code: ExitCodes.invalidResult)
        } catch {
            throw CLIFailure(message: "\(file): \(error)", code: ExitCodes.invalidResult)
        }
    }
}

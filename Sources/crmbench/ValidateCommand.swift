import ArgumentParser
import BenchCore
import Foundation

/// `crmbench validate FILE...`: loads each scenario, prints `OK` or every diagnostic, and exits
/// 0 when all are valid, 65 (EX_DATAERR) when one is invalid, 66 (EX_NOINPUT) when one cannot be read.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file without sending a request.",
        discussion: "Exit status: 0 valid, 65 invalid scenario, 66 unreadable file."
    )

    /// Exit code for a scenario with problems.
    static let invalidExitCode: Int32 = 65
    /// Exit code for a file that cannot be read.
    static let unreadableExitCode: Int32 = 66

    @Argument(help: "Scenario files to check.")
    var files: [String]
    @Option(help: "The target the run will be given (a file may then leave target: out).") var target: String?

    func validate() throws {
        if let target, let problem = TargetURL.problem(target, option: "--target") { throw ValidationError(problem) }
    }

    func run() throws {
        var exitCode: Int32 = 0
        var loader = ValidateCommand.loader
        loader.requiresTarget = target == nil
        for file in files {
            switch loader.load(path: file) {
            case .success(let scenario):
                print("OK: \(file) (\(scenario.flows.count) flows, \(scenario.requestStepCount) steps)")
            case .failure(.unreadable(let path, let reason)):
                printError("\(path): cannot read: \(reason)")
                exitCode = ValidateCommand.unreadableExitCode
            case .failure(.invalid(let diagnostics)):
                for diagnostic in diagnostics { printError(diagnostic.description) }
                if exitCode == 0 { exitCode = ValidateCommand.invalidExitCode }
            }
        }
        if exitCode != 0 { throw ExitCode(exitCode) }
    }

    /// A loader reading from the file system; the only I/O of validation. `run` can reuse it.
    static let loader = ScenarioLoader { path in
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileReadError(message: "no such file")
        }
        guard !isDirectory.boolValue else { throw FileReadError(message: "is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileReadError(message: "permission denied or unreadable")
        }
        defer { try? handle.close() }
        // Bounded, so a device such as /dev/zero cannot make validation read forever; the loader rejects oversize.
        let data = try handle.read(upToCount: ScenarioLoader.maxDataFileBytes + 1) ?? Data()
        return [UInt8](data)
    }
}

/// A file that could not be read, with a short reason.
struct FileReadError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

private func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

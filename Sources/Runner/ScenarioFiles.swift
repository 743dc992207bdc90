import BenchCore
import Foundation

/// Reads scenario files from the file system: the only I/O of scenario validation.
public enum ScenarioFiles {
    /// A loader reading from the file system, bounded so a device such as /dev/zero cannot make it read forever
    /// (the loader rejects oversize files).
    public static var loader: ScenarioLoader { ScenarioLoader { path in
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileReadError(message: "no such file")
        }
        guard !isDirectory.boolValue else { throw FileReadError(message: "is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileReadError(message: "permission denied or unreadable")
        }
        defer { try? handle.close() }
        let data = try handle.read(upToCount: ScenarioLoader.maxDataFileBytes + 1) ?? Data()
        return [UInt8](data)
    } }
}

/// A file that could not be read, with a short reason.
public struct FileReadError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

extension ScenarioFiles {
    /// Loads and validates one scenario file: the scenario, or every diagnostic (one per line, with file and line)
    /// as an `invalidInput` failure, or why the file cannot be read as an `unreadableInput` one.
    public static func check(_ path: String, requiresTarget: Bool) -> Result<Scenario, RunnerError> {
        var reader = loader
        reader.requiresTarget = requiresTarget
        switch reader.load(path: path) {
        case .success(let scenario): return .success(scenario)
        case .failure(.unreadable(let file, let reason)): return .failure(RunnerError("\(file): cannot read: \(reason)", kind: .unreadableInput))
        case .failure(.invalid(let diagnostics)):
            return .failure(RunnerError(diagnostics.map(\.description).joined(separator: "\n"), kind: .invalidInput))
        }
    }
}

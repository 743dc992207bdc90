import BenchCore
import Foundation

/// Reads scenario files from the file system: the only I/O of scenario validation.
public enum ScenarioFiles {
    /// A loader reading from the file system, bounded so a device such as /dev/zero cannot make it read forever
    /// (the loader rejects oversize files).
    public static var loader: ScenarioLoader { ScenarioLoader(readFile: read) }

    /// Reads a scenario or data file, bounded like the loader.
    public static let read: ScenarioFileReader = { path in
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
    }

    /// A reader that keeps a copy of every file it read (a coordinator sends them to its agents).
    public static func recording(into box: FileRecording, base: @escaping ScenarioFileReader = read) -> ScenarioFileReader {
        { path in
            let bytes = try base(path)
            box.add(path, bytes)
            return bytes
        }
    }

    /// A reader of files held in memory, by the paths they were read under; nothing else is readable.
    public static func inMemory(_ files: [String: Data]) -> ScenarioFileReader {
        { path in
            guard let data = files[path] else { throw FileReadError(message: "not among the files the coordinator sent") }
            return [UInt8](data)
        }
    }
}

/// Reads the bytes of a scenario or data file by path.
public typealias ScenarioFileReader = @Sendable (String) throws -> [UInt8]

/// The files a recording reader read, by path.
public final class FileRecording: @unchecked Sendable {  // `files` behind `lock`
    private let lock = NSLock()
    private var store: [String: Data] = [:]
    public init() {}
    func add(_ path: String, _ bytes: [UInt8]) { lock.lock(); store[path] = Data(bytes); lock.unlock() }
    /// Every file read, by the path it was read under.
    public var files: [String: Data] { lock.lock(); defer { lock.unlock() }; return store }
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

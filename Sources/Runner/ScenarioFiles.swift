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

extension ScenarioFiles {
    /// A scenario and every data file it reads, each by its path under the scenario's folder, for pods that see
    /// only that folder (`k8s manifest`). Validates the scenario first.
    public static func bundle(_ path: String, requiresTarget: Bool) throws
        -> (scenario: KubernetesManifest.File, data: [KubernetesManifest.File], environment: [String]) {
        let box = FileRecording()
        var loader = ScenarioLoader(readFile: ScenarioFiles.recording(into: box))
        loader.requiresTarget = requiresTarget
        let environment: [String]
        switch loader.load(path: path) {
        case .success(let scenario): environment = scenario.referencedEnvNames.sorted()
        case .failure(.unreadable(let file, let reason)): throw RunnerError("\(file): cannot read: \(reason)", kind: .unreadableInput)
        case .failure(.invalid(let diagnostics)):
            throw RunnerError(diagnostics.map(\.description).joined(separator: "\n"), kind: .invalidInput)
        }
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var data: [KubernetesManifest.File] = []
        for (file, bytes) in box.files.sorted(by: { $0.key < $1.key }) where file != path {
            let relative = folder.isEmpty ? file : (file.hasPrefix(folder + "/") ? String(file.dropFirst(folder.count + 1)) : file)
            guard let text = String(data: bytes, encoding: .utf8) else {
                throw RunnerError("\(file): not UTF-8 text; a ConfigMap holds text data files only", kind: .invalidInput)
            }
            data.append(KubernetesManifest.File(path: relative, content: text))
        }
        let scenarioText = String(decoding: box.files[path] ?? Data(), as: UTF8.self)
        return (KubernetesManifest.File(path: name, content: scenarioText), data, environment)
    }
}

import Foundation

extension FileOutput {
    /// Where a file was saved: the path asked for, or a fallback after that one failed.
    public struct SavedFile: Sendable, Equatable {
        /// Where the file is now.
        public let path: String
        /// Why the path asked for could not be written; nil when it was.
        public let failure: String?

        /// Whether the file went somewhere other than where it was asked to go.
        public var fellBack: Bool { failure != nil }
    }

    /// Writes `data` to `path`; when that fails (after a load: the disk filled, the folder went away), writes the
    /// same file under the first fallback folder that takes it, so a measured result is never lost. Returns where
    /// it went, for the caller to print. Throws only when every place failed, naming each with its reason.
    ///
    /// The fallbacks are `$TMPDIR/crmbench-<pid>-<UTC time>/` (else `/tmp/…`) and then the same name in the current
    /// folder; a fallback folder this call created is removed again when the write into it fails.
    public static func writeWithFallback(_ data: Data, to path: String, fallbackFolders: [String]? = nil) throws -> SavedFile {
        let firstFailure: RunnerError
        do {
            try writeAtomically(data, to: path)
            return SavedFile(path: path, failure: nil)
        } catch let error as RunnerError {
            firstFailure = error
        }
        let name = path.isEmpty ? "result.json" : URL(fileURLWithPath: path).lastPathComponent
        var failures = [firstFailure.message]
        for folder in fallbackFolders ?? defaultFallbackFolders() {
            let created = !FileManager.default.fileExists(atPath: folder)
            do {
                try writeAtomically(data, to: folder + "/" + name)
                return SavedFile(path: folder + "/" + name, failure: firstFailure.message)
            } catch let error as RunnerError {
                failures.append(error.message)
                if created { rmdir(folder) }
            }
        }
        throw RunnerError(failures.joined(separator: "; also "), kind: .cannotCreateOutput)
    }

    /// `writeWithFallback` for text (UTF-8).
    public static func writeWithFallback(_ text: String, to path: String, fallbackFolders: [String]? = nil) throws -> SavedFile {
        try writeWithFallback(Data(text.utf8), to: path, fallbackFolders: fallbackFolders)
    }

    /// The fallback folders of this process, in the order they are tried.
    public static func defaultFallbackFolders(environment: [String: String] = ProcessInfo.processInfo.environment,
                                              currentFolder: String = FileManager.default.currentDirectoryPath,
                                              processID: Int32 = getpid(), date: Date = Date()) -> [String] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let name = "crmbench-\(processID)-\(formatter.string(from: date))"
        var temporary = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        while temporary.count > 1, temporary.hasSuffix("/") { temporary.removeLast() }
        let inTemporary = (temporary == "/" ? "" : temporary) + "/" + name
        let inCurrent = (currentFolder == "/" ? "" : currentFolder) + "/" + name
        return inTemporary == inCurrent ? [inTemporary] : [inTemporary, inCurrent]
    }
}

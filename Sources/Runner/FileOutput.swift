import Foundation

/// Writes files atomically (temp file in the same folder, then rename) and names run folders.
public enum FileOutput {
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try data.write(to: temp)
        } catch {
            throw RunnerError("cannot write \(path): \(reason(error))", kind: .cannotCreateOutput)
        }
        if rename(temp.path, url.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: temp)
            throw RunnerError("cannot write \(path): \(String(cString: strerror(code)))", kind: .cannotCreateOutput)
        }
    }

    /// Checks before any load that `folder` can be created and written to, so a bad `--out` does not lose a run.
    /// Nothing is created: the nearest folder that exists is probed, so a check that fails leaves no empty folder.
    /// Messages name `subject` (default: the folder), e.g. the file to be written in it.
    public static func ensureWritableFolder(_ folder: String, option: String, subject: String? = nil) throws {
        let named = "\(option) \(subject ?? folder)"
        var existing = URL(fileURLWithPath: folder).standardizedFileURL
        var isFolder: ObjCBool = false
        while !FileManager.default.fileExists(atPath: existing.path, isDirectory: &isFolder) {
            let parent = existing.deletingLastPathComponent()
            if parent.path == existing.path { break }
            existing = parent
        }
        guard isFolder.boolValue else {
            throw RunnerError("\(named): cannot create the folder: \(existing.path) is a file", kind: .cannotCreateOutput)
        }
        // A probe file, not access(2): root passes access() on folders such as /proc that refuse new files.
        let probe = existing.path + "/.crmbench-probe-\(ProcessInfo.processInfo.processIdentifier)"
        let fd = open(probe, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        if fd >= 0 { close(fd); unlink(probe) }
        guard fd >= 0 else {
            let code = errno
            throw RunnerError("\(named): cannot write there: \(String(cString: strerror(code)))", kind: .cannotCreateOutput)
        }
    }

    /// Checks before any load that the file `path` can be written (its folder can be created and written to).
    public static func ensureWritableFile(_ path: String, option: String) throws {
        try ensureWritableFolder(URL(fileURLWithPath: path).deletingLastPathComponent().path, option: option, subject: path)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw RunnerError("\(option) \(path): is a folder, not a file", kind: .cannotCreateOutput)
        }
    }

    /// The operating system's reason for a file error ("Permission denied"), not the raw NSError text.
    public static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        switch ns.code {
        case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied"
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or folder"
        case NSFileWriteOutOfSpaceError: return "no space left on the device"
        case NSFileWriteVolumeReadOnlyError: return "read-only file system"
        default: return "could not be written (error \(ns.code))"
        }
    }

    public static func writeAtomically(_ text: String, to path: String) throws {
        try writeAtomically(Data(text.utf8), to: path)
    }

    /// `results/<UTC timestamp>-<name>` below the current folder.
    public static func defaultRunFolder(name: String, date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let safe = name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }
        return "results/\(formatter.string(from: date))-\(String(safe).prefix(60))"
    }

    public static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

import Foundation

/// Writes files atomically (temp file in the same folder, fsync, rename) and names run folders; checks outputs
/// before any load so that a bad path never costs a run, and saves a measured result elsewhere when its folder fails.
public enum FileOutput {
    /// Writes `data` to `path` so that a reader sees the old file or the whole new one: a temporary file in the same
    /// folder is written, flushed to disk and renamed over `path`, then the folder is flushed. On any failure the
    /// temporary file is removed. An existing `path` that is not a regular file (a FIFO, a link, a device) is left
    /// alone and refused.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        if let problem = OutputCheck.nameProblem(path) {
            throw RunnerError("cannot write \(path.isEmpty ? "''" : path): \(problem)", kind: path.isEmpty ? .usage : .cannotCreateOutput)
        }
        if let kind = OutputCheck.nonRegularKind(path) {
            throw RunnerError("cannot write \(path): it is \(kind), not a regular file, and was left as it is", kind: .usage)
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw RunnerError("cannot write \(path): \(reason(error))", kind: .cannotCreateOutput)
        }
        // Named from the file (shortened: the name may already be near NAME_MAX), and unique to this write.
        let stem = String(decoding: url.lastPathComponent.utf8.prefix(100), as: UTF8.self)
        let temp = folder + "/.\(stem).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        if let code = writeFlushed(data, to: temp) {
            unlink(temp)
            throw RunnerError("cannot write \(path): \(String(cString: strerror(code)))", kind: .cannotCreateOutput)
        }
        if rename(temp, path) != 0 {
            let code = errno
            unlink(temp)
            throw RunnerError("cannot write \(path): \(String(cString: strerror(code)))", kind: .cannotCreateOutput)
        }
        // The rename is durable once the folder is flushed; a file system that cannot flush a folder has written
        // the file all the same, so that failure is not reported.
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Creates `path` (which must not exist), writes all of `data` and flushes it to disk; the error number of the
    /// first step that failed, or nil.
    private static func writeFlushed(_ data: Data, to path: String) -> Int32? {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return errno }
        var failure: Int32?
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0, failure == nil { failure = errno }
        return failure
    }

    /// Checks before any load that `folder` can be created and written to, so a bad `--out` does not lose a run.
    /// Nothing is created: the nearest folder that exists is probed, so a check that fails leaves no empty folder.
    /// Refused: an empty path (usage); a name longer than NAME_MAX or a path longer than PATH_MAX, a folder that
    /// cannot be created or written, or a file system with less than `requiredBytes` free (cannot create output).
    /// Messages name `subject` (default: the folder), e.g. the file to be written in it.
    public static func ensureWritableFolder(_ folder: String, option: String, subject: String? = nil,
                                            requiredBytes: UInt64 = OutputCheck.baseRunBytes) throws {
        guard !folder.isEmpty else { throw RunnerError("\(option) must name a folder; it is empty", kind: .usage) }
        let named = "\(option) \(subject ?? folder)"
        if let problem = OutputCheck.nameProblem(folder) {
            throw RunnerError("\(named): \(problem)", kind: .cannotCreateOutput)
        }
        let existing = OutputCheck.nearestExisting(folder)
        guard existing.isFolder else {
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
        if let problem = OutputCheck.spaceProblem(requiredBytes: requiredBytes,
                                                  availableBytes: OutputCheck.availableBytes(in: existing.path)) {
            throw RunnerError("\(named): \(problem)", kind: .cannotCreateOutput)
        }
        if !OutputCheck.hasFreeInodes(in: existing.path) {
            throw RunnerError("\(named): its file system has no room for new files (no free inodes)", kind: .cannotCreateOutput)
        }
    }

    /// Checks before any load that the file `path` can be written: not empty, not an existing FIFO, link, device or
    /// socket (usage: such a target is never replaced), and its folder can be created and written to with
    /// `requiredBytes` free.
    public static func ensureWritableFile(_ path: String, option: String,
                                          requiredBytes: UInt64 = OutputCheck.summaryExportBytes) throws {
        guard !path.isEmpty else { throw RunnerError("\(option) must name a file; it is empty", kind: .usage) }
        if let kind = OutputCheck.nonRegularKind(path) {
            if kind == "a folder" {
                throw RunnerError("\(option) \(path): is a folder, not a file", kind: .cannotCreateOutput)
            }
            throw RunnerError("\(option) \(path): it is \(kind), not a regular file; it is left as it is", kind: .usage)
        }
        if let problem = OutputCheck.nameProblem(path) {
            throw RunnerError("\(option) \(path): \(problem)", kind: .cannotCreateOutput)
        }
        try ensureWritableFolder(URL(fileURLWithPath: path).deletingLastPathComponent().path, option: option, subject: path,
                                 requiredBytes: requiredBytes)
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

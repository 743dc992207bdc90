import Foundation

/// The checks an output path passes before any load: a usable name within the system's limits, an existing target
/// that is a regular file, and room on its file system. Everything here only looks; nothing is created.
public enum OutputCheck {
    /// Longest file or folder name, in bytes (Linux NAME_MAX).
    public static let maxNameBytes = 255
    /// Longest path, in bytes, without the terminating NUL (Linux PATH_MAX is 4096 with it).
    public static let maxPathBytes = 4095
    /// What a run folder needs with no endpoints: result.json's fixed part and the reports (HTML with SVG charts).
    public static let baseRunBytes: UInt64 = 2 << 20
    /// What each endpoint adds: its histograms in result.json and its rows in every report.
    public static let bytesPerEndpoint: UInt64 = 64 << 10
    /// What each measured second adds: one time-series point in result.json, the CSV and the charts.
    public static let bytesPerSecond: UInt64 = 1 << 10
    /// What a summary export (`--summary-export`) needs at most, with room to spare.
    public static let summaryExportBytes: UInt64 = 256 << 10

    /// A conservative estimate of the space a run's outputs take: `baseRunBytes`, plus `bytesPerEndpoint` for each
    /// endpoint and `bytesPerSecond` for each second (all levels of a sweep together).
    public static func estimatedRunBytes(endpoints: Int, durationSeconds: Double) -> UInt64 {
        let seconds = durationSeconds.isFinite ? UInt64(max(0, durationSeconds.rounded(.up)).clamped(to: 1e9)) : 0
        return baseRunBytes + UInt64(max(0, endpoints)) * bytesPerEndpoint + seconds * bytesPerSecond
    }

    /// What is wrong with `path` as a name, before anything is created: empty, a name longer than NAME_MAX, or a
    /// path longer than PATH_MAX once made absolute against `currentFolder`. Nil when none of these.
    public static func nameProblem(_ path: String, currentFolder: String = FileManager.default.currentDirectoryPath) -> String? {
        if path.isEmpty { return "the path is empty" }
        if path.utf8.contains(0) { return "the path contains a NUL byte" }
        if let long = path.split(separator: "/").first(where: { $0.utf8.count > maxNameBytes }) {
            return "the name \(abbreviated(String(long))) is \(long.utf8.count) bytes long; the limit is \(maxNameBytes)"
        }
        let absolute = path.hasPrefix("/") ? path : currentFolder + "/" + path
        if absolute.utf8.count > maxPathBytes {
            return "the path is \(absolute.utf8.count) bytes long; the limit is \(maxPathBytes)"
        }
        return nil
    }

    /// What an existing `path` is when it is not a regular file (a FIFO, a symbolic link, a device, a socket, a
    /// folder), without following links; nil when it is a regular file or does not exist.
    public static func nonRegularKind(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFLNK: return "a symbolic link"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFDIR: return "a folder"
        default: return "not a regular file"
        }
    }

    /// The nearest folder of `path` (itself or an ancestor) that exists, following links; with what stands in the
    /// way when the nearest existing ancestor is not a folder.
    public static func nearestExisting(_ path: String) -> (path: String, isFolder: Bool) {
        var existing = URL(fileURLWithPath: path).standardizedFileURL
        var isFolder: ObjCBool = false
        while !FileManager.default.fileExists(atPath: existing.path, isDirectory: &isFolder) {
            let parent = existing.deletingLastPathComponent()
            if parent.path == existing.path { break }
            existing = parent
        }
        return (existing.path, isFolder.boolValue)
    }

    /// Bytes an unprivileged writer may still use on the file system holding `folder` (root: every free byte), or
    /// nil when the system cannot tell.
    public static func availableBytes(in folder: String) -> UInt64? {
        var info = statvfs()
        guard statvfs(folder, &info) == 0 else { return nil }
        let blocks = geteuid() == 0 ? UInt64(info.f_bfree) : UInt64(info.f_bavail)
        let blockSize = UInt64(info.f_frsize != 0 ? info.f_frsize : info.f_bsize)
        let (bytes, overflow) = blocks.multipliedReportingOverflow(by: blockSize)
        return overflow ? .max : bytes
    }

    /// Whether there are free inodes for new files on the file system of `folder`; true when the system cannot tell
    /// or the file system does not count them (f_files 0).
    public static func hasFreeInodes(in folder: String) -> Bool {
        var info = statvfs()
        guard statvfs(folder, &info) == 0, info.f_files > 0 else { return true }
        return info.f_favail > 0
    }

    /// The problem with writing `requiredBytes` where only `availableBytes` remain; nil when they fit.
    public static func spaceProblem(requiredBytes: UInt64, availableBytes: UInt64?) -> String? {
        guard let availableBytes, availableBytes < requiredBytes else { return nil }
        return "only \(sizeText(availableBytes)) free on its file system; the outputs need about \(sizeText(requiredBytes))"
    }

    /// `512 bytes`, `64.0 KB`, `2.1 MB`, `3.4 GB` (powers of 1024).
    public static func sizeText(_ bytes: UInt64) -> String {
        let units = ["KB", "MB", "GB", "TB"]
        guard bytes >= 1024 else { return "\(bytes) bytes" }
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        return String(format: "%.1f", value) + " " + units[unit]
    }

    /// A long name shortened for a message: its first 40 characters and the count of the rest.
    static func abbreviated(_ name: String) -> String {
        name.count <= 48 ? "'\(name)'" : "'\(name.prefix(40))…' (\(name.count) characters)"
    }
}

private extension Double {
    func clamped(to upper: Double) -> Double { Swift.min(self, upper) }
}

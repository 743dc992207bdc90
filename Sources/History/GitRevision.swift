import Foundation

/// The git commit checked out in a folder or one above it, read from `.git` directly (HEAD, the ref's file or
/// packed-refs; a worktree's `.git` file points to its own git folder): no `git` process per run.
public enum GitRevision {
    /// The full commit hash, or nil outside a git working tree (or when HEAD cannot be resolved).
    public static func current(in start: String = FileManager.default.currentDirectoryPath) -> String? {
        var folder = URL(fileURLWithPath: start).standardizedFileURL
        for _ in 0..<64 {
            let dotGit = folder.appendingPathComponent(".git")
            if let gitDir = gitDirectory(dotGit) { return resolveHEAD(gitDir) }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
        return nil
    }

    /// `.git` as a folder, or the folder a `.git` file (`gitdir: …`) names.
    static func gitDirectory(_ dotGit: URL) -> URL? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dotGit.path, isDirectory: &isFolder) else { return nil }
        if isFolder.boolValue { return dotGit }
        guard let text = try? String(contentsOf: dotGit, encoding: .utf8), text.hasPrefix("gitdir:") else { return nil }
        let path = text.dropFirst("gitdir:".count).trimmingCharacters(in: .whitespacesAndNewlines)
        return URL(fileURLWithPath: path, relativeTo: dotGit.deletingLastPathComponent()).standardizedFileURL
    }

    static func resolveHEAD(_ gitDir: URL) -> String? {
        guard let head = read(gitDir.appendingPathComponent("HEAD")) else { return nil }
        guard head.hasPrefix("ref:") else { return isHash(head) ? head : nil }
        let ref = head.dropFirst(4).trimmingCharacters(in: .whitespaces)
        // A linked worktree keeps its HEAD but shares the refs of the main git folder (`commondir`).
        let common = read(gitDir.appendingPathComponent("commondir"))
            .map { URL(fileURLWithPath: $0, relativeTo: gitDir).standardizedFileURL } ?? gitDir
        for folder in [gitDir, common] {
            if let hash = read(folder.appendingPathComponent(ref)), isHash(hash) { return hash }
        }
        let packed = read(common.appendingPathComponent("packed-refs")) ?? ""
        for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
            let hash = String(line.prefix { $0 != " " })
            if isHash(hash) { return hash }
        }
        return nil
    }

    private static func read(_ url: URL) -> String? {
        (try? String(contentsOf: url, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func isHash(_ text: String) -> Bool {
        text.count >= 40 && text.allSatisfy(\.isHexDigit)
    }
}

import Foundation
import Testing

/// Outputs are checked before any load: an empty, special or impossible path ends `crmbench run` at once, with
/// nothing created and nothing replaced. (127.0.0.1:1 would otherwise be loaded for the default 10 s.)
@Suite(.serialized) struct OutputCheckIntegrationTests {
    static let url = "http://127.0.0.1:1/"

    /// `--out ''` once wrote result.json and the reports into `/`.
    @Test func anEmptyOutFolderIsAUsageError() throws {
        let started = Date()
        let run = try CLI.run(["run", "--url", Self.url, "--quiet", "--out", ""], timeoutSeconds: 20)
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("--out must name a folder; it is empty"), "\(run.stderr)")
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func anEmptySummaryExportIsAUsageError() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try CLI.run(["run", "--url", Self.url, "--quiet", "--out", dir + "/run", "--summary-export", ""],
                              timeoutSeconds: 20)
        #expect(run.status == 64, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/run"))
    }

    /// A FIFO given as `--summary-export` stays a FIFO (it used to be replaced by a regular file).
    @Test func aFIFOSummaryExportIsRefusedAndLeftAlone() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fifo = dir + "/summary.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let started = Date()
        let run = try CLI.run(["run", "--url", Self.url, "--quiet", "--out", dir + "/run", "--summary-export", fifo],
                              timeoutSeconds: 20)
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("--summary-export \(fifo): it is a FIFO, not a regular file"), "\(run.stderr)")
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(fileType(fifo) == S_IFIFO)
        #expect(!FileManager.default.fileExists(atPath: dir + "/run"))
    }

    /// A symbolic link given as `--summary-export` is refused: the link stays, and its target keeps its content.
    @Test func aLinkSummaryExportIsRefusedAndItsTargetUntouched() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/target.json", link = dir + "/link.json"
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: target))
        #expect(symlink(target, link) == 0)
        let run = try CLI.run(["run", "--url", Self.url, "--quiet", "--out", dir + "/run", "--summary-export", link],
                              timeoutSeconds: 20)
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("it is a symbolic link"), "\(run.stderr)")
        #expect(fileType(link) == S_IFLNK)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me")
    }

    /// A folder name over NAME_MAX (255 bytes) or a path over PATH_MAX is refused before the load, and no part of
    /// the folder chain is created.
    @Test(arguments: [
        "/a/" + String(repeating: "n", count: 300) + "/run",
        String(repeating: "/" + String(repeating: "d", count: 200), count: 25),
    ])
    func anImpossibleFolderIsRefusedBeforeTheLoad(suffix: String) throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let started = Date()
        let run = try CLI.run(["run", "--url", Self.url, "--quiet", "--out", dir + suffix], timeoutSeconds: 20)
        #expect(run.status == 73, "\(run.stderr)")
        #expect(run.stderr.contains("bytes long; the limit is"), "\(run.stderr)")
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    /// A 64 KiB file system cannot hold a run folder: refused before the load, and nothing is left on it.
    @Test(.enabled(if: geteuid() == 0, "mounting a tmpfs needs root (CAP_SYS_ADMIN)"))
    func aFullDiskIsRefusedBeforeTheLoad() throws {
        let disk = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: disk) }
        guard Self.tool("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", disk]) else {
            // Root without CAP_SYS_ADMIN (a container): nothing to check here.
            withKnownIssue("mount -t tmpfs was not permitted", isIntermittent: true) { Issue.record("no tmpfs") }
            return
        }
        defer { _ = Self.tool("/usr/bin/umount", [disk]) }
        let elsewhere = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        for extra in [["--out", disk + "/run"], ["--out", elsewhere + "/run", "--summary-export", disk + "/s.json"]] {
            let started = Date()
            let run = try CLI.run(["run", "--url", Self.url, "--quiet"] + extra, timeoutSeconds: 20)
            #expect(run.status == 73, "\(run.stderr)")
            #expect(run.stderr.contains("free on its file system"), "\(run.stderr)")
            #expect(Date().timeIntervalSince(started) < 5)
            #expect(try FileManager.default.contentsOfDirectory(atPath: disk).isEmpty)
        }
    }

    private func fileType(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    static func tool(_ path: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

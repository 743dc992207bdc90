import Foundation
import Testing
@testable import Runner

/// Writing outputs: atomically, never over a FIFO, link or device, never leaving a temporary file, and never losing
/// a result when its folder cannot take it.
struct FileOutputTests {
    @Test func aWriteReplacesTheFileAndLeavesNoTemporaryFile() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileOutput.writeAtomically("old", to: dir + "/a/b/result.json")
        try FileOutput.writeAtomically("new", to: dir + "/a/b/result.json")
        #expect(try String(contentsOfFile: dir + "/a/b/result.json", encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/a/b") == ["result.json"])
    }

    @Test func aFIFOOrALinkIsNeverReplaced() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("keep".utf8).write(to: URL(fileURLWithPath: dir + "/target"))
        #expect(mkfifo(dir + "/fifo", 0o600) == 0)
        #expect(symlink(dir + "/target", dir + "/link") == 0)
        for path in [dir + "/fifo", dir + "/link"] {
            #expect(throws: RunnerError.self) { try FileOutput.writeAtomically("new", to: path) }
            #expect(throws: RunnerError.self) { try FileOutput.ensureWritableFile(path, option: "--summary-export") }
            do {
                try FileOutput.ensureWritableFile(path, option: "--summary-export")
            } catch let error as RunnerError {
                #expect(error.kind == .usage)
                #expect(error.message.contains("--summary-export \(path)"))
            }
        }
        #expect(OutputCheck.nonRegularKind(dir + "/fifo") == "a FIFO")
        #expect(OutputCheck.nonRegularKind(dir + "/link") == "a symbolic link")
        #expect(try String(contentsOfFile: dir + "/target", encoding: .utf8) == "keep")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["fifo", "link", "target"])
    }

    @Test(arguments: ["", "/dev/full", "/dev/null"])
    func emptyPathsAndDevicesAreUsageErrors(path: String) {
        do {
            try FileOutput.ensureWritableFile(path, option: "--summary-export")
            Issue.record("\(path) was accepted")
        } catch let error as RunnerError {
            #expect(error.kind == .usage, "\(error.message)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func anEmptyFolderIsAUsageError() {
        #expect(throws: RunnerError.self) { try FileOutput.ensureWritableFolder("", option: "--out") }
        do {
            try FileOutput.ensureWritableFolder("", option: "--out")
        } catch let error as RunnerError {
            #expect(error.kind == .usage)
            #expect(error.message == "--out must name a folder; it is empty")
        } catch {}
    }

    /// A name over NAME_MAX is refused before anything is created: no empty folder chain is left.
    @Test func aTooLongNameIsRefusedBeforeAnythingIsCreated() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let long = dir + "/x/" + String(repeating: "a", count: 300) + "/run"
        for check in [{ try FileOutput.ensureWritableFolder(long, option: "--out") },
                      { try FileOutput.ensureWritableFile(long + "/s.json", option: "--summary-export") },
                      { try FileOutput.writeAtomically("data", to: long + "/result.json") }] {
            do {
                try check()
                Issue.record("accepted")
            } catch let error as RunnerError {
                #expect(error.kind == .cannotCreateOutput)
                #expect(error.message.contains("300 bytes long"), "\(error.message)")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func aFailedWriteFallsBackAndSaysWhere() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("a file".utf8).write(to: URL(fileURLWithPath: dir + "/blocker"))
        // The run folder cannot be made (a file is in the way), nor can the first fallback.
        let saved = try FileOutput.writeWithFallback("{\"result\":1}", to: dir + "/blocker/run/result.json",
                                                     fallbackFolders: [dir + "/blocker/fallback", dir + "/saved"])
        #expect(saved.path == dir + "/saved/result.json")
        #expect(saved.fellBack)
        #expect(saved.failure?.contains("cannot write \(dir)/blocker/run/result.json") == true, "\(saved.failure ?? "")")
        #expect(try String(contentsOfFile: saved.path, encoding: .utf8) == "{\"result\":1}")

        let direct = try FileOutput.writeWithFallback("x", to: dir + "/run/result.json", fallbackFolders: [dir + "/unused"])
        #expect(direct == FileOutput.SavedFile(path: dir + "/run/result.json", failure: nil))
        #expect(!FileManager.default.fileExists(atPath: dir + "/unused"))
    }

    @Test func whenEveryPlaceFailsTheErrorNamesEachOne() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("a file".utf8).write(to: URL(fileURLWithPath: dir + "/blocker"))
        do {
            _ = try FileOutput.writeWithFallback("x", to: dir + "/blocker/result.json", fallbackFolders: [dir + "/blocker/b"])
            Issue.record("written")
        } catch let error as RunnerError {
            #expect(error.kind == .cannotCreateOutput)
            #expect(error.message.contains("\(dir)/blocker/result.json") && error.message.contains("also cannot write \(dir)/blocker/b/result.json"),
                    "\(error.message)")
        }
    }

    /// On a full file system the write fails, no temporary file is left, and the result is saved elsewhere.
    @Test(.enabled(if: TinyDisk.canMount, "mounting a tmpfs needs root (CAP_SYS_ADMIN)"))
    func aFullDiskLeavesNoTemporaryFileAndTheResultIsSavedElsewhere() throws {
        let disk = try #require(TinyDisk())
        defer { disk.unmount() }
        let big = Data(repeating: 0x2A, count: 256 << 10)
        #expect(throws: RunnerError.self) { try FileOutput.writeAtomically(big, to: disk.path + "/run/result.json") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path + "/run").isEmpty)
        #expect(throws: RunnerError.self) { try FileOutput.ensureWritableFolder(disk.path + "/run2", option: "--out") }
        #expect(!FileManager.default.fileExists(atPath: disk.path + "/run2"))

        let elsewhere = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        let saved = try FileOutput.writeWithFallback(big, to: disk.path + "/run/result.json",
                                                     fallbackFolders: [disk.path + "/fallback", elsewhere + "/saved"])
        #expect(saved.path == elsewhere + "/saved/result.json")
        #expect(try Data(contentsOf: URL(fileURLWithPath: saved.path)) == big)
        // The fallback on the full disk was tried, failed and removed again.
        #expect(!FileManager.default.fileExists(atPath: disk.path + "/fallback"))
    }
}

/// A 64 KiB tmpfs mounted for one test (root only).
struct TinyDisk {
    let path: String

    init?() {
        path = temporaryFolder()
        guard Self.run("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", path]) else {
            try? FileManager.default.removeItem(atPath: path)
            return nil
        }
    }

    func unmount() {
        _ = Self.run("/usr/bin/umount", [path])
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Whether this process may mount one: tried once.
    static let canMount: Bool = {
        guard geteuid() == 0, let disk = TinyDisk() else { return false }
        disk.unmount()
        return true
    }()

    static func run(_ tool: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

import Foundation
import Testing
@testable import Runner

@Suite("Access-log reader")
struct LogFileReaderTests {
    static func lines(of path: String) throws -> [String] {
        var lines: [String] = []
        try LogFileReader(path: path).forEachLine { lines.append(String(decoding: $0, as: UTF8.self)) }
        return lines
    }

    static func gzip(_ text: String, to path: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-c"]
        let input = Pipe(), output = Pipe()
        (process.standardInput, process.standardOutput) = (input, output)
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let handle = FileHandle(forWritingAtPath: path) ?? {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)!
        }()
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
        try handle.close()
    }

    @Test func plainAndGzipGiveTheSameLines() throws {
        let dir = NSTemporaryDirectory() + "logreader-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Enough lines to span several chunks, and a last line without its newline.
        let text = (0..<60_000).map { "line \($0) " + String(repeating: "x", count: $0 % 50) }.joined(separator: "\n")
        try text.write(toFile: dir + "/plain.log", atomically: true, encoding: .utf8)
        try Self.gzip(text + "\n", to: dir + "/two.log.gz")
        try Self.gzip("after\n", to: dir + "/two.log.gz")  // a second gzip member, as `cat a.gz b.gz` makes
        let plain = try Self.lines(of: dir + "/plain.log")
        #expect(plain.count == 60_000)
        #expect(plain.last == "line 59999 " + String(repeating: "x", count: 59_999 % 50))
        #expect(try Self.lines(of: dir + "/two.log.gz") == plain + ["after"])
    }

    @Test func binaryMissingAndOverlongInput() throws {
        let dir = NSTemporaryDirectory() + "logreader-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: dir + "/bin", contents: Data([0x41, 0, 0x42, 0x0A]))
        #expect(throws: LogFileReader.Problem.binary) { try Self.lines(of: dir + "/bin") }
        #expect(throws: LogFileReader.Problem.unreadable("no such file")) { try Self.lines(of: dir + "/none") }
        _ = FileManager.default.createFile(atPath: dir + "/long", contents: Data(repeating: 0x61, count: 300_000) + Data("\nok\n".utf8))
        let lines = try Self.lines(of: dir + "/long")
        #expect(lines.map(\.count) == [LogFileReader.maxLineBytes, 2])
        _ = FileManager.default.createFile(atPath: dir + "/bad.gz", contents: Data([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF]))
        #expect(throws: (any Error).self) { try Self.lines(of: dir + "/bad.gz") }
    }
}

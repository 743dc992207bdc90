import Foundation
import Testing
@testable import Runner

/// The checks on output paths made before any load: names within the system's limits, room on the disk.
struct OutputCheckTests {
    @Test(arguments: [
        ("", "the path is empty"),
        ("/tmp/" + String(repeating: "a", count: 300) + "/run", "is 300 bytes long; the limit is 255"),
        ("/tmp/" + String(repeating: "é", count: 128), "is 256 bytes long; the limit is 255"),
        (String(repeating: "/" + String(repeating: "d", count: 200), count: 21), "the path is 4221 bytes long; the limit is 4095"),
    ])
    func namesBeyondTheLimitsAreRefused(path: String, problem: String) {
        #expect(OutputCheck.nameProblem(path, currentFolder: "/work")?.contains(problem) == true,
                "\(OutputCheck.nameProblem(path, currentFolder: "/work") ?? "nil")")
    }

    @Test(arguments: [
        "/tmp/" + String(repeating: "a", count: 255),
        "results/run-1",
        String(repeating: "/" + String(repeating: "d", count: 200), count: 20),
    ])
    func namesWithinTheLimitsPass(path: String) {
        #expect(OutputCheck.nameProblem(path, currentFolder: "/work") == nil)
    }

    /// A relative path is measured from the current folder, where the system will resolve it.
    @Test func aRelativePathCountsTheCurrentFolder() {
        let relative = String(repeating: "r/", count: 2000)
        #expect(OutputCheck.nameProblem(relative, currentFolder: "/") == nil)
        #expect(OutputCheck.nameProblem(relative, currentFolder: "/" + String(repeating: "c", count: 200)) != nil)
    }

    @Test func theEstimateGrowsWithEndpointsAndSeconds() {
        #expect(OutputCheck.estimatedRunBytes(endpoints: 0, durationSeconds: 0) == OutputCheck.baseRunBytes)
        #expect(OutputCheck.estimatedRunBytes(endpoints: 10, durationSeconds: 59.5)
            == OutputCheck.baseRunBytes + 10 * OutputCheck.bytesPerEndpoint + 60 * OutputCheck.bytesPerSecond)
        #expect(OutputCheck.estimatedRunBytes(endpoints: -1, durationSeconds: .nan) == OutputCheck.baseRunBytes)
        #expect(OutputCheck.estimatedRunBytes(endpoints: 1, durationSeconds: .infinity) > 0)
    }

    static let twoMB: UInt64 = 2 << 20
    static let spaceCases: [(UInt64, UInt64?, Bool)] = [
        (twoMB, nil, false),
        (twoMB, twoMB, false),
        (twoMB, 64 << 10, true),
        (twoMB, 0, true),
    ]

    @Test(arguments: spaceCases)
    func spaceIsRefusedOnlyWhenClearlyShort(required: UInt64, available: UInt64?, refused: Bool) {
        let problem = OutputCheck.spaceProblem(requiredBytes: required, availableBytes: available)
        #expect((problem != nil) == refused)
        if refused { #expect(problem?.contains("the outputs need about 2.0 MB") == true, "\(problem ?? "")") }
    }

    static let sizeCases: [(UInt64, String)] = [(0, "0 bytes"), (1023, "1023 bytes"), (65_536, "64.0 KB"),
                                                (2_202_010, "2.1 MB"), (3 << 30, "3.0 GB")]

    @Test(arguments: sizeCases)
    func sizesReadAsText(bytes: UInt64, text: String) {
        #expect(OutputCheck.sizeText(bytes) == text)
    }

    @Test func theKindOfAnExistingPathIsSeenWithoutFollowingLinks() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("keep".utf8).write(to: URL(fileURLWithPath: dir + "/file"))
        #expect(mkfifo(dir + "/fifo", 0o600) == 0)
        #expect(symlink(dir + "/file", dir + "/link") == 0)
        #expect(OutputCheck.nonRegularKind(dir + "/file") == nil)
        #expect(OutputCheck.nonRegularKind(dir + "/missing") == nil)
        #expect(OutputCheck.nonRegularKind(dir + "/fifo") == "a FIFO")
        #expect(OutputCheck.nonRegularKind(dir + "/link") == "a symbolic link")
        #expect(OutputCheck.nonRegularKind(dir) == "a folder")
        #expect(OutputCheck.nonRegularKind("/dev/null") == "a character device")
    }

    @Test func theFallbacksAreTheTemporaryThenTheCurrentFolder() {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(FileOutput.defaultFallbackFolders(environment: ["TMPDIR": "/scratch/"], currentFolder: "/work",
                                                  processID: 42, date: date)
            == ["/scratch/crmbench-42-20231114-221320", "/work/crmbench-42-20231114-221320"])
        #expect(FileOutput.defaultFallbackFolders(environment: [:], currentFolder: "/tmp", processID: 7, date: date)
            == ["/tmp/crmbench-7-20231114-221320"])
        #expect(FileOutput.defaultFallbackFolders(environment: ["TMPDIR": ""], currentFolder: "/", processID: 7, date: date)
            == ["/tmp/crmbench-7-20231114-221320", "/crmbench-7-20231114-221320"])
    }
}

func temporaryFolder() -> String {
    let path = NSTemporaryDirectory() + "crmbench-runner-test-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

import BenchCore
import BenchFixtures
import Foundation
import Testing

/// The run history across processes: a backfill killed part-way leaves a usable history holding all of it or none,
/// two processes recording into a new file at once lose nothing, a newer schema is refused, and `--fail-on-change`
/// exits 99 on a shift.
@Suite(.serialized) struct HistoryIntegrationTests {
    /// `count` run folders of one scenario, a run a minute, p95 stepping from about 2 ms to 4 ms at run `stepAt`.
    static func runFolders(in dir: String, count: Int, stepAt: Int = .max, prefix: String = "r") throws -> [String] {
        try (0..<count).map { n in
            var result = SyntheticRun.make(name: "browse", seconds: 2, endpoints: [
                .init(name: "GET /x", medianMicros: n >= stepAt ? 4_000 : 2_000, requestsPerSecond: 100)], samplesPerEndpoint: 200,
                sigma: 0.05, seed: UInt64(n + 1))
            result.meta.startTime = String(format: "2026-03-01T%02d:%02d:00Z", n / 60, n % 60)
            let folder = "\(dir)/\(prefix)\(n)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try ResultCodec.encode(result).write(to: URL(fileURLWithPath: folder + "/result.json"))
            return folder
        }
    }

    static func count(_ history: String) throws -> Int? {
        let out = try CLI.run(["history", "--history", history, "--metric", "p50"])
        guard out.status == 0 else { return nil }
        if out.stdout.contains("no runs recorded") { return 0 }
        return out.stdout.split(separator: "\n").first { $0.hasPrefix("browse:") }
            .flatMap { $0.split(separator: " ").dropFirst(3).first }.flatMap { Int($0) }
    }

    @Test func aBackfillKilledPartWayLeavesAUsableHistoryWithAllOrNone() throws {
        let dir = CLI.temporaryDirectory()
        _ = try Self.runFolders(in: dir + "/runs", count: 120)
        for (attempt, delay) in [0.15, 0.4].enumerated() {
            let history = dir + "/h\(attempt).sqlite"
            _ = try CLI.run(["history", "--history", history, "--import", dir + "/runs"], interruptAfter: delay, interruptSignal: SIGKILL)
            let recorded = try #require(try Self.count(history), "the history is unusable after a kill at \(delay) s")
            #expect(recorded == 0 || recorded == 120)
        }
    }

    @Test func twoProcessesRecordingIntoANewHistoryAtOnceLoseNothing() throws {
        let dir = CLI.temporaryDirectory()
        _ = try Self.runFolders(in: dir + "/a", count: 30, prefix: "a")
        let b = try Self.runFolders(in: dir + "/b", count: 60, prefix: "b").suffix(30)
        // The b runs start at minute 30: no key in common with a's.
        let history = dir + "/h.sqlite"
        let outcomes = [LockedOutcome(), LockedOutcome()]
        let threads = [Thread { outcomes[0].set(try? CLI.run(["history", "--history", history, "--import", dir + "/a"])) },
                       Thread { outcomes[1].set(try? CLI.run(["history", "--history", history, "--import"] + Array(b))) }]
        threads.forEach { $0.start() }
        while !outcomes.allSatisfy(\.done) { Thread.sleep(forTimeInterval: 0.05) }
        for outcome in outcomes { #expect(outcome.value?.status == 0, "\(outcome.value?.stderr ?? "did not run")") }
        #expect(try Self.count(history) == 60)
    }

    @Test func aShiftFailsWithFailOnChangeAndANewerSchemaIsRefused() throws {
        let dir = CLI.temporaryDirectory()
        _ = try Self.runFolders(in: dir + "/runs", count: 24, stepAt: 14)
        let history = dir + "/h.sqlite"
        let out = try CLI.run(["history", "--history", history, "--import", dir + "/runs", "--metric", "p50", "--fail-on-change",
                               "--html", dir + "/trend.html"])
        #expect(out.status == 99, "\(out.stdout)\(out.stderr)")
        #expect(out.stdout.contains("#15 ") && out.stderr.contains("browse: p50 changed at run #15: +"))
        #expect(try String(contentsOfFile: dir + "/trend.html", encoding: .utf8).contains("<svg"))
        let steady = try CLI.run(["history", "--history", history, "--metric", "p50", "--last", "10", "--fail-on-change"])
        #expect(steady.status == 0, "\(steady.stdout)")
        // A file from a newer crmbench: refused, named, exit 65.
        // The schema version is SQLite's user_version, 4 big-endian bytes at offset 60 of the database header
        // (sqlite.org/fileformat.html, "1.3. The Database Header"): a history made here, then marked version 9.
        let newer = dir + "/newer.sqlite"
        #expect(try CLI.run(["history", "--history", newer]).status == 0)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: newer + suffix) }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: newer))
        #expect(bytes[60..<64] == Data([0, 0, 0, 1]))
        bytes.replaceSubrange(60..<64, with: [0, 0, 0, 9])
        try bytes.write(to: URL(fileURLWithPath: newer))
        let refused = try CLI.run(["history", "--history", newer])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("has history schema version 9, newer than this crmbench's 1"))
        let badMetric = try CLI.run(["history", "--history", history, "--metric", "p42"])
        #expect(badMetric.status == 64 && badMetric.stderr.contains("unknown metric 'p42'"))
    }
}

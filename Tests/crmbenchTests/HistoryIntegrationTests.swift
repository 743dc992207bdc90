import BenchCore
import BenchFixtures
import Foundation
import Testing

/// The run history across processes: a backfill killed part-way leaves a usable history holding all of it or none,
/// two processes recording into a new file at once lose nothing, a newer schema is refused, and `--fail-on-change`
/// exits 99 on a shift.
@Suite(.serialized) struct HistoryIntegrationTests {
    /// A synthetic run's result.json with a placeholder start time, p50 about `medianMicros` (encoded once: the
    /// folders below differ only in their start time).
    static func template(medianMicros: Double) throws -> String {
        var result = SyntheticRun.make(name: "browse", seconds: 2, endpoints: [.init(name: "GET /x", medianMicros: medianMicros, requestsPerSecond: 100)],
                                       samplesPerEndpoint: 200, sigma: 0.05)
        result.meta.startTime = "START-TIME"
        return String(decoding: try ResultCodec.encode(result), as: UTF8.self)
    }

    /// `count` run folders of one scenario, a run a minute, p50 stepping from about 2 ms to 4 ms at run `stepAt`.
    static func runFolders(in dir: String, count: Int, stepAt: Int = .max, prefix: String = "r") throws -> [String] {
        let before = try template(medianMicros: 2_000), after = stepAt < count ? try template(medianMicros: 4_000) : before
        return try (0..<count).map { n in
            let folder = "\(dir)/\(prefix)\(n)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let text = (n >= stepAt ? after : before)
                .replacingOccurrences(of: "START-TIME", with: String(format: "2026-03-01T%02d:%02d:00Z", n / 60, n % 60))
            try text.write(toFile: folder + "/result.json", atomically: false, encoding: .utf8)
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
        _ = try Self.runFolders(in: dir + "/runs", count: 30)
        let history = dir + "/h.sqlite"
        // Some runs already there: the killed import must neither lose nor half-add to them.
        #expect(try CLI.run(["history", "--history", history, "--import", dir + "/runs/r0", dir + "/runs/r1"]).status == 0)
        _ = try CLI.run(["history", "--history", history, "--import", dir + "/runs"], interruptAfter: 0.6, interruptSignal: SIGKILL)
        let recorded = try #require(try Self.count(history), "the history is unusable after the kill")
        #expect(recorded == 2 || recorded == 30)
    }

    @Test func twoProcessesRecordingIntoANewHistoryAtOnceLoseNothing() throws {
        let dir = CLI.temporaryDirectory()
        _ = try Self.runFolders(in: dir + "/a", count: 10, prefix: "a")
        let b = try Self.runFolders(in: dir + "/b", count: 20, prefix: "b").suffix(10)
        // The b runs given start at minute 10: no key in common with a's.
        let history = dir + "/h.sqlite"
        let outcomes = [LockedOutcome(), LockedOutcome()]
        let threads = [Thread { outcomes[0].set(try? CLI.run(["history", "--history", history, "--import", dir + "/a"])) },
                       Thread { outcomes[1].set(try? CLI.run(["history", "--history", history, "--import"] + Array(b))) }]
        threads.forEach { $0.start() }
        while !outcomes.allSatisfy(\.done) { Thread.sleep(forTimeInterval: 0.05) }
        for outcome in outcomes { #expect(outcome.value?.status == 0, "\(outcome.value?.stderr ?? "did not run")") }
        #expect(try Self.count(history) == 20)
    }

    @Test func aShiftFailsWithFailOnChangeAndANewerSchemaIsRefused() throws {
        let dir = CLI.temporaryDirectory()
        _ = try Self.runFolders(in: dir + "/runs", count: 16, stepAt: 10)
        let history = dir + "/h.sqlite"
        let out = try CLI.run(["history", "--history", history, "--import", dir + "/runs", "--metric", "p50", "--fail-on-change",
                               "--html", dir + "/trend.html"])
        #expect(out.status == 99, "\(out.stdout)\(out.stderr)")
        #expect(out.stdout.contains("#11 ") && out.stderr.contains("browse: p50 changed at run #11: +"))
        #expect(try String(contentsOfFile: dir + "/trend.html", encoding: .utf8).contains("<svg"))
        let steady = try CLI.run(["history", "--history", history, "--metric", "p50", "--last", "6", "--fail-on-change"])
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

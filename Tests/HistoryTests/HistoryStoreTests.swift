import BenchCore
import BenchFixtures
import Foundation
import GRDB
import History
import Reports
import Runner
import Testing

/// The history database: schema and its version, records read back, duplicates skipped, writers at once, and the
/// trend with its change points.
@Suite struct HistoryStoreTests {
    static func temporaryFile() -> String {
        let folder = NSTemporaryDirectory() + "crmbench-history-" + UUID().uuidString
        return folder + "/history.sqlite"  // the store creates the folder
    }

    static func record(_ n: Int, scenario: String = "browse", p95: Double = 10) -> HistoryRecord {
        var record = HistoryRecord(runKey: "k\(n)-\(scenario)", kind: "run", recordedAt: "2026-01-01T00:00:00Z",
                                   startTime: String(format: "2026-01-01T00:%02d:%02dZ", n / 60, n % 60),
                                   scenario: scenario, contentHash: "abc", target: "http://127.0.0.1:1")
        record.p95Millis = p95
        record.requests = Int64(100 + n)
        return record
    }

    @Test func aRunIsReadBackAsRecordedAndRecordedOnce() throws {
        let path = Self.temporaryFile()
        let store = try HistoryStore(path: path)
        var result = SyntheticRun.make(name: "browse", seconds: 5, thresholds: [
            ThresholdRecord(expression: "http.latency.p95 < 1ms", passed: false, observed: 2, detail: ""),
        ])
        result.meta.startTime = "2026-02-03T04:05:06Z"
        let record = HistoryRecord(result: result, folder: "/tmp/run", revision: "0123456789abcdef0123456789abcdef01234567",
                                   label: nil, recordedAt: "2026-02-03T04:06:00Z")
        #expect(try store.record([record]) == 1)
        #expect(try store.record([record]) == 0)  // the same run again: skipped
        let back = try store.runs(scenario: "browse")
        #expect(back.count == 1)
        var expected = record
        expected.id = back.first?.id
        #expect(back.first == expected)
        #expect(record.requests == Int64(result.summary.overall.requests))
        #expect(record.p95Millis == Double(result.summary.overall.latencyMicros.p95) / 1_000)
        #expect(record.thresholdsPassed == false && record.thresholdsFailed == 1)
        let version = try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "PRAGMA user_version") }
        #expect(version == HistoryStore.schemaVersion)
        let mode = try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func aHistoryFromANewerSchemaIsRefusedWithAMessage() throws {
        let path = Self.temporaryFile()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE run (x); PRAGMA user_version = 7") }
        #expect {
            try HistoryStore(path: path)
        } throws: { error in
            let failure = error as? RunnerError
            return failure?.kind == .invalidInput && failure?.message.contains("schema version 7, newer than this crmbench's 1") == true
        }
    }

    @Test func twoWritersAtOnceLoseNothing() throws {
        let path = Self.temporaryFile()
        let done = DispatchGroup()
        let failures = LockedCount()
        for writer in 0..<2 {
            done.enter()
            Thread {
                defer { done.leave() }
                do {
                    // Each writer opens the new file itself, as two processes finishing at once would.
                    let store = try HistoryStore(path: path)
                    for n in 0..<40 { try store.record([Self.record(writer * 100 + n)]) }
                } catch { failures.add() }
            }.start()
        }
        done.wait()
        #expect(failures.value == 0)
        #expect(try HistoryStore(path: path).runs(scenario: nil).count == 80)
    }

    @Test func theTrendMarksTheRunWhereP95Stepped() throws {
        let store = try HistoryStore(path: Self.temporaryFile())
        var random = SplitMix64(seed: 5)
        try store.record((0..<30).map { Self.record($0, p95: (($0 >= 18) ? 12 : 10) + 0.1 * random.nextNormal()) })
        try store.record([Self.record(0, scenario: "other", p95: 3)])
        let trends = try RunHistory.trends(in: store, scenario: "browse", metric: "p95", last: nil)
        #expect(trends.count == 1)
        let change = try #require(trends.first?.changes.first)
        #expect(change.index == 18)
        #expect(RunHistory.worsens(change, metric: "p95"))
        #expect(!RunHistory.worsens(change, metric: "rps"))
        let text = try #require(trends.first?.text())
        #expect(text.contains("#19") && text.contains("<< +"))
        #expect(TrendReport.page(trends).contains("run 19: +"))
        // --last keeps the newest runs; every scenario without --scenario.
        #expect(try RunHistory.trends(in: store, scenario: "browse", metric: "p95", last: 5).first?.points.count == 5)
        #expect(try RunHistory.trends(in: store, scenario: nil, metric: "p95", last: nil).map(\.scenario) == ["browse", "other"])
    }

    @Test func theGitCommitIsReadFromHEADLooseRefsAndPackedRefs() throws {
        let root = NSTemporaryDirectory() + "crmbench-git-" + UUID().uuidString
        let hash = "1234567890abcdef1234567890abcdef12345678", other = "abcdefabcdefabcdefabcdefabcdefabcdefabcd"
        try FileManager.default.createDirectory(atPath: root + "/.git/refs/heads", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/sub/dir", withIntermediateDirectories: true)
        try "ref: refs/heads/main\n".write(toFile: root + "/.git/HEAD", atomically: true, encoding: .utf8)
        try "\(other) refs/heads/main\n".write(toFile: root + "/.git/packed-refs", atomically: true, encoding: .utf8)
        #expect(GitRevision.current(in: root + "/sub/dir") == other)
        try "\(hash)\n".write(toFile: root + "/.git/refs/heads/main", atomically: true, encoding: .utf8)
        #expect(GitRevision.current(in: root + "/sub/dir") == hash)
        #expect(GitRevision.current(in: "/") == nil)
    }

    @Test func theHistoryPathFollowsOptionThenEnvironmentThenDefault() {
        #expect(RunHistory.path(option: "a.sqlite", disabled: false, environment: ["CRMBENCH_HISTORY": "b"]) == "a.sqlite")
        #expect(RunHistory.path(option: nil, disabled: false, environment: ["CRMBENCH_HISTORY": "b"]) == "b")
        #expect(RunHistory.path(option: nil, disabled: false, environment: ["CRMBENCH_HISTORY": "off"]) == nil)
        #expect(RunHistory.path(option: "a", disabled: true, environment: [:]) == nil)
        #expect(RunHistory.path(option: nil, disabled: false, environment: [:]) == "results/history.sqlite")
    }
}

final class LockedCount: @unchecked Sendable {  // `count` behind `lock`
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

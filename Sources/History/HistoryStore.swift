import Foundation
import GRDB
import Runner

/// The run history: a SQLite database in WAL mode (GRDB), one row per run, sweep and comparison. Several processes
/// may record at once (each write waits up to `busyTimeoutSeconds` for the others); every write is one transaction,
/// so a process killed while writing leaves the database as it was before that write.
///
/// The schema's version is SQLite's `user_version`: 0 is a new file (the schema is created), a version above
/// `schemaVersion` is a file from a newer crmbench and is refused rather than misread.
public final class HistoryStore {
    /// The schema this build writes and reads.
    public static let schemaVersion = 1
    /// How long a write waits for another process's write to end.
    public static let busyTimeoutSeconds = 15.0
    /// The database file.
    public let path: String
    private let pool: DatabasePool

    /// Opens (creating when missing, with its folder) the history at `path`; refuses a newer schema.
    public init(path: String) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw RunnerError("--history: cannot create the folder \(folder): \(FileOutput.reason(error))", kind: .cannotCreateOutput)
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeoutSeconds)
        // Opening a new file switches it to WAL, which SQLite answers with "database is locked" (without calling
        // the busy handler) while another process does the same: retry that, as long as a write would wait.
        let deadline = Date().addingTimeInterval(Self.busyTimeoutSeconds)
        var opened: DatabasePool?
        while opened == nil {
            do {
                opened = try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode) && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            } catch {
                throw RunnerError("--history: cannot open \(path) as a SQLite database: \(Self.reason(error))", kind: .cannotCreateOutput)
            }
        }
        pool = opened!
        try migrate()
    }

    /// Creates the schema in a new file; refuses a file whose schema is newer than this build's. The check and
    /// the creation are one IMMEDIATE transaction, so two processes opening a new file at once create it once.
    private func migrate() throws {
        do {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                    if version > Self.schemaVersion {
                        throw RunnerError("--history: \(path) has history schema version \(version), newer than this crmbench's \(Self.schemaVersion); use a newer crmbench or another --history file", kind: .invalidInput)
                    }
                    if version == 0 {
                        try db.execute(sql: Self.schema)
                        try db.execute(sql: "PRAGMA user_version = \(Self.schemaVersion)")
                    }
                    return .commit
                }
            }
        } catch let failure as RunnerError {
            throw failure
        } catch {
            throw RunnerError("--history: \(path) is not a usable history database: \(Self.reason(error))", kind: .invalidInput)
        }
    }

    /// Version 1: runs and sweeps (`run`), comparisons (`comparison`).
    static let schema = """
        CREATE TABLE run (
            id INTEGER PRIMARY KEY,
            runKey TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            recordedAt TEXT NOT NULL,
            startTime TEXT NOT NULL,
            scenario TEXT NOT NULL,
            contentHash TEXT NOT NULL,
            target TEXT NOT NULL,
            revision TEXT,
            label TEXT,
            durationSeconds REAL NOT NULL,
            requests INTEGER NOT NULL,
            requestsPerSecond REAL NOT NULL,
            p50Millis REAL NOT NULL,
            p95Millis REAL NOT NULL,
            p99Millis REAL NOT NULL,
            errorRate REAL NOT NULL,
            thresholdsPassed INTEGER,
            thresholdsFailed INTEGER NOT NULL,
            healthy INTEGER NOT NULL,
            partial INTEGER NOT NULL,
            folder TEXT
        );
        CREATE INDEX run_by_scenario ON run (scenario, kind, startTime);
        CREATE TABLE comparison (
            id INTEGER PRIMARY KEY,
            recordedAt TEXT NOT NULL,
            baseline TEXT NOT NULL,
            candidates TEXT NOT NULL,
            regressions INTEGER NOT NULL,
            revision TEXT,
            label TEXT
        );
        """

    /// Records runs in one transaction; a run already recorded (same key) is skipped. Returns how many were new.
    @discardableResult
    public func record(_ records: [HistoryRecord]) throws -> Int {
        try write { db in
            var added = 0
            for r in records {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO run (runKey, kind, recordedAt, startTime, scenario, contentHash, target, revision,
                        label, durationSeconds, requests, requestsPerSecond, p50Millis, p95Millis, p99Millis, errorRate,
                        thresholdsPassed, thresholdsFailed, healthy, partial, folder)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [r.runKey, r.kind, r.recordedAt, r.startTime, r.scenario, r.contentHash, r.target,
                                     r.revision, r.label, r.durationSeconds, r.requests, r.requestsPerSecond,
                                     r.p50Millis, r.p95Millis, r.p99Millis, r.errorRate, r.thresholdsPassed,
                                     r.thresholdsFailed, r.healthy, r.partial, r.folder])
                added += db.changesCount
            }
            return added
        }
    }

    /// Records a comparison: the baseline and candidates compared, and how many regressions it reported.
    public func recordComparison(baseline: String, candidates: [String], regressions: Int, revision: String?,
                                 label: String?, recordedAt: String) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO comparison (recordedAt, baseline, candidates, regressions, revision, label)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [recordedAt, baseline, candidates.joined(separator: "\n"), regressions, revision, label])
        }
    }

    /// The runs of `kind`, oldest first, of one scenario (nil: all), the last `last` of them (nil: all).
    public func runs(scenario: String?, kind: String = "run", last: Int? = nil) throws -> [HistoryRecord] {
        do {
            return try pool.read { db in
                var sql = "SELECT * FROM run WHERE kind = ?"
                var arguments: StatementArguments = [kind]
                if let scenario { sql += " AND scenario = ?"; arguments += [scenario] }
                sql += " ORDER BY startTime DESC, id DESC"
                if let last { sql += " LIMIT ?"; arguments += [last] }
                return Array(try Row.fetchAll(db, sql: sql, arguments: arguments).map(HistoryRecord.init(row:)).reversed())
            }
        } catch {
            throw RunnerError("--history: cannot read \(path): \(Self.reason(error))", kind: .invalidInput)
        }
    }

    /// How many comparisons are recorded.
    public func comparisonCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM comparison") ?? 0 }
    }

    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch {
            throw RunnerError("--history: cannot write to \(path): \(Self.reason(error))", kind: .cannotCreateOutput)
        }
    }

    private static func reason(_ error: Error) -> String {
        (error as? DatabaseError)?.message ?? "\(error)"
    }
}

extension HistoryRecord {
    /// A record read back from its row.
    init(row: Row) {
        self.init(runKey: row["runKey"], kind: row["kind"], recordedAt: row["recordedAt"], startTime: row["startTime"],
                  scenario: row["scenario"], contentHash: row["contentHash"], target: row["target"])
        id = row["id"]
        revision = row["revision"]
        label = row["label"]
        durationSeconds = row["durationSeconds"]
        requests = row["requests"]
        requestsPerSecond = row["requestsPerSecond"]
        p50Millis = row["p50Millis"]
        p95Millis = row["p95Millis"]
        p99Millis = row["p99Millis"]
        errorRate = row["errorRate"]
        thresholdsPassed = row["thresholdsPassed"]
        thresholdsFailed = row["thresholdsFailed"]
        healthy = row["healthy"]
        partial = row["partial"]
        folder = row["folder"]
    }
}

import BenchCore
import Foundation
import GRDB

/// The run's append-only write ledger (`ledger.sqlite` in the run folder, WAL): every declared write the load
/// made, acknowledged or not, for the audit after it.
///
/// Memory stays bounded whatever the run's length: the engine's threads hand events to a queue of at most
/// `capacity` entries (a full queue makes them wait), and one writer thread inserts them in batches, one
/// transaction per batch.
// @unchecked: the queue and counters are only touched under `condition`'s lock; the database only by the writer
// thread until `close()` has joined it.
public final class WriteLedger: WriteSink, @unchecked Sendable {
    /// File name inside the run folder.
    public static let fileName = "ledger.sqlite"

    private let pool: DatabasePool
    private let condition = NSCondition()
    private var queue: [WriteEvent] = []
    private let capacity: Int
    private var closed = false
    private var writerDone = false
    private var failure: Error?
    /// Events taken, by outcome.
    public private(set) var counts: [WriteEvent.Outcome: Int] = [:]
    /// The most events ever waiting at once (for the memory check).
    public private(set) var peakQueued = 0

    /// Creates (or truncates) the ledger at `path`, with the run's meta data (scenario path, target) for a later
    /// `crmbench audit`.
    public init(path: String, meta: [String: String], capacity: Int = 4_096) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        pool = try DatabasePool(path: path, configuration: Self.configuration())
        self.capacity = max(1, capacity)
        try pool.write { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE writes (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, resource TEXT NOT NULL, recordId TEXT,
                    outcome INTEGER NOT NULL, status INTEGER NOT NULL, fields TEXT NOT NULL,
                    keyValue TEXT, parentId TEXT, atNanos INTEGER NOT NULL, slot INTEGER NOT NULL, iteration INTEGER NOT NULL);
                """)
            for (key, value) in meta {
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
            }
        }
        let thread = Thread { [self] in drain() }
        thread.name = "write-ledger"
        thread.start()
    }

    public func record(_ event: WriteEvent) {
        condition.lock()
        while queue.count >= capacity && !writerDone { condition.wait() }
        if !writerDone {
            queue.append(event)
            peakQueued = max(peakQueued, queue.count)
            counts[event.outcome, default: 0] += 1
        }
        condition.signal()
        condition.unlock()
    }

    /// Each connection's page cache held to 512 KiB (SQLite's default is 2 MiB): the ledger is appended and read in
    /// order, so a bigger cache buys nothing, and a cache that fills as the file grows is memory that grows with
    /// the run's writes until it reaches that size.
    static func configuration(readonly: Bool = false) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = readonly
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -512") }
        return configuration
    }

    /// Writes what is queued and stops the writer; throws the first database error it met.
    public func close() throws {
        condition.lock()
        closed = true
        condition.broadcast()
        while !writerDone { condition.wait() }
        let failure = self.failure
        condition.unlock()
        if let failure { throw failure }
    }

    private func drain() {
        while true {
            condition.lock()
            while queue.isEmpty && !closed { condition.wait() }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            let finished = closed && batch.isEmpty
            condition.broadcast()
            condition.unlock()
            if finished { break }
            do {
                try insert(batch)
            } catch {
                condition.lock()
                failure = failure ?? error
                condition.unlock()
                break
            }
        }
        condition.lock()
        writerDone = true
        condition.broadcast()
        condition.unlock()
    }

    private func insert(_ batch: [WriteEvent]) throws {
        try pool.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO writes (resource, recordId, outcome, status, fields, keyValue, parentId, atNanos, slot, iteration)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for event in batch {
                try statement.execute(arguments: [
                    event.resource, event.id, event.outcome.rawValue, event.status, Self.fieldsJSON(event), event.keyValue,
                    event.parentId, Int64(bitPattern: event.atNanos), event.slot, event.seq,
                ])
            }
        }
    }

    /// The sent fields as a JSON object of texts (absent fields left out).
    static func fieldsJSON(_ event: WriteEvent) -> String {
        var object: [String: String] = [:]
        for (name, value) in zip(event.fieldNames, event.fieldValues) { if let value { object[name] = value } }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

extension WriteLedger {
    /// The meta data a ledger was created with.
    public static func meta(path: String) throws -> [String: String] {
        var configuration = Configuration()
        configuration.readonly = true
        let database = try DatabaseQueue(path: path, configuration: configuration)
        return try database.read { db in
            Dictionary(try GRDB.Row.fetchAll(db, sql: "SELECT key, value FROM meta").map { ($0["key"], $0["value"]) },
                       uniquingKeysWith: { first, _ in first })
        }
    }
}

import Foundation
import GRDB

/// ``CRMRepository`` on SQLite through GRDB: a WAL `DatabasePool` (or an in-memory queue).
///
/// Every statement binds its values as arguments; the only text spliced into SQL is table and column names taken
/// from the record types' own constants.
public struct SQLiteRepository: CRMRepository {
    let writer: any DatabaseWriter
    private let metrics: ServerMetrics?
    /// Injected create faults (`--lose-writes` …); nil when off.
    private let faults: WriteFaultDraws?

    /// A repository on an already migrated database; with `metrics`, it adds each access's connection busy time;
    /// with active `faults`, creates are lost, duplicated or corrupted at those rates (and counted in `metrics`).
    public init(writer: any DatabaseWriter, metrics: ServerMetrics? = nil, faults: WriteFaults = WriteFaults()) {
        self.writer = writer
        self.metrics = metrics
        self.faults = faults.isActive ? WriteFaultDraws(faults) : nil
    }

    /// `writer.read`, timing how long the connection is held (not the wait for a free one).
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        guard let metrics else { return try await writer.read(body) }
        return try await writer.read { db in try Self.timed(metrics) { try body(db) } }
    }

    /// `writer.write`, timing how long the writer connection is held.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        guard let metrics else { return try await writer.write(body) }
        return try await writer.write { db in try Self.timed(metrics) { try body(db) } }
    }

    private static func timed<T>(_ metrics: ServerMetrics, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        defer {
            let elapsed = (ContinuousClock.now - start).components
            metrics.recordDatabaseBusy(durationSeconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
        }
        return try body()
    }

    /// A repository on a fresh, migrated in-memory database (for tests and experiments).
    public static func inMemory(secondaryIndexes: Bool = true) throws -> SQLiteRepository {
        let queue = try DatabaseQueue()
        try queue.write { try DatabaseSchema.migrate($0, secondaryIndexes: secondaryIndexes) }
        return SQLiteRepository(writer: queue)
    }

    public func create<R: CRMResource>(_ record: R) async throws -> R {
        let fault = faults?.next()
        let created = try await mappingErrors {
            try await write { db in
                try Self.checkReferences(record.references, in: db)
                var inserted = record
                try inserted.insert(db)
                // Answer with the row as stored (timestamps at storage precision), as a later GET would.
                let stored = try R.fetchOne(db, key: inserted.id) ?? inserted
                try fault?.apply(table: R.databaseTableName, id: inserted.id, in: db)
                return stored
            }
        }
        // Counted once committed: a create that failed faulted nothing.
        if let fault { metrics?.recordWriteFault(fault, resource: R.databaseTableName) }
        return created
    }

    public func find<R: CRMResource>(_ type: R.Type, id: Int) async throws -> R? {
        try await read { db in try R.fetchOne(db, key: id) }
    }

    public func list<R: CRMResource>(_ type: R.Type, query: ListQuery) async throws -> Page<R> {
        var conditions: [String] = []
        var arguments = StatementArguments()
        let allowedColumns = Set(R.listFilters.map(\.name))
        for filter in query.filters {
            precondition(allowedColumns.contains(filter.column), "filter on a column the type does not list")
            conditions.append("\(filter.column) = ?")
            switch filter.value {
            case .integer(let value): arguments += [value]
            case .text(let value): arguments += [value]
            }
        }
        if let search = query.search, !search.isEmpty, !R.searchColumns.isEmpty {
            // A range instead of LIKE so that the plain (BINARY) indexes serve the prefix match.
            let upper = search + "\u{10FFFF}"
            conditions.append("(" + R.searchColumns.map { "(\($0) >= ? AND \($0) < ?)" }.joined(separator: " OR ") + ")")
            for _ in R.searchColumns { arguments += [search, upper] }
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let table = R.databaseTableName
        let countArguments = arguments
        arguments += [query.limit, query.offset]
        let pageArguments = arguments
        return try await read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)\(whereClause)", arguments: countArguments)
            let items = try R.fetchAll(
                db, sql: "SELECT * FROM \(table)\(whereClause) ORDER BY id LIMIT ? OFFSET ?", arguments: pageArguments)
            return Page(items: items, total: total ?? 0, limit: query.limit, offset: query.offset)
        }
    }

    public func update<R: CRMResource>(
        _ type: R.Type, id: Int, change: @escaping @Sendable (inout R) throws -> Void
    ) async throws -> R? {
        try await mappingErrors {
            try await write { db in
                guard var record = try R.fetchOne(db, key: id) else { return nil }
                try change(&record)
                record.id = id
                try Self.checkReferences(record.references, in: db)
                try record.update(db)
                return try R.fetchOne(db, key: id) ?? record
            }
        }
    }

    public func delete<R: CRMResource>(_ type: R.Type, id: Int) async throws -> R? {
        try await write { db in
            guard let record = try R.fetchOne(db, key: id) else { return nil }
            try R.deleteOne(db, key: id)
            return record
        }
    }

    /// Throws ``CRMError/unknownReference(field:id:)`` for the first reference whose row does not exist.
    static func checkReferences(_ references: [RecordReference], in db: Database) throws {
        for reference in references {
            let exists = try Bool.fetchOne(
                db, sql: "SELECT EXISTS(SELECT 1 FROM \(reference.table) WHERE id = ?)", arguments: [reference.id])
            if exists != true { throw CRMError.unknownReference(field: reference.field, id: reference.id) }
        }
    }

    /// Maps SQLite constraint failures to ``CRMError``: a UNIQUE violation is a duplicate (409) even when two
    /// requests race past any check made before the insert.
    private func mappingErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            // "UNIQUE constraint failed: customers.email"
            let column = error.message?.split(separator: ".").last.map(String.init) ?? "id"
            throw CRMError.duplicate(field: column)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw CRMError.invalidField(field: "customerId", reason: "refers to a record that no longer exists")
        }
    }
}

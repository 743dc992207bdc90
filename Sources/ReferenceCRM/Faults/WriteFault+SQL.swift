import GRDB

extension WriteFault {
    /// The column altered by a corrupted create and its new value, per table: a field a scenario sends and the
    /// workflow never changes afterwards, so the change is the fault's alone.
    static let corruption: [String: (column: String, expression: String)] = [
        "customers": ("name", "name || ' (altered)'"),
        "interactions": ("notes", "COALESCE(notes, '') || ' (altered)'"),
        "orders": ("amount", "amount + 1"),
        "tickets": ("subject", "subject || ' (altered)'"),
        "feedback": ("text", "text || ' (altered)'"),
    ]

    /// Columns of a duplicate copy that differ from the original, per table: a unique column gets a trailing space,
    /// the near-duplicate a CRM without key normalisation keeps.
    static let duplicateOverrides: [String: [String: String]] = ["customers": ["email": "email || ' '"]]

    /// Applies this fault to the row just inserted with `id` in `table`, inside the create's transaction.
    func apply(table: String, id: Int, in db: Database) throws {
        switch self {
        case .lost:
            // AUTOINCREMENT ids are never reused, so the id answered stays unknown to the database.
            try db.execute(sql: "DELETE FROM \(table) WHERE id = ?", arguments: [id])
        case .duplicated:
            let columns = try db.columns(in: table).map(\.name).filter { $0 != "id" }
            let overrides = Self.duplicateOverrides[table] ?? [:]
            let values = columns.map { overrides[$0] ?? $0 }
            try db.execute(
                sql: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) SELECT \(values.joined(separator: ", ")) FROM \(table) WHERE id = ?",
                arguments: [id])
        case .corrupted:
            guard let change = Self.corruption[table] else { return }
            try db.execute(sql: "UPDATE \(table) SET \(change.column) = \(change.expression) WHERE id = ?", arguments: [id])
        }
    }
}

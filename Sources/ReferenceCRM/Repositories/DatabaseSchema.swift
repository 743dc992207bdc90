import GRDB

/// Creates the tables, and the secondary indexes unless the server runs untuned (`--no-index`).
///
/// The unique index on `customers.email` is a constraint, not a tuning choice, so it always exists.
enum DatabaseSchema {
    static let tables = """
        CREATE TABLE IF NOT EXISTS customers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            email TEXT NOT NULL UNIQUE,
            phone TEXT, company TEXT, segment TEXT,
            createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS interactions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            customerId INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            channel TEXT NOT NULL, startedAt TEXT NOT NULL, endedAt TEXT, notes TEXT);
        CREATE TABLE IF NOT EXISTS orders (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            customerId INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            amount REAL NOT NULL, quantity INTEGER NOT NULL, status TEXT NOT NULL,
            placedAt TEXT NOT NULL, paidAt TEXT, shippedAt TEXT, deliveredAt TEXT);
        CREATE TABLE IF NOT EXISTS tickets (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            customerId INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            orderId INTEGER REFERENCES orders(id) ON DELETE SET NULL,
            subject TEXT NOT NULL, description TEXT, status TEXT NOT NULL,
            openedAt TEXT NOT NULL, resolvedAt TEXT);
        CREATE TABLE IF NOT EXISTS feedback (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            customerId INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            rating INTEGER NOT NULL, text TEXT NOT NULL, createdAt TEXT NOT NULL);
        """

    static let secondaryIndexes = """
        CREATE INDEX IF NOT EXISTS customers_name ON customers(name);
        CREATE INDEX IF NOT EXISTS interactions_customer ON interactions(customerId);
        CREATE INDEX IF NOT EXISTS interactions_ended ON interactions(endedAt);
        CREATE INDEX IF NOT EXISTS orders_customer ON orders(customerId);
        CREATE INDEX IF NOT EXISTS orders_status ON orders(status);
        CREATE INDEX IF NOT EXISTS orders_delivered ON orders(deliveredAt);
        CREATE INDEX IF NOT EXISTS tickets_customer ON tickets(customerId);
        CREATE INDEX IF NOT EXISTS tickets_order ON tickets(orderId);
        CREATE INDEX IF NOT EXISTS tickets_status ON tickets(status);
        CREATE INDEX IF NOT EXISTS tickets_resolved ON tickets(resolvedAt);
        CREATE INDEX IF NOT EXISTS feedback_customer ON feedback(customerId);
        """

    static let dropSecondaryIndexes = """
        DROP INDEX IF EXISTS customers_name; DROP INDEX IF EXISTS interactions_customer;
        DROP INDEX IF EXISTS interactions_ended; DROP INDEX IF EXISTS orders_customer;
        DROP INDEX IF EXISTS orders_status; DROP INDEX IF EXISTS orders_delivered;
        DROP INDEX IF EXISTS tickets_customer; DROP INDEX IF EXISTS tickets_order;
        DROP INDEX IF EXISTS tickets_status; DROP INDEX IF EXISTS tickets_resolved;
        DROP INDEX IF EXISTS feedback_customer;
        """

    /// Brings `db` to the schema, adding or dropping the secondary indexes to match `secondaryIndexes`.
    static func migrate(_ db: Database, secondaryIndexes: Bool) throws {
        try db.execute(sql: tables)
        try db.execute(sql: secondaryIndexes ? Self.secondaryIndexes : dropSecondaryIndexes)
    }
}

import Foundation
import GRDB

extension SQLiteRepository {
    public func summary(customerId: Int) async throws -> CustomerSummary? {
        try await read { db in
            let exists = try Bool.fetchOne(
                db, sql: "SELECT EXISTS(SELECT 1 FROM customers WHERE id = ?)", arguments: [customerId])
            guard exists == true else { return nil }
            let purchases = try Row.fetchOne(
                db, sql: "SELECT COUNT(*), COALESCE(SUM(amount), 0.0) FROM orders WHERE customerId = ?",
                arguments: [customerId])
            let feedbackCount = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM feedback WHERE customerId = ?", arguments: [customerId])
            // Stored timestamps are fixed-width UTC text, so MAX over text is MAX over time.
            let lastActivity = try Date.fetchOne(
                db,
                sql: """
                    SELECT MAX(t) FROM (
                      SELECT MAX(COALESCE(endedAt, startedAt)) AS t FROM interactions WHERE customerId = ?
                      UNION ALL SELECT MAX(COALESCE(deliveredAt, shippedAt, paidAt, placedAt)) FROM orders WHERE customerId = ?
                      UNION ALL SELECT MAX(COALESCE(resolvedAt, openedAt)) FROM tickets WHERE customerId = ?
                      UNION ALL SELECT MAX(createdAt) FROM feedback WHERE customerId = ?)
                    """,
                arguments: [customerId, customerId, customerId, customerId])
            return CustomerSummary(
                customerId: customerId,
                purchaseCount: purchases?[0] ?? 0,
                purchaseAmount: purchases?[1] ?? 0,
                feedbackCount: feedbackCount ?? 0,
                lastActivityAt: lastActivity)
        }
    }

    public func processReport(since: Date?) async throws -> ProcessReport {
        try await read { db in
            func seconds(table: String, start: String, end: String) throws -> [Double] {
                var sql = "SELECT (julianday(\(end)) - julianday(\(start))) * 86400.0 FROM \(table) WHERE \(end) IS NOT NULL"
                var arguments = StatementArguments()
                if let since {
                    sql += " AND \(end) >= ?"
                    arguments += [since]
                }
                // julianday is a day count in a Double: round away its sub-millisecond noise.
                return try Double.fetchAll(db, sql: sql, arguments: arguments).map { ($0 * 1000).rounded() / 1000 }
            }
            return ProcessReport(
                since: since,
                orderProcessing: DurationStatistics(seconds: try seconds(table: "orders", start: "placedAt", end: "deliveredAt")),
                ticketResolution: DurationStatistics(seconds: try seconds(table: "tickets", start: "openedAt", end: "resolvedAt")),
                communication: DurationStatistics(seconds: try seconds(table: "interactions", start: "startedAt", end: "endedAt")))
        }
    }
}

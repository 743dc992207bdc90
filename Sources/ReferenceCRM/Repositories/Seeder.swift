import Foundation
import GRDB

/// Writes the ``SeedPlan`` data in one transaction with prepared statements.
enum Seeder {
    /// Seeds `customers` customers when the customers table is empty; returns false when it was not.
    static func seed(_ db: Database, customers: Int) throws -> Bool {
        guard customers > 0, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customers") == 0 else { return false }
        let customer = try db.makeStatement(sql: """
            INSERT INTO customers (name, email, phone, company, segment, createdAt, updatedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let interaction = try db.makeStatement(sql: """
            INSERT INTO interactions (customerId, channel, startedAt, endedAt, notes) VALUES (?, ?, ?, ?, ?)
            """)
        let order = try db.makeStatement(sql: """
            INSERT INTO orders (customerId, amount, quantity, status, placedAt, paidAt, shippedAt, deliveredAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let ticket = try db.makeStatement(sql: """
            INSERT INTO tickets (customerId, orderId, subject, description, status, openedAt, resolvedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let feedback = try db.makeStatement(sql: """
            INSERT INTO feedback (customerId, rating, text, createdAt) VALUES (?, ?, ?, ?)
            """)
        for i in 0..<customers {
            let created = SeedPlan.createdAt(i)
            try customer.execute(arguments: [
                SeedPlan.name(i), SeedPlan.email(i), String(format: "+1-555-%04d", i % 10_000),
                "Company \(i % 500)", SeedPlan.segments[i % SeedPlan.segments.count], created, created,
            ])
            let customerId = db.lastInsertedRowID
            for j in 0..<2 {
                let started = created.addingTimeInterval(Double(j + 1) * 3_600)
                try interaction.execute(arguments: [
                    customerId, Interaction.channels[(i + j) % Interaction.channels.count], started,
                    started.addingTimeInterval(SeedPlan.interactionSeconds(i, j)), "seeded interaction \(j + 1)",
                ])
            }
            var firstOrderId: Int64?
            for k in 0..<SeedPlan.orderCount(i) {
                let o = SeedPlan.firstOrderIndex(i) + k
                let status = SeedPlan.orderStatus(o)
                let placed = created.addingTimeInterval(86_400 + Double(k) * 3_600)
                let paid = placed.addingTimeInterval(600)
                let shipped = paid.addingTimeInterval(86_400)
                let delivered = placed.addingTimeInterval(SeedPlan.orderProcessingSeconds(o))
                let reached = Order.Status.allCases.firstIndex(of: status) ?? 0
                try order.execute(arguments: [
                    customerId, SeedPlan.orderAmount(o), 1 + o % 5, status.rawValue, placed,
                    reached >= 1 ? paid : nil, reached >= 2 ? shipped : nil, reached >= 3 ? delivered : nil,
                ])
                if k == 0 { firstOrderId = db.lastInsertedRowID }
            }
            let (hasTicket, resolved) = SeedPlan.ticket(i)
            if hasTicket {
                let opened = created.addingTimeInterval(2 * 86_400)
                try ticket.execute(arguments: [
                    customerId, firstOrderId, "Question about order", "Seeded ticket for customer \(i + 1)",
                    resolved ? "resolved" : "open", opened,
                    resolved ? opened.addingTimeInterval(SeedPlan.ticketResolutionSeconds(i)) : nil,
                ])
            }
            if let rating = SeedPlan.rating(i) {
                try feedback.execute(arguments: [
                    customerId, rating, "Seeded feedback \(rating)/5", created.addingTimeInterval(3 * 86_400),
                ])
            }
        }
        return true
    }
}

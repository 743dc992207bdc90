import Foundation
import GRDB

/// Writes the ``SeedPlan`` data in one transaction with prepared statements.
enum Seeder {
    /// Seeds `customers` customers when the customers table is empty, leaving the fields `blanks` names blank on
    /// its share of them; returns the blanked count per field, nil when the table was not empty.
    static func seed(_ db: Database, customers: Int, blanks: SeedBlanks = SeedBlanks()) throws -> [String: Int]? {
        guard customers > 0, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customers") == 0 else { return nil }
        var draws = blanks.fractions.keys.sorted().map { ($0, SeedBlanks.Draw(field: $0, customers: customers, blanks: blanks)) }
        var blanked: [String: Int] = [:]
        for (field, _) in draws { blanked[field] = 0 }
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
            var blank: Set<String> = []
            for index in draws.indices {
                guard draws[index].1.next() else { continue }
                blank.insert(draws[index].0)
                blanked[draws[index].0, default: 0] += 1
            }
            try customer.execute(arguments: [
                blank.contains("name") ? "" : SeedPlan.name(i), SeedPlan.email(i),
                blank.contains("phone") ? nil : String(format: "+1-555-%04d", i % 10_000),
                blank.contains("company") ? nil : "Company \(i % 500)",
                blank.contains("segment") ? nil : SeedPlan.segments[i % SeedPlan.segments.count], created, created,
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
        return blanked
    }
}

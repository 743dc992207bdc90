import Foundation
import Testing
import ReferenceCRM

@Suite("Summaries, process report and seeding")
struct ReportsAPITests {
    @Test("summary of created data; a customer without activity has null lastActivityAt")
    func summaryOfCreatedData() async throws {
        try await withServer { client in
            let buyer = try await client.createCustomer("Buyer", email: "buyer@x.io")
            let idle = try await client.createCustomer("Idle", email: "idle@x.io")
            _ = try await client.post("/api/v1/orders", ["customerId": buyer, "amount": 10, "quantity": 1])
            _ = try await client.post("/api/v1/orders", ["customerId": buyer, "amount": 15.5, "quantity": 2])
            let feedback = try await client.post("/api/v1/feedback", ["customerId": buyer, "rating": 4, "text": "ok"])
            let summary = try await client.get("/api/v1/customers/\(buyer)/summary")
            #expect(summary.status == 200)
            #expect(Set(summary.json.keys) == ["customerId", "purchaseCount", "purchaseAmount", "feedbackCount", "lastActivityAt"])
            #expect(summary.json["customerId"] as? Int == buyer)
            #expect(summary.json["purchaseCount"] as? Int == 2)
            #expect(summary.json["purchaseAmount"] as? Double == 25.5)
            #expect(summary.json["feedbackCount"] as? Int == 1)
            #expect(summary.json["lastActivityAt"] as? String == feedback.json["createdAt"] as? String)
            let idleSummary = try await client.get("/api/v1/customers/\(idle)/summary")
            #expect(idleSummary.json["purchaseCount"] as? Int == 0)
            #expect(idleSummary.json["purchaseAmount"] as? Double == 0)
            #expect(idleSummary.json["lastActivityAt"] is NSNull)
            #expect(try await client.get("/api/v1/customers/9999/summary").status == 404)
        }
    }

    @Test("seeded data: counts, summaries and process figures follow the seed plan")
    func seededFigures() async throws {
        var configuration = testConfiguration()
        configuration.seedCustomers = 40
        try await withServer(configuration) { client in
            // 40 customers with 1, 2, 3, 1, 2, 3, ... orders; two interactions each; a ticket every 4th
            // (resolved every 8th); feedback every 2nd.
            #expect(try await client.get("/api/v1/customers").json["total"] as? Int == 40)
            #expect(try await client.get("/api/v1/orders").json["total"] as? Int == 79)
            #expect(try await client.get("/api/v1/interactions").json["total"] as? Int == 80)
            #expect(try await client.get("/api/v1/tickets").json["total"] as? Int == 10)
            #expect(try await client.get("/api/v1/tickets?status=resolved").json["total"] as? Int == 5)
            #expect(try await client.get("/api/v1/feedback").json["total"] as? Int == 20)
            #expect(try await client.get("/api/v1/orders?status=delivered").json["total"] as? Int == 19)
            let first = try await client.get("/api/v1/customers/1")
            #expect(first.json["email"] as? String == "customer1@example.com")
            #expect(first.json["createdAt"] as? String == "2024-01-01T00:00:00.000Z")

            // Customer 3 (index 2): orders 3, 4, 5 of amounts 17.5, 20, 22.5; order 3 is delivered
            // 2 days 10 minutes after being placed a day after the customer was created at 00:02.
            let summary = try await client.get("/api/v1/customers/3/summary").json
            #expect(summary["purchaseCount"] as? Int == 3)
            #expect(summary["purchaseAmount"] as? Double == 60)
            #expect(summary["feedbackCount"] as? Int == 1)
            #expect(summary["lastActivityAt"] as? String == "2024-01-04T00:12:00.000Z")

            let report = try await client.get("/api/v1/reports/process")
            #expect(report.status == 200)
            #expect(report.json["since"] is NSNull)
            // Delivered orders are those with global index 3, 7, ..., 75; each takes 1 day 10 min plus
            // 1 + (index mod 3) days.
            var orderSeconds: [Double] = []
            for index in stride(from: 3, through: 75, by: 4) {
                orderSeconds.append(600 + 86_400 + Double(1 + index % 3) * 86_400)
            }
            try expectStatistics(report.json["orderProcessing"], seconds: orderSeconds)
            // Resolved tickets of customers 0, 8, 16, 24, 32 take 1 + (index mod 5) hours: 1, 4, 2, 5, 3 hours.
            try expectStatistics(report.json["ticketResolution"], seconds: [3_600, 14_400, 7_200, 18_000, 10_800])
            var talkSeconds: [Double] = []
            for i in 0..<40 {
                for j in 0..<2 { talkSeconds.append(Double(1 + (i + j) % 10) * 60) }
            }
            try expectStatistics(report.json["communication"], seconds: talkSeconds)
        }
    }

    @Test("the since window keeps only processes completed after it")
    func sinceWindow() async throws {
        var configuration = testConfiguration()
        configuration.seedCustomers = 8
        try await withServer(configuration) { client in
            let customer = try await client.createCustomer("Now", email: "now@x.io")
            for minutes in [1, 2, 3] {
                _ = try await client.post("/api/v1/interactions", [
                    "customerId": customer, "channel": "chat", "startedAt": "2025-06-01T12:00:00Z",
                    "endedAt": "2025-06-01T12:0\(minutes):00Z",
                ])
            }
            let order = try await client.post("/api/v1/orders", ["customerId": customer, "amount": 3, "quantity": 1])
            let orderId = try #require(order.json["id"] as? Int)
            for step in ["pay", "ship", "deliver"] { _ = try await client.post("/api/v1/orders/\(orderId)/\(step)") }
            let ticket = try await client.post("/api/v1/tickets", ["customerId": customer, "subject": "Now"])
            _ = try await client.post("/api/v1/tickets/\(try #require(ticket.json["id"] as? Int))/resolve")

            let report = try await client.get("/api/v1/reports/process?since=2025-01-01T00:00:00Z")
            #expect(report.status == 200)
            #expect(report.json["since"] as? String == "2025-01-01T00:00:00.000Z")
            try expectStatistics(report.json["communication"], seconds: [60, 120, 180])
            let orders = try #require(report.json["orderProcessing"] as? [String: Any])
            #expect(orders["count"] as? Int == 1)
            #expect((orders["meanSeconds"] as? Double ?? 99) < 30)
            let tickets = try #require(report.json["ticketResolution"] as? [String: Any])
            #expect(tickets["count"] as? Int == 1)
            let all = try await client.get("/api/v1/reports/process").json["communication"] as? [String: Any]
            #expect(all?["count"] as? Int == 16 + 3)
            let bad = try await client.get("/api/v1/reports/process?since=last-week")
            #expect(bad.status == 400)
            #expect(bad.json["field"] as? String == "since")
        }
    }

    @Test("seeding 10,000 customers creates the full plan")
    func seedTenThousand() async throws {
        var configuration = testConfiguration()
        configuration.seedCustomers = 10_000
        try await withServer(configuration) { client in
            #expect(try await client.get("/api/v1/customers").json["total"] as? Int == 10_000)
            #expect(try await client.get("/api/v1/orders").json["total"] as? Int == 19_999)
            #expect(try await client.get("/api/v1/interactions").json["total"] as? Int == 20_000)
            #expect(try await client.get("/api/v1/tickets").json["total"] as? Int == 2_500)
            #expect(try await client.get("/api/v1/feedback").json["total"] as? Int == 5_000)
            #expect(try await client.get("/api/v1/orders?status=delivered").json["total"] as? Int == 4_999)
            let last = try await client.get("/api/v1/customers/10000")
            #expect(last.json["email"] as? String == "customer10000@example.com")
            #expect(try await client.get("/api/v1/orders?customerId=10000").json["total"] as? Int == 1)
        }
    }
}

/// Checks a `{"count","meanSeconds","p50Seconds","p95Seconds"}` object against the raw durations.
func expectStatistics(_ value: Any?, seconds: [Double], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let stats = try #require(value as? [String: Any], sourceLocation: sourceLocation)
    let sorted = seconds.sorted()
    let rank = { (fraction: Double) in sorted[Int((fraction * Double(sorted.count)).rounded(.up)) - 1] }
    #expect(Set(stats.keys) == ["count", "meanSeconds", "p50Seconds", "p95Seconds"], sourceLocation: sourceLocation)
    #expect(stats["count"] as? Int == seconds.count, sourceLocation: sourceLocation)
    let mean = try #require(stats["meanSeconds"] as? Double, sourceLocation: sourceLocation)
    #expect(abs(mean - seconds.reduce(0, +) / Double(seconds.count)) < 0.01, sourceLocation: sourceLocation)
    #expect(abs((stats["p50Seconds"] as? Double ?? -1) - rank(0.5)) < 0.01, sourceLocation: sourceLocation)
    #expect(abs((stats["p95Seconds"] as? Double ?? -1) - rank(0.95)) < 0.01, sourceLocation: sourceLocation)
}

import Foundation
import Testing
import ReferenceCRM

@Suite("Interactions, orders, tickets and feedback over HTTP")
struct RecordsAPITests {
    @Test("interactions: CRUD, customerId filter, time checks")
    func interactions() async throws {
        try await withServer { client in
            let alice = try await client.createCustomer("Alice", email: "alice@x.io")
            let bob = try await client.createCustomer("Bob", email: "bob@x.io")
            let created = try await client.post("/api/v1/interactions", [
                "customerId": alice, "channel": "phone",
                "startedAt": "2025-03-01T10:00:00Z", "endedAt": "2025-03-01T10:05:00.500Z", "notes": "call",
            ])
            #expect(created.status == 201)
            let id = try #require(created.json["id"] as? Int)
            #expect(created.json["startedAt"] as? String == "2025-03-01T10:00:00.000Z")
            #expect(created.json["endedAt"] as? String == "2025-03-01T10:05:00.500Z")
            _ = try await client.post("/api/v1/interactions", ["customerId": bob, "channel": "chat"])
            let open = try await client.post("/api/v1/interactions", ["customerId": alice, "channel": "email"])
            #expect(open.json["endedAt"] is NSNull)

            let list = try await client.get("/api/v1/interactions?customerId=\(alice)")
            #expect(list.json["total"] as? Int == 2)
            #expect(list.items.allSatisfy { $0["customerId"] as? Int == alice })
            #expect(try await client.get("/api/v1/interactions").json["total"] as? Int == 3)

            #expect(try await client.get("/api/v1/interactions/\(id)").json["notes"] as? String == "call")
            let patched = try await client.patch("/api/v1/interactions/\(id)", ["notes": "long call"])
            #expect(patched.json["notes"] as? String == "long call")
            let replaced = try await client.put("/api/v1/interactions/\(id)", ["customerId": bob, "channel": "meeting"])
            #expect(replaced.status == 200)
            #expect(replaced.json["customerId"] as? Int == bob)
            #expect(replaced.json["notes"] is NSNull)

            let badChannel = try await client.post("/api/v1/interactions", ["customerId": alice, "channel": "fax"])
            #expect(badChannel.status == 400)
            #expect(badChannel.json["field"] as? String == "channel")
            let backwards = try await client.post("/api/v1/interactions", [
                "customerId": alice, "channel": "chat", "startedAt": "2025-03-01T10:00:00Z", "endedAt": "2025-03-01T09:00:00Z",
            ])
            #expect(backwards.json["field"] as? String == "endedAt")
            let badDate = try await client.post("/api/v1/interactions", [
                "customerId": alice, "channel": "chat", "startedAt": "March 1st",
            ])
            #expect(badDate.status == 400)
            #expect(badDate.json["field"] as? String == "startedAt")
            let unknown = try await client.post("/api/v1/interactions", ["customerId": 424242, "channel": "chat"])
            #expect(unknown.status == 400)
            #expect(unknown.json["field"] as? String == "customerId")
            #expect(try await client.get("/api/v1/interactions?customerId=x").json["field"] as? String == "customerId")

            #expect(try await client.delete("/api/v1/interactions/\(id)").status == 204)
            #expect(try await client.get("/api/v1/interactions/\(id)").status == 404)
        }
    }

    @Test("orders: placed → paid → shipped → delivered, out-of-order 409, filters")
    func orders() async throws {
        try await withServer { client in
            let customer = try await client.createCustomer("Carol", email: "carol@x.io")
            let created = try await client.post("/api/v1/orders", ["customerId": customer, "amount": 99.5, "quantity": 2])
            #expect(created.status == 201)
            #expect(created.json["status"] as? String == "placed")
            #expect(created.json["placedAt"] is String)
            #expect(created.json["paidAt"] is NSNull)
            let id = try #require(created.json["id"] as? Int)

            let skipped = try await client.post("/api/v1/orders/\(id)/ship")
            #expect(skipped.status == 409)
            #expect(skipped.json["error"] is String)
            #expect(skipped.json["field"] as? String == "status")
            let paid = try await client.post("/api/v1/orders/\(id)/pay")
            #expect(paid.status == 200)
            #expect(paid.json["status"] as? String == "paid")
            #expect(paid.json["paidAt"] is String)
            #expect(try await client.post("/api/v1/orders/\(id)/pay").status == 409)
            #expect(try await client.post("/api/v1/orders/\(id)/ship").json["status"] as? String == "shipped")
            let delivered = try await client.post("/api/v1/orders/\(id)/deliver")
            #expect(delivered.json["status"] as? String == "delivered")
            #expect(delivered.json["deliveredAt"] is String)
            #expect(try await client.post("/api/v1/orders/999/pay").status == 404)

            let second = try await client.post("/api/v1/orders", ["customerId": customer, "amount": 5, "quantity": 1])
            let secondId = try #require(second.json["id"] as? Int)
            #expect(try await client.get("/api/v1/orders?status=placed").items.map { $0["id"] as? Int } == [secondId])
            #expect(try await client.get("/api/v1/orders?customerId=\(customer)&status=delivered").json["total"] as? Int == 1)
            #expect(try await client.get("/api/v1/orders?status=lost").json["field"] as? String == "status")

            let patched = try await client.patch("/api/v1/orders/\(secondId)", ["quantity": 3])
            #expect(patched.json["quantity"] as? Int == 3)
            #expect(patched.json["amount"] as? Double == 5)
            let replaced = try await client.put("/api/v1/orders/\(secondId)", ["customerId": customer, "amount": 7.25, "quantity": 1])
            #expect(replaced.json["amount"] as? Double == 7.25)
            #expect(replaced.json["status"] as? String == "placed")
            #expect(try await client.post("/api/v1/orders", ["customerId": customer, "amount": "ten", "quantity": 1])
                .json["field"] as? String == "amount")
            #expect(try await client.post("/api/v1/orders", ["customerId": customer, "amount": 1, "quantity": 0])
                .json["field"] as? String == "quantity")
            #expect(try await client.post("/api/v1/orders", ["customerId": 4242, "amount": 1, "quantity": 1])
                .json["field"] as? String == "customerId")
            #expect(try await client.delete("/api/v1/orders/\(secondId)").status == 204)
        }
    }

    @Test("tickets: open → resolved once, optional order reference")
    func tickets() async throws {
        try await withServer { client in
            let customer = try await client.createCustomer("Dan", email: "dan@x.io")
            let order = try await client.post("/api/v1/orders", ["customerId": customer, "amount": 10, "quantity": 1])
            let orderId = try #require(order.json["id"] as? Int)
            let created = try await client.post("/api/v1/tickets", [
                "customerId": customer, "orderId": orderId, "subject": "Late", "description": "Where is it?",
            ])
            #expect(created.status == 201)
            #expect(created.json["status"] as? String == "open")
            #expect(created.json["resolvedAt"] is NSNull)
            let id = try #require(created.json["id"] as? Int)
            let plain = try await client.post("/api/v1/tickets", ["customerId": customer, "subject": "Hello"])
            #expect(plain.json["orderId"] is NSNull)

            let resolved = try await client.post("/api/v1/tickets/\(id)/resolve")
            #expect(resolved.status == 200)
            #expect(resolved.json["status"] as? String == "resolved")
            #expect(resolved.json["resolvedAt"] is String)
            #expect(try await client.post("/api/v1/tickets/\(id)/resolve").status == 409)
            #expect(try await client.get("/api/v1/tickets?status=open").json["total"] as? Int == 1)
            #expect(try await client.get("/api/v1/tickets?customerId=\(customer)").json["total"] as? Int == 2)
            #expect(try await client.patch("/api/v1/tickets/\(id)", ["subject": "Late parcel"]).json["subject"] as? String
                == "Late parcel")
            #expect(try await client.put("/api/v1/tickets/\(id)", ["customerId": customer, "subject": "S"]).json["orderId"]
                is NSNull)

            let missing = try await client.post("/api/v1/tickets", ["customerId": customer])
            #expect(missing.status == 400)
            #expect(missing.json["field"] as? String == "subject")
            let unknownOrder = try await client.post("/api/v1/tickets", ["customerId": customer, "orderId": 777, "subject": "x"])
            #expect(unknownOrder.status == 400)
            #expect(unknownOrder.json["field"] as? String == "orderId")
            #expect(try await client.delete("/api/v1/tickets/\(id)").status == 204)
            #expect(try await client.get("/api/v1/tickets/\(id)").status == 404)
        }
    }

    @Test("feedback: ratings 1 to 5 only", arguments: [0, 6, -1])
    func feedbackRatingOutOfRange(rating: Int) async throws {
        try await withServer { client in
            let customer = try await client.createCustomer("Eve", email: "eve@x.io")
            let result = try await client.post("/api/v1/feedback", ["customerId": customer, "rating": rating, "text": "hm"])
            #expect(result.status == 400)
            #expect(result.json["field"] as? String == "rating")
        }
    }

    @Test("feedback: CRUD and customerId filter")
    func feedback() async throws {
        try await withServer { client in
            let customer = try await client.createCustomer("Fay", email: "fay@x.io")
            let created = try await client.post("/api/v1/feedback", ["customerId": customer, "rating": 5, "text": "great"])
            #expect(created.status == 201)
            let id = try #require(created.json["id"] as? Int)
            #expect(created.json["createdAt"] is String)
            #expect(try await client.get("/api/v1/feedback?customerId=\(customer)").json["total"] as? Int == 1)
            #expect(try await client.patch("/api/v1/feedback/\(id)", ["rating": 4]).json["rating"] as? Int == 4)
            #expect(try await client.patch("/api/v1/feedback/\(id)", ["rating": 9]).status == 400)
            #expect(try await client.put("/api/v1/feedback/\(id)", ["customerId": customer, "rating": 1, "text": "meh"])
                .json["text"] as? String == "meh")
            #expect(try await client.post("/api/v1/feedback", ["customerId": customer, "rating": 3]).json["field"]
                as? String == "text")
            #expect(try await client.delete("/api/v1/feedback/\(id)").status == 204)
            #expect(try await client.get("/api/v1/feedback/\(id)").status == 404)
        }
    }

    @Test("deleting a customer deletes their records")
    func cascade() async throws {
        try await withServer { client in
            let customer = try await client.createCustomer("Gus", email: "gus@x.io")
            _ = try await client.post("/api/v1/orders", ["customerId": customer, "amount": 1, "quantity": 1])
            _ = try await client.post("/api/v1/feedback", ["customerId": customer, "rating": 2, "text": "x"])
            #expect(try await client.delete("/api/v1/customers/\(customer)").status == 204)
            #expect(try await client.get("/api/v1/orders?customerId=\(customer)").json["total"] as? Int == 0)
            #expect(try await client.get("/api/v1/feedback").json["total"] as? Int == 0)
            #expect(try await client.get("/api/v1/customers/\(customer)/summary").status == 404)
        }
    }
}

import Foundation
import Testing
import ReferenceCRM

@Suite("Customers API over HTTP")
struct CustomerAPITests {
    @Test("healthz needs no token; the API answers 401 without or with a wrong token")
    func auth() async throws {
        try await withServer { client in
            let health = try await client.with(token: nil).get("/healthz")
            #expect(health.status == 200)
            #expect(health.json["status"] as? String == "ok")
            let missing = try await client.with(token: nil).get("/api/v1/customers")
            #expect(missing.status == 401)
            #expect(missing.json["error"] is String)
            #expect(try await client.with(token: "wrong").get("/api/v1/customers").status == 401)
            #expect(try await client.with(token: nil).post("/api/v1/customers", ["name": "A", "email": "a@x.io"]).status == 401)
            #expect(try await client.get("/api/v1/customers").status == 200)
        }
    }

    @Test("create, read, replace, patch, delete")
    func crud() async throws {
        try await withServer { client in
            let created = try await client.post("/api/v1/customers", [
                "name": "Ada Lovelace", "email": "ada@example.com", "phone": "+44 1", "company": "Engines", "segment": "smb",
            ])
            #expect(created.status == 201)
            let id = try #require(created.json["id"] as? Int)
            #expect(created.json["email"] as? String == "ada@example.com")
            #expect(created.json["createdAt"] is String)
            #expect(created.json["updatedAt"] is String)

            let read = try await client.get("/api/v1/customers/\(id)")
            #expect(read.status == 200)
            #expect(read.json["name"] as? String == "Ada Lovelace")
            #expect(read.json["company"] as? String == "Engines")

            let replaced = try await client.put("/api/v1/customers/\(id)", ["name": "Ada King", "email": "ada@king.org"])
            #expect(replaced.status == 200)
            #expect(replaced.json["name"] as? String == "Ada King")
            #expect(replaced.json["phone"] is NSNull, "PUT replaces every field, clearing the phone")

            let patched = try await client.patch("/api/v1/customers/\(id)", ["segment": "enterprise"])
            #expect(patched.status == 200)
            #expect(patched.json["name"] as? String == "Ada King")
            #expect(patched.json["segment"] as? String == "enterprise")
            #expect(try await client.get("/api/v1/customers/\(id)").json["segment"] as? String == "enterprise")

            #expect(try await client.delete("/api/v1/customers/\(id)").status == 204)
            #expect(try await client.get("/api/v1/customers/\(id)").status == 404)
            #expect(try await client.delete("/api/v1/customers/\(id)").status == 404)
            #expect(try await client.put("/api/v1/customers/\(id)", ["name": "X", "email": "x@x.io"]).status == 404)
            #expect(try await client.patch("/api/v1/customers/\(id)", ["name": "X"]).status == 404)
            #expect(try await client.get("/api/v1/customers/999999").status == 404)
            #expect(try await client.get("/api/v1/customers/abc").status == 404)
        }
    }

    @Test("list pages, counts and searches by name or email prefix")
    func listAndSearch() async throws {
        try await withServer { client in
            for i in 0..<25 { _ = try await client.createCustomer("Person \(i)", email: "p\(i)@list.io") }
            _ = try await client.createCustomer("Zed", email: "zed@list.io")
            let first = try await client.get("/api/v1/customers")
            #expect(first.status == 200)
            #expect(first.json["total"] as? Int == 26)
            #expect(first.json["limit"] as? Int == 20)
            #expect(first.json["offset"] as? Int == 0)
            #expect(first.items.count == 20)
            let second = try await client.get("/api/v1/customers?limit=10&offset=20")
            #expect(second.items.count == 6)
            #expect(second.json["offset"] as? Int == 20)
            #expect(try await client.get("/api/v1/customers?limit=500").json["limit"] as? Int == 100)
            #expect(try await client.get("/api/v1/customers?search=Zed").items.map { $0["email"] as? String } == ["zed@list.io"])
            #expect(try await client.get("/api/v1/customers?search=p1").json["total"] as? Int == 11)  // p1, p10..p19
            #expect(try await client.get("/api/v1/customers?search=Person%202").json["total"] as? Int == 6)
            let badLimit = try await client.get("/api/v1/customers?limit=abc")
            #expect(badLimit.status == 400)
            #expect(badLimit.json["field"] as? String == "limit")
            #expect(try await client.get("/api/v1/customers?offset=-1").json["field"] as? String == "offset")
        }
    }

    @Test("bad bodies answer 400 naming the field")
    func badBodies() async throws {
        try await withServer { client in
            let malformed = try await client.send("POST", "/api/v1/customers", raw: Data("{\"name\": ".utf8))
            #expect(malformed.status == 400)
            #expect(malformed.json["field"] as? String == "body")
            #expect(malformed.json["error"] is String)
            let missing = try await client.post("/api/v1/customers", ["name": "No Email"])
            #expect(missing.status == 400)
            #expect(missing.json["field"] as? String == "email")
            let illTyped = try await client.post("/api/v1/customers", ["name": 42, "email": "n@x.io"])
            #expect(illTyped.status == 400)
            #expect(illTyped.json["field"] as? String == "name")
            let empty = try await client.post("/api/v1/customers", ["name": "  ", "email": "n@x.io"])
            #expect(empty.json["field"] as? String == "name")
            let badEmail = try await client.post("/api/v1/customers", ["name": "N", "email": "not-an-email"])
            #expect(badEmail.status == 400)
            #expect(badEmail.json["field"] as? String == "email")
            let notObject = try await client.send("POST", "/api/v1/customers", raw: Data("[1,2]".utf8))
            #expect(notObject.status == 400)
            #expect(notObject.json["field"] as? String == "body")
            let patchTyped = try await client.patch("/api/v1/customers/1", ["phone": 5])
            #expect(patchTyped.status == 400)
            #expect(patchTyped.json["field"] as? String == "phone")
        }
    }

    @Test("a body over 1 MiB answers 413")
    func bodyTooLarge() async throws {
        try await withServer { client in
            let big = "{\"name\":\"" + String(repeating: "a", count: 1_100_000) + "\",\"email\":\"big@x.io\"}"
            let result = try await client.send("POST", "/api/v1/customers", raw: Data(big.utf8))
            #expect(result.status == 413)
            #expect(result.json["error"] is String)
            #expect(try await client.get("/api/v1/customers?search=big").json["total"] as? Int == 0)
        }
    }

    @Test("a duplicate email answers 409, on create and on update")
    func duplicateEmail() async throws {
        try await withServer { client in
            let first = try await client.createCustomer("One", email: "dup@x.io")
            let again = try await client.post("/api/v1/customers", ["name": "Two", "email": "dup@x.io"])
            #expect(again.status == 409)
            #expect(again.json["field"] as? String == "email")
            let other = try await client.createCustomer("Three", email: "three@x.io")
            let patched = try await client.patch("/api/v1/customers/\(other)", ["email": "dup@x.io"])
            #expect(patched.status == 409)
            #expect(try await client.get("/api/v1/customers/\(first)").json["name"] as? String == "One")
        }
    }

    @Test("racing creates with the same email: exactly one 201, the rest 409")
    func racingDuplicates() async throws {
        try await withServer { client in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<16 {
                    group.addTask {
                        try await client.post("/api/v1/customers", ["name": "Racer \(i)", "email": "race@x.io"]).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1)
            #expect(statuses.filter { $0 == 409 }.count == 15)
            #expect(try await client.get("/api/v1/customers?search=race").json["total"] as? Int == 1)
        }
    }
}

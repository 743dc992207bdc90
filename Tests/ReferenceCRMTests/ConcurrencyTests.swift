import Foundation
import Testing
import ReferenceCRM

@Suite("Concurrent writers")
struct ConcurrencyTests {
    @Test("8 concurrent writers create 2,000 customers; all read back intact, no 5xx")
    func concurrentWriters() async throws {
        try await withServer { client in
            let writers = 8
            let perWriter = 250
            let created = try await withThrowingTaskGroup(of: [(Int, Int, Int)].self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        var results: [(Int, Int, Int)] = []  // (writer, index, status)
                        for index in 0..<perWriter {
                            let result = try await client.post("/api/v1/customers", [
                                "name": "Writer \(writer) #\(index)", "email": "w\(writer)-\(index)@load.io",
                                "phone": "+1-\(writer)-\(index)", "company": "Co \(writer)", "segment": "s\(index % 3)",
                            ])
                            results.append((writer, index, result.status))
                        }
                        return results
                    }
                }
                return try await group.reduce(into: [(Int, Int, Int)]()) { $0 += $1 }
            }
            #expect(created.count == 2_000)
            #expect(created.allSatisfy { $0.2 == 201 }, "statuses: \(Set(created.map { $0.2 }))")

            var seen: [String: [String: Any]] = [:]
            for page in 0..<20 {
                let result = try await client.get("/api/v1/customers?limit=100&offset=\(page * 100)")
                #expect(result.status == 200)
                #expect(result.json["total"] as? Int == 2_000)
                for item in result.items { seen[item["email"] as? String ?? ""] = item }
            }
            #expect(seen.count == 2_000)
            for writer in 0..<writers {
                for index in 0..<perWriter {
                    let item = seen["w\(writer)-\(index)@load.io"]
                    #expect(item?["name"] as? String == "Writer \(writer) #\(index)")
                    #expect(item?["phone"] as? String == "+1-\(writer)-\(index)")
                    #expect(item?["company"] as? String == "Co \(writer)")
                    #expect(item?["segment"] as? String == "s\(index % 3)")
                }
            }
        }
    }
}

import Foundation
import Testing
import ReferenceCRM

@Suite("/metrics")
struct MetricsAPITests {
    @Test("counts every request exactly, by route template, method and status")
    func exactCounts() async throws {
        try await withServer { client in
            let id = try await client.createCustomer("Counted", email: "counted@x.io")  // 201
            for _ in 0..<5 { _ = try await client.get("/api/v1/customers/\(id)") }        // 5 × 200
            _ = try await client.get("/api/v1/customers/424242")                           // 404
            _ = try await client.with(token: nil).get("/api/v1/customers")                 // 401
            _ = try await client.post("/api/v1/customers", ["name": "x"])                   // 400
            _ = try await client.get("/healthz")                                            // 200
            _ = try await client.get("/nowhere")                                            // 404 unmatched
            _ = try await client.get("/metrics")                                            // not counted
            let scrape = try await client.with(token: nil).get("/metrics")
            #expect(scrape.status == 200)
            let samples = parse(scrape.text)
            let requests = samples.filter { $0.name == "crm_http_requests_total" }
            #expect(requests.reduce(0) { $0 + $1.value } == 11)
            let versions = samples.filter { $0.name == "crm_http_requests_by_version_total" }
            #expect(versions.map { [$0.labels["version"] ?? "", String($0.value)] } == [["1", "11.0"], ["2", "0.0"]])
            func count(_ route: String, _ method: String, _ status: String) -> Double? {
                requests.first { $0.labels == ["route": route, "method": method, "status": status] }?.value
            }
            #expect(count("/api/v1/customers/{id}", "GET", "200") == 5)
            #expect(count("/api/v1/customers/{id}", "GET", "404") == 1)
            #expect(count("/api/v1/customers", "POST", "201") == 1)
            #expect(count("/api/v1/customers", "POST", "400") == 1)
            #expect(count("/api/v1/customers", "GET", "401") == 1)
            #expect(count("/healthz", "GET", "200") == 1)
            #expect(count("NotFound", "GET", "404") == 1)
            #expect(!requests.contains { $0.labels["route"] == "/metrics" })

            let durationCount = samples.filter { $0.name == "crm_http_request_duration_seconds_count" }
            #expect(durationCount.reduce(0) { $0 + $1.value } == 11)
            let bucketInf = samples.first {
                $0.name == "crm_http_request_duration_seconds_bucket" && $0.labels["le"] == "+Inf"
                    && $0.labels["route"] == "/api/v1/customers/{id}"
            }
            #expect(bucketInf?.value == 6)
            #expect((samples.first { $0.name == "crm_db_queries_total" }?.value ?? 0) > 0)
            #expect((samples.first { $0.name == "crm_db_query_seconds_total" }?.value ?? -1) >= 0)
            #expect((samples.first { $0.name == "process_cpu_seconds_total" }?.value ?? 0) > 0)
            #expect((samples.first { $0.name == "process_resident_memory_bytes" }?.value ?? 0) > 1_000_000)
        }
    }

    @Test("injected 503s are counted under their route")
    func failuresCounted() async throws {
        var configuration = testConfiguration()
        configuration.failRate = 1
        try await withServer(configuration) { client in
            for _ in 0..<4 { _ = try await client.get("/api/v1/orders") }
            let samples = parse(try await client.get("/metrics").text)
            let failed = samples.first {
                $0.name == "crm_http_requests_total" && $0.labels["route"] == "/api/v1/orders" && $0.labels["status"] == "503"
            }
            #expect(failed?.value == 4)
        }
    }

    @Test("database busy time covers the statements; cache lookups are counted by result", .tags(.timing))
    func databaseBusyAndCacheLookups() async throws {
        var configuration = testConfiguration()
        configuration.cacheEnabled = true
        try await withServer(configuration) { client in
            func value(_ samples: [Sample], _ name: String, _ labels: [String: String] = [:]) -> Double? {
                samples.first { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }?.value
            }
            // Startup (migration, seeding) runs statements outside any request: compare the change.
            let before = parse(try await client.get("/metrics").text)
            let id = try await client.createCustomer("Cached", email: "cached@x.io")
            for _ in 0..<4 { _ = try await client.get("/api/v1/customers/\(id)") }  // 1 miss, then 3 hits
            let after = parse(try await client.get("/metrics").text)
            #expect(value(after, "crm_cache_lookups_total", ["result": "miss"]) == 1)
            #expect(value(after, "crm_cache_lookups_total", ["result": "hit"]) == 3)
            #expect(value(after, "crm_db_embedded") == 1)
            let busy = try #require(value(after, "crm_db_busy_seconds_total")) - (value(before, "crm_db_busy_seconds_total") ?? 0)
            // Five accesses on a fresh in-memory database: measurably busy, and far below a second. (SQLite's own
            // statement times behind crm_db_query_seconds_total tick in whole milliseconds, so they cannot be
            // compared at this size.)
            #expect(busy > 0)
            #expect(busy < 1)
        }
    }

    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// A small parser for the text format: `name{a="b",c="d"} value`.
    func parse(_ text: String) -> [Sample] {
        text.split(separator: "\n").compactMap { line -> Sample? in
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " ") else { return nil }
            let head = line[..<space]
            guard let value = Double(line[line.index(after: space)...]) else { return nil }
            guard let brace = head.firstIndex(of: "{") else { return Sample(name: String(head), labels: [:], value: value) }
            var labels: [String: String] = [:]
            for pair in head[head.index(after: brace)..<head.index(before: head.endIndex)].split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
            }
            return Sample(name: String(head[..<brace]), labels: labels, value: value)
        }
    }
}

import Foundation
import Testing
import ReferenceCRM

@Suite("Tuning and fault knobs on a running server")
struct KnobsAPITests {
    @Test("--fail-rate 1 answers 503 on the API but not on /healthz")
    func failRate() async throws {
        var configuration = testConfiguration()
        configuration.failRate = 1
        try await withServer(configuration) { client in
            let result = try await client.get("/api/v1/customers")
            #expect(result.status == 503)
            #expect(result.json["error"] is String)
            #expect(try await client.get("/healthz").status == 200)
        }
    }

    @Test("--latency adds its delay to every API request", .tags(.timing))
    func latency() async throws {
        var configuration = testConfiguration()
        configuration.addedLatency = DurationRange(fixed: .milliseconds(150))
        try await withServer(configuration) { client in
            let start = ContinuousClock.now
            for _ in 0..<3 {
                let result = try await client.get("/api/v1/customers")
                #expect(result.status == 200)
            }
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(450))
        }
    }

    @Test("--cpu-work burns time on every API request", .tags(.timing))
    func cpuWork() async throws {
        var configuration = testConfiguration()
        configuration.cpuWork = .milliseconds(100)
        try await withServer(configuration) { client in
            let start = ContinuousClock.now
            let result = try await client.get("/api/v1/customers")
            #expect(result.status == 200)
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(100))
        }
    }

    @Test("--workers 1: one request's CPU work at a time, each a full --cpu-work of CPU time", .tags(.timing))
    func oneWorkerSerializesCPUWork() async throws {
        var configuration = testConfiguration()
        configuration.cpuWork = .milliseconds(50)
        configuration.workerThreads = 1
        try await withServer(configuration) { client in
            func cpuSeconds() async throws -> Double {
                let text = try await client.get("/metrics").text
                let line = text.split(separator: "\n").first { $0.hasPrefix("process_cpu_seconds_total ") }
                return try #require(line.flatMap { Double($0.split(separator: " ")[1]) })
            }
            let cpuBefore = try await cpuSeconds()
            let start = ContinuousClock.now
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { try await client.get("/api/v1/customers").status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let elapsed = ContinuousClock.now - start
            #expect(statuses == [200, 200, 200, 200])
            // Four 50 ms spins through one worker cannot overlap (without the limit, two cores take about 100 ms).
            #expect(elapsed >= .milliseconds(200))
            // Each spin is 50 ms of CPU time, not of wall time.
            #expect(try await cpuSeconds() - cpuBefore >= 0.2)
        }
    }

    @Test("--cache on gives the same answers and sees every update")
    func cache() async throws {
        var configuration = testConfiguration()
        configuration.cacheEnabled = true
        try await withServer(configuration) { client in
            let id = try await client.createCustomer("Cached", email: "cached@x.io")
            let first = try await client.get("/api/v1/customers/\(id)")
            let second = try await client.get("/api/v1/customers/\(id)")
            #expect(first.status == 200)
            #expect(first.body == second.body)
            _ = try await client.patch("/api/v1/customers/\(id)", ["name": "Renamed"])
            #expect(try await client.get("/api/v1/customers/\(id)").json["name"] as? String == "Renamed")
            _ = try await client.put("/api/v1/customers/\(id)", ["name": "Replaced", "email": "cached@x.io"])
            #expect(try await client.get("/api/v1/customers/\(id)").json["name"] as? String == "Replaced")

            #expect(try await client.get("/api/v1/customers/\(id)/summary").json["purchaseCount"] as? Int == 0)
            let order = try await client.post("/api/v1/orders", ["customerId": id, "amount": 4, "quantity": 1])
            #expect(try await client.get("/api/v1/customers/\(id)/summary").json["purchaseCount"] as? Int == 1)
            let orderId = try #require(order.json["id"] as? Int)
            _ = try await client.patch("/api/v1/orders/\(orderId)", ["amount": 6])
            #expect(try await client.get("/api/v1/customers/\(id)/summary").json["purchaseAmount"] as? Double == 6)
            _ = try await client.delete("/api/v1/orders/\(orderId)")
            #expect(try await client.get("/api/v1/customers/\(id)/summary").json["purchaseCount"] as? Int == 0)

            _ = try await client.delete("/api/v1/customers/\(id)")
            #expect(try await client.get("/api/v1/customers/\(id)").status == 404)
            #expect(try await client.get("/api/v1/customers/\(id)/summary").status == 404)
        }
    }

    @Test("--no-index serves the same data")
    func noIndex() async throws {
        var configuration = testConfiguration()
        configuration.secondaryIndexes = false
        configuration.seedCustomers = 50
        try await withServer(configuration) { client in
            let search = try await client.get("/api/v1/customers?search=customer5")
            #expect(search.json["total"] as? Int == 2)  // customer5, customer50
            let orders = try await client.get("/api/v1/orders?customerId=3")
            #expect(orders.json["total"] as? Int == 3)
            let summary = try await client.get("/api/v1/customers/3/summary")
            #expect(summary.json["purchaseCount"] as? Int == 3)
        }
    }

    @Test("--in-memory and --workers run the same API")
    func inMemoryWithWorkers() async throws {
        var configuration = testConfiguration()
        configuration.database = .inMemory
        configuration.workerThreads = 1
        configuration.seedCustomers = 5
        try await withServer(configuration) { client in
            #expect(try await client.get("/api/v1/customers").json["total"] as? Int == 5)
            _ = try await client.createCustomer("Mem", email: "mem@x.io")
            #expect(try await client.get("/api/v1/customers").json["total"] as? Int == 6)
        }
    }

    @Test("--stall holds a request that arrives during the stall until it ends", .tags(.timing))
    func stall() async throws {
        // Stalled from 1s to 2s after the pinned origin, every 2s: a request sent at 1.3s waits about 0.7s, however
        // long the server took to start.
        var configuration = testConfiguration()
        configuration.stall = StallSchedule(stall: .seconds(1), every: .seconds(2))
        let started = ContinuousClock.now
        configuration.stallOrigin = started
        let server = try await RunningServer.start(configuration: configuration)
        let client = TestClient(baseURL: server.baseURL, token: testToken)
        if ContinuousClock.now - started < .milliseconds(900) {
            let early = try await client.get("/healthz")
            #expect(early.status == 200)
        }
        try await Task.sleep(until: started + .milliseconds(1_300), clock: .continuous)
        let requested = ContinuousClock.now
        let held = try await client.get("/healthz")
        let answered = ContinuousClock.now
        try await server.stop()
        #expect(held.status == 200)
        // A request sent inside the stall (1 s…2 s after the origin) is answered only once the stall is over.
        if requested - started < .milliseconds(1_950) {
            #expect(answered - started >= .milliseconds(1_990), "sent at \(requested - started), answered at \(answered - started)")
        }
    }
}

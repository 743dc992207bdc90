import Foundation
import BenchCore
import Testing
@testable import LoadEngine

@Suite(.serialized, .tags(.timing)) struct EngineTests {
    private func run(url: String, connections: Int = 4, threads: Int = 1, durationMillis: UInt64 = 0,
                     iterations: UInt64? = nil, timeoutMillis: Int = 5_000, rate: Double? = nil,
                     driver: ((Int) -> SlotDriver)? = nil) throws -> EngineOutput {
        var config = EngineConfiguration()
        if let rate { config.model = .open(ratePerSecond: rate) }
        config.connections = connections
        config.threads = threads
        config.durationNanos = durationMillis * 1_000_000
        config.maxIterations = iterations
        config.client.timeoutMillis = timeoutMillis
        config.gracefulStopNanos = 5_000_000_000
        let engine = Engine(configuration: config, endpointNames: ["GET /x"])
        let request = HTTPRequestSpec(id: 0, endpointIndex: 0, method: "GET", url: url)
        return try engine.run(control: engine.makeControl(), makeDriver: driver ?? { _ in FixedRequestDriver(requests: [request]) })
    }

    @Test func countsEveryRequestTheServerAnswered() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let output = try run(url: "http://127.0.0.1:\(server.port)/x", connections: 8, threads: 2, iterations: 2_000)
        #expect(output.requests == 2_000)
        #expect(server.requestCount == 2_000)
        #expect(output.overall.errors == 0)
        #expect(output.overall.statusCountsByCode == ["200": 2_000])
        #expect(output.overall.latency.count == 2_000)
        #expect(output.overall.bytesReceived > 2_000 * 20)
        #expect(output.timeSeries.reduce(0) { $0 + $1.requests } == 2_000)
        #expect(output.cpuBusyFraction.count == 2)
    }

    @Test func openModelOpensConnectionsBeforeTheSchedule() throws {
        let server = try TestHTTPServer(delayMicros: 2_000)
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)/x"
        var config = EngineConfiguration()
        config.model = .open(ratePerSecond: 400)
        config.connections = 16
        config.threads = 2
        config.durationNanos = 1_500_000_000
        config.warmupURL = url
        // 400/s: rate / 100 = 4 connections, two per worker.
        #expect(config.preopenConnections == 4)
        let engine = Engine(configuration: config, endpointNames: ["GET /x"])
        let request = HTTPRequestSpec(id: 0, endpointIndex: 0, method: "GET", url: url)
        let output = try engine.run(control: engine.makeControl()) { _ in FixedRequestDriver(requests: [request]) }
        let before = try #require(server.beforeFirstRequest)
        #expect(before.connections >= 4 && before.heads == 4)
        #expect(output.preopenedConnections == 4)
        #expect(output.requests == 600)
        #expect(server.requestCount == 604)
        // At 2 ms a request and 400/s, about one is in flight: the pre-opened connections carry the first second.
        #expect(output.connectsFirstSecond == 0)
        #expect(output.warmupLag.count + output.steadyLag.count == output.lag.count)
    }

    @Test func connectionRefusedIsCountedNotCrashed() throws {
        // Bind then close a server to get a port nothing listens on.
        let server = try TestHTTPServer()
        let port = server.port
        server.stop()
        let output = try run(url: "http://127.0.0.1:\(port)/x", connections: 2, iterations: 20)
        #expect(output.requests == 20)
        #expect(output.overall.errorCountsByKind == ["connectRefused": 20])
        #expect(output.overall.statusCountsByCode == ["0": 20])
    }

    @Test func serverErrorsAreClassified() throws {
        let server = try TestHTTPServer(status: 503)
        defer { server.stop() }
        let output = try run(url: "http://127.0.0.1:\(server.port)/x", iterations: 50)
        #expect(output.overall.errorCountsByKind == ["http5xx": 50])
        let notFound = try TestHTTPServer(status: 404)
        defer { notFound.stop() }
        let output404 = try run(url: "http://127.0.0.1:\(notFound.port)/x", iterations: 10)
        #expect(output404.overall.errorCountsByKind == ["http4xx": 10])
    }

    @Test func slowResponsesTimeOut() throws {
        let server = try TestHTTPServer(delayMicros: 700_000)
        defer { server.stop() }
        let output = try run(url: "http://127.0.0.1:\(server.port)/x", connections: 2, iterations: 2, timeoutMillis: 200)
        #expect(output.overall.errorCountsByKind == ["timeout": 2])
        #expect(output.overall.latencyAll.minMicros >= 190_000)
    }

    @Test func durationBoundsTheRun() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let output = try run(url: "http://127.0.0.1:\(server.port)/x", connections: 2, durationMillis: 300)
        #expect(output.requests > 10)
        #expect(output.elapsedNanos < 2_000_000_000)
        #expect(output.requests == UInt64(server.requestCount))
    }

    @Test func stopRequestEndsTheRunEarly() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        var config = EngineConfiguration()
        config.connections = 2
        config.durationNanos = 30_000_000_000
        let engine = Engine(configuration: config, endpointNames: ["x"])
        let control = engine.makeControl()
        let request = HTTPRequestSpec(id: 0, endpointIndex: 0, method: "GET", url: "http://127.0.0.1:\(server.port)/x")
        let stopper = Thread { usleep(300_000); control.requestStop(reason: "test stop") }
        stopper.start()
        let output = try engine.run(control: control) { _ in FixedRequestDriver(requests: [request]) }
        #expect(output.stopReason == "test stop")
        #expect(output.elapsedNanos < 5_000_000_000)
        #expect(output.requests > 0)
    }

    @Test func invalidConfigurationIsRefusedWithEveryProblem() {
        var config = EngineConfiguration()
        config.model = .open(ratePerSecond: -1)
        config.connections = 0
        config.threads = 0
        config.client.timeoutMillis = 0
        #expect(config.validate().count == 4)
        let engine = Engine(configuration: config, endpointNames: ["x"])
        #expect(throws: Engine.StartProblem.self) {
            try engine.run(control: engine.makeControl()) { _ in FixedRequestDriver(requests: []) }
        }
    }

    @Test func postBodiesAndCapturedResponsesReachTheDriver() throws {
        let server = try TestHTTPServer(status: 201)
        defer { server.stop() }
        final class Capturing: SlotDriver {
            let url: String
            var bodies: [String] = []
            var headers: [[String]] = []
            init(url: String) { self.url = url }
            var capturesResponses: Bool { true }
            func beginIteration(slot: Int, intendedNanos: UInt64) -> SlotAction {
                .send(HTTPRequestSpec(id: -1, endpointIndex: 0, method: "POST", url: url,
                                      headers: ["Content-Type: application/json"], body: Array(#"{"name":"x"}"#.utf8)))
            }
            func completed(slot: Int, outcome: inout RequestOutcome, response: CapturedResponse?) -> SlotAction {
                bodies.append(String(decoding: response?.body ?? [], as: UTF8.self))
                headers.append(response?.headerLines ?? [])
                return .iterationDone
            }
            func waitElapsed(slot: Int, nowNanos: UInt64) -> SlotAction { .iterationDone }
            func interrupted(slot: Int) {}
        }
        let driver = Capturing(url: "http://127.0.0.1:\(server.port)/customers")
        let output = try run(url: "", connections: 1, iterations: 3, driver: { _ in driver })
        #expect(output.requests == 3)
        #expect(driver.bodies == Array(repeating: #"{"id":42,"status":"ok"}"#, count: 3))
        #expect(driver.headers.allSatisfy { $0.first?.hasPrefix("HTTP/1.1 201") == true && $0.contains("Content-Type: application/json") })
        #expect(output.overall.bytesSent > 3 * 12)
    }
}

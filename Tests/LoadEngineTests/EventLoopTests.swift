import Foundation
import BenchCore
import Testing
@testable import LoadEngine

/// Both event loops (`curl_multi_poll`, and `curl_multi_socket_action` with epoll) against a local server:
/// the same requests, the same errors, the same schedule.
@Suite(.serialized, .tags(.timing)) struct EventLoopTests {
    static let loops: [EngineConfiguration.EventLoop] = [.poll, .epoll]

    private func configuration(_ loop: EngineConfiguration.EventLoop, connections: Int, threads: Int = 1,
                               iterations: UInt64? = nil, durationMillis: UInt64 = 0) -> EngineConfiguration {
        var config = EngineConfiguration()
        config.eventLoop = loop
        config.connections = connections
        config.threads = threads
        config.maxIterations = iterations
        config.durationNanos = durationMillis * 1_000_000
        config.gracefulStopNanos = 5_000_000_000
        return config
    }

    private func run(_ config: EngineConfiguration, port: UInt16) throws -> EngineOutput {
        let engine = Engine(configuration: config, endpointNames: ["x"])
        let request = HTTPRequestSpec(id: 0, endpointIndex: 0, method: "GET", url: "http://127.0.0.1:\(port)/x")
        return try engine.run(control: engine.makeControl()) { _ in FixedRequestDriver(requests: [request]) }
    }

    @Test(arguments: loops) func countsEveryRequest(loop: EngineConfiguration.EventLoop) throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let output = try run(configuration(loop, connections: 8, threads: 2, iterations: 2_000), port: server.port)
        #expect(output.eventLoops == [loop, loop])
        #expect(output.requests == 2_000)
        #expect(server.requestCount == 2_000)
        #expect(output.overall.errors == 0)
        #expect(output.overall.statusCountsByCode == ["200": 2_000])
        #expect(output.timeSeries.reduce(0) { $0 + $1.requests } == 2_000)
    }

    @Test(arguments: loops) func manyConnections(loop: EngineConfiguration.EventLoop) throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let output = try run(configuration(loop, connections: 200, iterations: 2_000), port: server.port)
        #expect(output.requests == 2_000)
        #expect(server.requestCount == 2_000)
        #expect(output.overall.errors == 0)
    }

    /// Epoll spreads a worker's connections over several multi handles, each with its own connection cache.
    @Test func connectionsSpreadOverSeveralMultiHandles() throws {
        let server = try TestHTTPServer(closeAfterResponses: 7)
        defer { server.stop() }
        var config = configuration(.epoll, connections: 120, threads: 2, iterations: 3_000)
        config.connectionsPerMulti = 16
        #expect(SocketActionLoop.multiCount(connections: 60, perMulti: 16) == 4)
        let output = try run(config, port: server.port)
        #expect(output.eventLoops == [.epoll, .epoll])
        #expect(output.requests == 3_000)
        #expect(server.requestCount == 3_000)
        #expect(output.overall.errors == 0)
    }

    @Test(arguments: loops) func errorsAreClassified(loop: EngineConfiguration.EventLoop) throws {
        let closed = try TestHTTPServer()
        let closedPort = closed.port
        closed.stop()
        let refused = try run(configuration(loop, connections: 2, iterations: 20), port: closedPort)
        #expect(refused.overall.errorCountsByKind == ["connectRefused": 20])

        let failing = try TestHTTPServer(status: 503)
        defer { failing.stop() }
        let serverErrors = try run(configuration(loop, connections: 4, iterations: 50), port: failing.port)
        #expect(serverErrors.overall.errorCountsByKind == ["http5xx": 50])

        let slow = try TestHTTPServer(delayMicros: 700_000)
        defer { slow.stop() }
        var config = configuration(loop, connections: 2, iterations: 2)
        config.client.timeoutMillis = 200
        let timeouts = try run(config, port: slow.port)
        #expect(timeouts.overall.errorCountsByKind == ["timeout": 2])
        #expect(timeouts.overall.latencyAll.minMicros >= 190_000)
    }

    /// The server drops keep-alive connections without notice: with epoll such a socket is still in the set
    /// while no transfer watches it, and its number comes back for the next connection.
    @Test(arguments: loops) func connectionsClosedByTheServerAreReplaced(loop: EngineConfiguration.EventLoop) throws {
        let server = try TestHTTPServer(closeAfterResponses: 3)
        defer { server.stop() }
        let output = try run(configuration(loop, connections: 4, iterations: 300), port: server.port)
        #expect(output.requests == 300)
        #expect(output.overall.errors == 0)
        #expect(server.requestCount == 300)
    }

    @Test(arguments: loops) func openModelKeepsTheSchedule(loop: EngineConfiguration.EventLoop) throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        var config = configuration(loop, connections: 20, durationMillis: 1_000)
        config.model = .open(ratePerSecond: 400, durationNanos: 1_000_000_000, maxInFlight: 20)
        let output = try run(config, port: server.port)
        #expect(output.requests == 400)
        #expect(output.droppedArrivals == 0)
        // Each request leaves at its scheduled microsecond: the median send lag stays well under a millisecond.
        #expect(output.lag.count == 400)
        #expect(output.lag.valueAt(percentile: 50) < 1_000)
    }

    @Test(arguments: loops) func thinkTimesEndOnTime(loop: EngineConfiguration.EventLoop) throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let driver = ThinkingDriver(url: "http://127.0.0.1:\(server.port)/x", thinkNanos: 20_000_000)
        var config = configuration(loop, connections: 2, durationMillis: 400)
        config.gracefulStopNanos = 1_000_000_000
        let engine = Engine(configuration: config, endpointNames: ["x"])
        let output = try engine.run(control: engine.makeControl()) { _ in driver }
        // Two slots, a request then 20 ms of thinking per iteration, for 400 ms: about 20 iterations each.
        #expect(output.requests >= 20 && output.requests <= 44)
        let lateness = driver.wakeLatenessNanos.sorted()
        #expect(!lateness.isEmpty)
        #expect(lateness[lateness.count / 2] < 2_000_000)
    }

    @Test(arguments: loops) func gracefulStopAbortsWhatIsStillRunning(loop: EngineConfiguration.EventLoop) throws {
        let server = try TestHTTPServer(delayMicros: 800_000)
        defer { server.stop() }
        var config = configuration(loop, connections: 2, durationMillis: 200)
        config.gracefulStopNanos = 100_000_000
        let output = try run(config, port: server.port)
        #expect(output.abortedRequests == 2)
        // Cut off at the deadline, they are counted as timeouts with the latency they had reached.
        #expect(output.requests == 2)
        #expect(output.overall.errorCounts[ErrorKind.timeout.index] == 2)
        #expect(output.overall.statusCounts[0] == 2)
        #expect(output.overall.latencyAll.minMicros >= 250_000)
        #expect(output.elapsedNanos < 700_000_000)
    }

    @Test(arguments: [
        (EngineConfiguration.EventLoop.auto, 1, EngineConfiguration.EventLoop.poll),
        (.auto, EngineConfiguration.EventLoop.epollFromConnections - 1, .poll),
        (.auto, EngineConfiguration.EventLoop.epollFromConnections, .epoll),
        (.poll, 10_000, .poll),
        (.epoll, 1, .epoll),
    ])
    func autoChoosesByConnections(asked: EngineConfiguration.EventLoop, connections: Int,
                                  expected: EngineConfiguration.EventLoop) {
        #expect(asked.resolved(connections: connections) == expected)
    }
}

/// Each iteration: one request, then a think time; records how late each think time ended.
private final class ThinkingDriver: SlotDriver {
    private let request: HTTPRequestSpec
    private let thinkNanos: UInt64
    private var thinkingUntil: [Int: UInt64] = [:]
    private(set) var wakeLatenessNanos: [UInt64] = []

    init(url: String, thinkNanos: UInt64) {
        request = HTTPRequestSpec(id: 0, endpointIndex: 0, method: "GET", url: url)
        self.thinkNanos = thinkNanos
    }

    var capturesResponses: Bool { false }

    func beginIteration(slot: Int, intendedNanos: UInt64) -> SlotAction { .send(request) }

    func completed(slot: Int, outcome: inout RequestOutcome, response: CapturedResponse?) -> SlotAction {
        let until = outcome.endNanos + thinkNanos
        thinkingUntil[slot] = until
        return .wait(untilNanos: until)
    }

    func waitElapsed(slot: Int, nowNanos: UInt64) -> SlotAction {
        if let until = thinkingUntil[slot] { wakeLatenessNanos.append(nowNanos &- until) }
        return .iterationDone
    }

    func interrupted(slot: Int) {}
}

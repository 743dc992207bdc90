import BenchCore
import Foundation
@testable import LoadEngine
import Testing

/// What the engine counts when a server misbehaves: one broken reply per case, through the real engine and
/// libcurl, each bounded by a 500 ms client timeout.
@Suite(.serialized, .tags(.timing)) struct HostileServerTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var behaviour: HostileServer.Behaviour
        var kind: ErrorKind
        /// Part of the failure text a scenario's failure sample shows.
        var text: String
        var testDescription: String { "\(behaviour.rawValue) → \(kind.rawValue)" }
    }

    static let cases: [Case] = [
        Case(behaviour: .resetMidHeaders, kind: .receive, text: "Connection reset by peer"),
        Case(behaviour: .resetMidBody, kind: .receive, text: "Connection reset by peer"),
        Case(behaviour: .shortBody, kind: .receive, text: "97 bytes remaining"),
        // libcurl reports a bad chunk size as CURLE_RECV_ERROR, the code of a reset: only its wording differs,
        // and classifying by wording would break with the next libcurl. The text says what it was.
        Case(behaviour: .badChunkEncoding, kind: .receive, text: "chunked"),
        Case(behaviour: .garbageStatusLine, kind: .protocol, text: "HTTP/0.9"),
        Case(behaviour: .nonNumericStatus, kind: .protocol, text: "Unsupported HTTP version"),
        Case(behaviour: .headerWithoutColon, kind: .protocol, text: "Header without colon"),
        Case(behaviour: .hugeHeaderLine, kind: .protocol, text: "response header too large"),
        Case(behaviour: .trickle, kind: .timeout, text: "timed out"),
        Case(behaviour: .neverAnswer, kind: .timeout, text: "timed out"),
        Case(behaviour: .status999, kind: .protocol, text: "invalid HTTP status 999"),
        Case(behaviour: .status600, kind: .protocol, text: "invalid HTTP status 600"),
        Case(behaviour: .http09, kind: .protocol, text: "HTTP/0.9"),
        Case(behaviour: .emptyReply, kind: .receive, text: "Empty reply"),
    ]

    @Test func everyBehaviourHasACase() {
        #expect(Set(Self.cases.map(\.behaviour)) == Set(HostileServer.Behaviour.allCases))
    }

    @Test(arguments: cases)
    func countsTheKind(_ row: Case) throws {
        let server = try HostileServer(row.behaviour)
        defer { server.stop() }
        let requests: UInt64 = 2
        let output = try run(url: server.url, iterations: requests)
        #expect(output.requests == requests)
        #expect(output.overall.errorCountsByKind == [row.kind.rawValue: requests])
        // No response came: status 0, no HTTP version, whatever libcurl read of a status line first.
        #expect(output.overall.statusCountsByCode == ["0": requests])
        #expect(output.overall.httpVersionsByName.isEmpty)
        #expect(output.overall.latency.maxMicros < 2_000_000)
    }

    @Test(arguments: cases)
    func failureTextIsLibcurlsOwn(_ row: Case) throws {
        let server = try HostileServer(row.behaviour)
        defer { server.stop() }
        let recorder = RecordingDriver(url: server.url)
        let output = try run(url: server.url, iterations: 1, driver: recorder)
        #expect(output.overall.errorCountsByKind == [row.kind.rawValue: 1])
        #expect(recorder.responses.count == 1)
        let text = recorder.responses.first?.errorText ?? ""
        #expect(text.contains(row.text), "\(text)")
        #expect(recorder.responses.first?.status == 0)
    }

    @Test(arguments: ["http://bücher.invalid/x", "http://nowhere-crmbench-test.invalid/x"])
    func namesThatDoNotResolveAreDNS(url: String) throws {
        let recorder = RecordingDriver(url: url)
        let output = try run(url: url, iterations: 1, timeoutMillis: 3_000, driver: recorder)
        #expect(output.overall.errorCountsByKind == ["dns": 1])
        #expect(recorder.responses.first?.errorText?.lowercased().contains("resolve") == true,
                "\(recorder.responses.first?.errorText ?? "")")
    }

    @Test func responsesStillCountTheirVersion() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let output = try run(url: "http://127.0.0.1:\(server.port)/x", iterations: 5)
        #expect(output.overall.httpVersionsByName == ["1.1": 5])
        #expect(output.localResourceFailures == 0)
        #expect(output.localResourcesWarning == nil)
    }

    @Test func theRunRaisesTheOpenFileLimitToTheHardLimit() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let output = try run(url: "http://127.0.0.1:\(server.port)/x", iterations: 1)
        var limit = rlimit()
        #expect(getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0)
        #expect(output.openFileLimit == UInt64(limit.rlim_cur))
        if limit.rlim_max != rlim_t.max { #expect(limit.rlim_cur == limit.rlim_max) }
    }

    private func run(url: String, iterations: UInt64, timeoutMillis: Int = 500, driver: SlotDriver? = nil) throws -> EngineOutput {
        var config = EngineConfiguration()
        config.connections = 1
        config.threads = 1
        config.durationNanos = 0
        config.maxIterations = iterations
        config.client.timeoutMillis = timeoutMillis
        config.gracefulStopNanos = 5_000_000_000
        let engine = Engine(configuration: config, endpointNames: ["GET /hostile"])
        let request = HTTPRequestSpec(id: 0, endpointIndex: 0, method: "GET", url: url)
        return try engine.run(control: engine.makeControl()) { _ in driver ?? FixedRequestDriver(requests: [request]) }
    }
}

/// Sends one request per iteration and keeps every captured response (for the failure texts).
final class RecordingDriver: SlotDriver {
    private let request: HTTPRequestSpec
    private(set) var responses: [CapturedResponse] = []

    init(url: String) { request = HTTPRequestSpec(id: 0, endpointIndex: 0, method: "GET", url: url) }

    var capturesResponses: Bool { true }
    func beginIteration(slot: Int, intendedNanos: UInt64) -> SlotAction { .send(request) }
    func completed(slot: Int, outcome: inout RequestOutcome, response: CapturedResponse?) -> SlotAction {
        if let response { responses.append(response) }
        return .iterationDone
    }
    func waitElapsed(slot: Int, nowNanos: UInt64) -> SlotAction { .iterationDone }
    func interrupted(slot: Int) {}
}

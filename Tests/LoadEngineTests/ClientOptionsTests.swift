import BenchCore
import Testing
@testable import LoadEngine

/// Client settings seen from the wire (cookies) and what the engine records of each response (HTTP version).
@Suite(.serialized, .tags(.timing)) struct ClientOptionsTests {
    private func run(_ server: TestHTTPServer, connections: Int, iterations: UInt64, cookies: Bool,
                     headers: [String] = []) throws -> EngineOutput {
        var config = EngineConfiguration()
        config.connections = connections
        config.threads = 1
        config.maxIterations = iterations
        config.client.timeoutMillis = 5_000
        config.client.cookies = cookies
        let engine = Engine(configuration: config, endpointNames: ["GET /x"])
        let request = HTTPRequestSpec(id: 0, endpointIndex: 0, method: "GET", url: "http://127.0.0.1:\(server.port)/x",
                                      headers: headers)
        return try engine.run(control: engine.makeControl()) { _ in FixedRequestDriver(requests: [request]) }
    }

    @Test func eachConnectionKeepsItsOwnCookieJar() throws {
        let server = try TestHTTPServer(setsCookies: true)
        defer { server.stop() }
        let output = try run(server, connections: 4, iterations: 200, cookies: true)
        #expect(output.requests == 200)
        let cookies = server.cookies
        // One cookie per connection, sent back on every later request of that connection and never on another's:
        // a shared jar would send one value everywhere, no jar would need a new cookie each time.
        #expect(cookies.issued == 4)
        #expect(Set(cookies.received.keys) == ["jar=1", "jar=2", "jar=3", "jar=4"])
        #expect(cookies.received.values.reduce(0, +) == 196)
    }

    @Test func withoutCookiesNothingIsSentBack() throws {
        let server = try TestHTTPServer(setsCookies: true)
        defer { server.stop() }
        let output = try run(server, connections: 2, iterations: 20, cookies: false)
        #expect(output.requests == 20)
        #expect(server.cookies.issued == 20)
        #expect(server.cookies.received.isEmpty)
    }

    @Test func everyRequestCarriesOneUserAgentTheRequestsOwnFirst() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        _ = try run(server, connections: 2, iterations: 30, cookies: false)
        #expect(server.userAgents == ["crmbench/\(BenchCore.toolVersion)": 30])
        let own = try TestHTTPServer()
        defer { own.stop() }
        _ = try run(own, connections: 2, iterations: 30, cookies: false, headers: ["user-agent: probe/2"])
        #expect(own.userAgents == ["probe/2": 30])
    }

    @Test func everyResponseRecordsItsHTTPVersion() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let output = try run(server, connections: 2, iterations: 50, cookies: false)
        #expect(output.overall.httpVersionsByName == ["1.1": 50])
        #expect(output.endpoints[0].httpVersionsByName == ["1.1": 50])
    }

    @Test func aRefusedConnectionHasNoHTTPVersion() throws {
        let server = try TestHTTPServer()
        server.stop()
        let output = try run(server, connections: 1, iterations: 3, cookies: false)
        #expect(output.overall.errorCountsByKind == ["connectRefused": 3])
        #expect(output.overall.httpVersionsByName.isEmpty)
    }

    @Test("libcurl's CURLINFO_HTTP_VERSION values (curl.h: CURL_HTTP_VERSION_1_0 = 1, 1_1 = 2, 2_0 = 3, 3 = 30)", arguments: [
        (0, HTTPVersion.noResponse), (1, .http1_0), (2, .http1_1), (3, .http2), (30, .http3), (99, .noResponse),
    ])
    func versionValues(curl: Int, expected: HTTPVersion) {
        #expect(TransferInfo.httpVersion(curl: curl) == expected)
    }
}

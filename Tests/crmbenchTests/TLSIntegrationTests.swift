import Foundation
import LoadEngine
import Testing

/// HTTPS, client certificates and HTTP/2 end to end: `crmbench serve` with the fixtures in Tests/Fixtures/tls,
/// `crmbench run` against it, both as child processes on 127.0.0.1.
@Suite(.serialized) struct TLSIntegrationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tls").path
    static func fixture(_ name: String) -> String { fixtures + "/" + name }
    static let serverTLS = ["--tls-cert", fixture("server.pem"), "--tls-key", fixture("server.key")]
    static let trustCA = ["--cacert", fixture("ca.pem")]
    static let clientCert = ["--cert", fixture("client.pem"), "--key", fixture("client.key")]

    /// A one-second run of GET /api/v1/customers/7 with `flags`; returns the summary export and the result file.
    private func load(_ server: ServerProcess, _ flags: [String], connections: Int = 4)
        throws -> (status: Int32, summary: [String: Any], result: [String: Any], stderr: String) {
        let dir = CLI.temporaryDirectory()
        let outcome = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers/7", "-H", server.auth,
                                   "-c", String(connections), "-d", "1s", "--timeout", "5s", "--quiet", "--out", dir + "/run",
                                   "--summary-export", dir + "/s.json"] + flags)
        return (outcome.status, try CLI.json(dir + "/s.json"), (try? CLI.json(dir + "/run/result.json")) ?? [:], outcome.stderr)
    }

    /// The warm-up `HEAD`s a run sent before its schedule (one per connection): the server counts them too.
    private func warmups(_ result: [String: Any]) -> Int {
        (result["generator"] as? [String: Any])?["preopenedConnections"] as? Int ?? 0
    }

    /// The server's `crm_http_requests_by_version_total` per version, read with the same TLS settings as a run.
    private func serverVersions(_ server: ServerProcess, client: ClientOptions) throws -> [String: Int] {
        let response = try SimpleFetch.request(server.baseURL + "/metrics", client: client).get()
        var versions: [String: Int] = [:]
        for line in response.text.split(separator: "\n") where line.hasPrefix("crm_http_requests_by_version_total{") {
            guard let start = line.range(of: "version=\""), let end = line[start.upperBound...].firstIndex(of: "\"") else { continue }
            versions[String(line[start.upperBound..<end])] = Int(line.split(separator: " ").last ?? "") ?? -1
        }
        return versions
    }

    private static func trusting(http2: Bool = false) -> ClientOptions {
        var client = ClientOptions()
        client.caPath = fixture("ca.pem")
        client.http2 = http2
        return client
    }

    @Test func httpsWithInsecureCountsLikeTheServer() throws {
        let server = try ServerProcess(Self.serverTLS)
        defer { server.stop() }
        #expect(server.baseURL.hasPrefix("https://127.0.0.1:"))
        let run = try load(server, ["--insecure"])
        #expect(run.status == 0, "\(run.stderr)")
        let requests = run.summary["requests"] as? Int ?? -1
        #expect(requests > 20)
        #expect(run.summary["errors"] as? Int == 0)
        #expect(run.summary["httpVersions"] as? [String: Int] == ["1.1": requests])
        // The run read the server's /metrics over TLS too: both counts agree, the warm-up HEADs (one per
        // connection) included.
        let warm = warmups(run.result)
        #expect(warm == 4)
        let demands = run.result["server"] as? [String: Any] ?? [:]
        #expect(demands["serverRequests"] as? Int == requests + warm)
        #expect(try serverVersions(server, client: Self.trusting()) == ["1": requests + warm, "2": 0])
        // TLS setup was measured on the new connections, before the schedule and apart from the requests.
        let generator = run.result["generator"] as? [String: Any]
        let tls = generator?["warmupTLSMicros"] as? [String: Any]
        #expect(tls?["count"] as? Int == 4 && (tls?["max"] as? Int ?? 0) > 0, "\(generator ?? [:])")
    }

    @Test func httpsVerifiedWithTheCAFile() throws {
        let server = try ServerProcess(Self.serverTLS)
        defer { server.stop() }
        let run = try load(server, Self.trustCA)
        #expect(run.status == 0, "\(run.stderr)")
        #expect((run.summary["requests"] as? Int ?? 0) > 20)
        #expect(run.summary["errors"] as? Int == 0)
    }

    @Test func untrustedCertificateIsATLSError() throws {
        let server = try ServerProcess(Self.serverTLS)
        defer { server.stop() }
        let run = try load(server, [], connections: 2)
        #expect(run.status == 0 || run.status == 97, "\(run.stderr)")
        let requests = run.summary["requests"] as? Int ?? -1
        #expect(requests > 0)
        #expect(run.summary["errorsByKind"] as? [String: Int] == ["tls": requests])
        #expect(run.summary["httpVersions"] == nil)
        #expect(try serverVersions(server, client: Self.trusting()) == ["1": 0, "2": 0])
    }

    @Test func http2OverTLSForEveryRequest() throws {
        let server = try ServerProcess(Self.serverTLS + ["--http2"])
        defer { server.stop() }
        // Fewer than 200 requests on the connection: libcurl 7.88 resets each HTTP/2 stream it ends, and the server
        // answers the 200th reset within 30 s with GOAWAY (README, "Reference CRM").
        let run = try load(server, Self.trustCA + ["--http2", "--rate", "150"])
        #expect(run.status == 0, "\(run.stderr)")
        let requests = run.summary["requests"] as? Int ?? -1
        #expect(requests > 100 && requests < 200)
        #expect(run.summary["errors"] as? Int == 0)
        #expect(run.summary["httpVersions"] as? [String: Int] == ["2": requests])
        // The server also counted the warm-up HEAD requests that opened the open model's connections.
        let warmups = (run.result["generator"] as? [String: Any])?["preopenedConnections"] as? Int ?? 0
        #expect(try serverVersions(server, client: Self.trusting(http2: true)) == ["1": 0, "2": requests + warmups])
        // HTTP/1.1 is still offered by ALPN to a client that does not ask for HTTP/2.
        let plain = try load(server, Self.trustCA)
        let plainRequests = plain.summary["requests"] as? Int ?? -1
        #expect(plain.summary["errors"] as? Int == 0)
        #expect(plain.summary["httpVersions"] as? [String: Int] == ["1.1": plainRequests])
    }

    @Test func streamsPutTheRequestsInFlightOnFewConnections() throws {
        // 100 ms per request: 20 virtual users keep 20 requests in flight, about 200 in the second (under the
        // server's 200 stream resets per connection, see above).
        let server = try ServerProcess(Self.serverTLS + ["--http2", "--latency", "100ms"])
        defer { server.stop() }
        // 10 per connection: 2 connections, warm-up included, whatever the threads (1: ⌈20/10⌉; 2: ⌈10/10⌉ each).
        let run = try load(server, Self.trustCA + ["--http2", "--streams", "10"], connections: 20)
        #expect(run.status == 0, "\(run.stderr)")
        let requests = run.summary["requests"] as? Int ?? -1
        #expect(requests >= 100 && run.summary["errors"] as? Int == 0, "\(run.summary)")
        #expect(run.summary["httpVersions"] as? [String: Int] == ["2": requests])
        let generator = run.result["generator"] as? [String: Any] ?? [:]
        #expect(generator["connectionsOpened"] as? Int == 2, "\(generator)")
        #expect((run.result["config"] as? [String: Any])?["streamsPerConnection"] as? Int == 10)
        #expect(try serverVersions(server, client: Self.trusting(http2: true)) == ["1": 0, "2": requests + warmups(run.result)])
        // HTTP/1.1 carries one request at a time per connection: the same load opens 20.
        let plain = try load(server, Self.trustCA, connections: 20)
        #expect(plain.status == 0 && (plain.result["generator"] as? [String: Any])?["connectionsOpened"] as? Int == 20)
        // A stream limit without HTTP/2, or out of range, is a usage error before anything is sent.
        for flags in [["--streams", "10"], ["--http2", "--streams", "0"]] {
            let refused = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers/7", "-d", "1s", "--quiet",
                                       "--out", CLI.temporaryDirectory() + "/run"] + flags)
            #expect(refused.status == 64 && refused.stderr.contains("--streams"), "\(flags): \(refused.stderr)")
        }
    }

    @Test func http2RequestedFromAnHTTP1ServerFallsBackToHTTP1() throws {
        let server = try ServerProcess(Self.serverTLS)
        defer { server.stop() }
        let run = try load(server, Self.trustCA + ["--http2"])
        #expect(run.status == 0, "\(run.stderr)")
        let requests = run.summary["requests"] as? Int ?? -1
        #expect(requests > 20)
        #expect(run.summary["errors"] as? Int == 0)
        #expect(run.summary["httpVersions"] as? [String: Int] == ["1.1": requests])
    }

    @Test func http2CleartextServerSpeaksOnlyHTTP2() throws {
        let server = try ServerProcess(["--http2"])
        defer { server.stop() }
        #expect(server.baseURL.hasPrefix("http://"))
        // One request per connection: libcurl 7.88 cannot reuse a prior-knowledge connection (see the warning below).
        var client = ClientOptions()
        client.http2 = true
        for _ in 0..<3 {
            let response = try SimpleFetch.request(server.baseURL + "/api/v1/customers/7", headers: [server.auth], client: client).get()
            #expect(response.status == 200)
        }
        #expect(try serverVersions(server, client: client) == ["1": 0, "2": 3])
        // No Upgrade from HTTP/1.1 in cleartext: an HTTP/1.1 client gets no answer.
        guard case .failure = SimpleFetch.request(server.baseURL + "/healthz") else {
            Issue.record("an HTTP/1.1 request was answered by a cleartext HTTP/2 server")
            return
        }
        let run = try load(server, ["--http2"], connections: 1)
        if HTTPClientInfo.knownProblem(client: client, target: server.baseURL) != nil {
            #expect(run.stderr.contains("crmbench: warning: libcurl"), "\(run.stderr)")
        } else {
            let requests = run.summary["requests"] as? Int ?? -1
            #expect(run.summary["errors"] as? Int == 0)
            #expect(run.summary["httpVersions"] as? [String: Int] == ["2": requests])
        }
    }

    @Test func clientCertificateRequiredByTheServer() throws {
        let server = try ServerProcess(Self.serverTLS + ["--tls-client-ca", Self.fixture("ca.pem")])
        defer { server.stop() }
        let refused = try load(server, Self.trustCA, connections: 2)
        #expect(refused.status == 0 || refused.status == 97, "\(refused.stderr)")
        let refusedRequests = refused.summary["requests"] as? Int ?? -1
        #expect(refusedRequests > 0)
        #expect(refused.summary["errors"] as? Int == refusedRequests)
        // TLS 1.3 finishes the client's handshake first: the refusal arrives as an alert on the first read.
        let kinds = refused.summary["errorsByKind"] as? [String: Int] ?? [:]
        #expect(!kinds.isEmpty && Set(kinds.keys).isSubset(of: ["tls", "receive"]), "\(kinds)")

        let accepted = try load(server, Self.trustCA + Self.clientCert)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        let requests = accepted.summary["requests"] as? Int ?? -1
        #expect(requests > 20)
        #expect(accepted.summary["errors"] as? Int == 0)
        var client = Self.trusting()
        client.clientCertPath = Self.fixture("client.pem")
        client.clientKeyPath = Self.fixture("client.key")
        let warm = warmups(accepted.result)
        #expect(try serverVersions(server, client: client) == ["1": requests + warm, "2": 0])
        #expect((accepted.result["server"] as? [String: Any])?["serverRequests"] as? Int == requests + warm)
    }

    @Test func scenarioWithAnHTTPSTargetRuns() throws {
        let server = try ServerProcess(Self.serverTLS + ["--http2"])
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let scenario = """
        name: tls-sales
        target: \(server.baseURL)
        secrets: [CRM_TOKEN]
        defaults:
          headers:
            Authorization: Bearer ${env.CRM_TOKEN}
        setup:
          - get: /healthz
            check:
              - status: 200
        flows:
          - name: create and read
            steps:
              - post: /api/v1/customers
                name: create customer
                json:
                  name: TLS Customer ${seq}
                  email: tls-${random.uuid}@example.test
                check:
                  - status: 201
                extract:
                  customerId: $.id
              - get: /api/v1/customers/${customerId}
                name: read customer
                check:
                  - status: 200
                  - json: $.id
                    equals: ${customerId}
              - think: 40ms
        load: {vus: 2, duration: 1s}
        """
        try scenario.write(toFile: dir + "/tls.yaml", atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", dir + "/tls.yaml", "--http2"] + Self.trustCA
                                 + ["--quiet", "--out", dir + "/run", "--summary-export", dir + "/s.json"],
                                 environment: ["CRM_TOKEN": server.token])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try CLI.json(dir + "/s.json")
        let requests = summary["requests"] as? Int ?? -1
        #expect(requests >= 4 && requests <= 100)
        #expect(summary["errors"] as? Int == 0)
        #expect(summary["httpVersions"] as? [String: Int] == ["2": requests])
        // The setup ran (else the run would have stopped); its check is listed but not tallied with the load's.
        let checks = ((try CLI.json(dir + "/run/result.json")["scenario"] as? [String: Any])?["checks"] as? [[String: Any]] ?? [])
            .filter { $0["step"] as? String != "GET /healthz" }
        #expect(checks.count == 3 && checks.allSatisfy { ($0["fails"] as? Int) == 0 && ($0["passes"] as? Int ?? 0) > 0 }, "\(checks)")
    }

    @Test func serveReportsUnusableTLSFilesAndExits64() throws {
        let missing = Self.fixtures + "/missing.pem"
        let result = try CLI.run(["serve", "--port", "0", "--in-memory", "--tls-cert", missing,
                                  "--tls-key", Self.fixture("README.md"), "--tls-client-ca", Self.fixture("client.key")],
                                 timeoutSeconds: 30)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--tls-cert \(missing): no such file"), "\(result.stderr)")
        #expect(result.stderr.contains("--tls-key \(Self.fixture("README.md")): no PEM private key"), "\(result.stderr)")
        #expect(result.stderr.contains("--tls-client-ca \(Self.fixture("client.key")): no PEM certificate"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}

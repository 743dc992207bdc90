import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ReferenceCRM

/// A response as the tests look at it.
struct HTTPResult: Sendable {
    var status: Int
    var body: Data
    var headers: [String: String]

    /// The body as a JSON object; empty when it is not one.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }

    /// `items` of a list body.
    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A tiny HTTP client on URLSession (libcurl on Linux) that never uses a proxy.
struct TestClient: Sendable {
    let baseURL: URL
    let token: String?
    let session: URLSession

    init(baseURL: URL, token: String?) {
        self.baseURL = baseURL
        self.token = token
        let configuration = URLSessionConfiguration.ephemeral
        configuration.connectionProxyDictionary = [:]
        configuration.httpMaximumConnectionsPerHost = 16
        configuration.timeoutIntervalForRequest = 60
        session = URLSession(configuration: configuration)
    }

    /// The same server with another token (nil sends none).
    func with(token: String?) -> TestClient { TestClient(baseURL: baseURL, token: token) }

    func send(_ method: String, _ path: String, json: Any? = nil, raw: Data? = nil) async throws -> HTTPResult {
        var request = URLRequest(url: URL(string: baseURL.absoluteString + path)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json { request.httpBody = try JSONSerialization.data(withJSONObject: json) }
        if let raw { request.httpBody = raw }
        if request.httpBody != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            headers[String(describing: key).lowercased()] = String(describing: value)
        }
        return HTTPResult(status: http.statusCode, body: data, headers: headers)
    }

    func get(_ path: String) async throws -> HTTPResult { try await send("GET", path) }
    func post(_ path: String, _ json: Any = [String: Any]()) async throws -> HTTPResult {
        try await send("POST", path, json: json)
    }
    func put(_ path: String, _ json: Any) async throws -> HTTPResult { try await send("PUT", path, json: json) }
    func patch(_ path: String, _ json: Any) async throws -> HTTPResult { try await send("PATCH", path, json: json) }
    func delete(_ path: String) async throws -> HTTPResult { try await send("DELETE", path) }

    /// Creates a customer and returns its id.
    func createCustomer(_ name: String, email: String) async throws -> Int {
        let result = try await post("/api/v1/customers", ["name": name, "email": email])
        guard result.status == 201, let id = result.json["id"] as? Int else {
            throw TestFailure("customer create answered \(result.status): \(result.text)")
        }
        return id
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The token every test server uses.
let testToken = "test-token-123"

/// The defaults with the test token.
func testConfiguration() -> ServerConfiguration {
    var configuration = ServerConfiguration()
    configuration.token = testToken
    return configuration
}

/// Starts a server on 127.0.0.1:0, runs `body` against it, and stops it.
func withServer(
    _ configuration: ServerConfiguration = testConfiguration(),
    _ body: (TestClient) async throws -> Void
) async throws {
    let server = try await RunningServer.start(configuration: configuration)
    do {
        try await body(TestClient(baseURL: server.baseURL, token: testToken))
    } catch {
        try? await server.stop()
        throw error
    }
    try await server.stop()
}

import Foundation
import Testing

/// Connections opened before the schedule starts: the closed model warms one per virtual user, so the first
/// second carries no connects; the target counts the warm-up `HEAD`s, and crmbench reports exactly that many.
@Suite(.serialized) struct WarmupIntegrationTests {
    /// Every `HEAD` the server answered, whatever its route.
    private func headRequests(_ server: ServerProcess) throws -> Int {
        let text = try String(contentsOf: URL(string: server.baseURL + "/metrics")!, encoding: .utf8)
        return text.split(separator: "\n")
            .filter { $0.hasPrefix("crm_http_requests_total{") && $0.contains("method=\"HEAD\"") }
            .reduce(0) { $0 + (Int($1.split(separator: " ").last ?? "") ?? 0) }
    }

    @Test func theClosedModelOpensOneConnectionPerVirtualUserFirst() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers/7", "-H", server.auth, "-c", "6", "-d", "1s",
                                  "--out", dir + "/run", "--summary-export", dir + "/s.json"])
        #expect(result.status == 0, "\(result.stderr)")
        let generator = try CLI.json(dir + "/run/result.json")["generator"] as? [String: Any] ?? [:]
        #expect(generator["preopenedConnections"] as? Int == 6)
        // Every virtual user found its connection open: none was opened by a measured request.
        #expect(generator["connectsFirstSecond"] as? Int == 0)
        #expect(try headRequests(server) == 6)
        #expect(result.stdout.contains("note: 6 connections were opened before the schedule"))
        // The measured requests are the server's GETs on the route, no more and no fewer.
        let requests = try CLI.json(dir + "/s.json")["requests"] as? Int ?? -1
        let served = try server.requestCount(route: "/api/v1/customers/{id}", method: "GET")
        #expect(requests > 0 && served == requests)
    }
}

import Foundation
import Testing

/// Nothing from the command line or a response reaches the wire unchecked: CR LF in a header, a method that is not
/// a token, and a CR LF value extracted from a response are refused with a named reason, and nothing is sent.
@Suite(.serialized) struct WireSafetyTests {
    @Test(arguments: [
        (["-H", "X: a\r\nEvil: b"], "-H number 1: header 'X' value has a CR"),
        (["-X", "GET /x HTTP/1.1\r\nEvil: 1"], "-X: method"),
        (["-X", ""], "-X: method is empty"),
    ])
    func commandLineValuesAreRefusedBeforeTheLoad(extra: [String], reason: String) throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let outcome = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers/1", "-d", "1s", "--quiet",
                                   "--out", dir + "/run"] + extra)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains(reason), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("Evil: b"), "the rest of the value is not echoed")
        #expect(try server.requestCount(route: "/api/v1/customers/{id}") == 0)
        #expect(!FileManager.default.fileExists(atPath: dir + "/run"))
    }

    @Test func aLineBreakExtractedFromAResponseIsNotSentInAHeader() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let scenario = """
        name: injection
        secrets: [CRM_TOKEN]
        defaults:
          headers:
            Authorization: Bearer ${env.CRM_TOKEN}
        flows:
          - name: echo
            steps:
              - post: /api/v1/customers
                name: create
                json:
                  name: "Evil\\r\\nX-Injected: 1"
                  email: e-${random.uuid}@example.test
                extract:
                  evil: $.name
              - get: /api/v1/customers/1
                name: read with header
                headers:
                  X-Name: ${evil}
        load: {vus: 1, iterations: 3}
        """
        try scenario.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        let outcome = try CLI.run(["run", dir + "/s.yaml", "--target", server.baseURL, "--quiet", "--out", dir + "/run"],
                                  environment: ["CRM_TOKEN": server.token])
        #expect([0, 99].contains(outcome.status), "\(outcome.stderr)")
        #expect(try server.requestCount(route: "/api/v1/customers", status: "201") == 3)
        #expect(try server.requestCount(route: "/api/v1/customers/{id}") == 0, "a refused request reached the server")
        let samples = ((try CLI.json(dir + "/run/result.json")["scenario"] as? [String: Any])?["failureSamples"] as? [String]) ?? []
        #expect(samples.contains { $0.contains("request refused: header 'X-Name' value has a CR") }, "\(samples)")
    }
}

import Foundation
import Testing

/// Argument forms a curl or k6 user types, accepted or refused with the message the README promises.
@Suite struct CommandLineFormTests {
    @Test func attachedHeaderWithAnEqualsSignIsOneHeader() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["run", "--url", server.baseURL + "/healthz", "-H'X-Probe: a=b'".replacingOccurrences(of: "'", with: ""),
                                  "-c", "1", "-d", "1s", "--quiet", "--out", dir + "/run"])
        #expect(result.status == 0, "\(result.stderr)")
        let file = try CLI.json(dir + "/run/result.json")
        let requests = (file["config"] as? [String: Any])?["requests"] as? [[String: Any]]
        #expect(requests?.first?["headers"] as? [String] == ["X-Probe: a=b"])
    }

    @Test func aBodyStartingWithDashHIsABody() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["run", "--url", server.baseURL + "/healthz", "-X", "POST", "--body", "-Hello: not a header",
                                  "-c", "1", "-d", "1s", "--quiet", "--out", dir + "/run", "--summary-export", dir + "/s.json"])
        // The reference CRM answers 404/405 to a POST on /healthz: what matters is that the run took the body.
        #expect(result.status == 0 || result.status == 99, "\(result.stderr)")
        let file = try CLI.json(dir + "/run/result.json")
        let requests = (file["config"] as? [String: Any])?["requests"] as? [[String: Any]]
        #expect(requests?.first?["headers"] as? [String] == [])
        #expect(requests?.first?["method"] as? String == "POST")
    }

    @Test(arguments: [(["--timeout", "-1s"], "--timeout must be positive (got '-1s')"),
                      (["--expected-interval", "-5ms"], "--expected-interval must be positive (got '-5ms')")])
    func negativeDurationsSaySo(arguments: [String], message: String) throws {
        let result = try CLI.run(["run", "--url", "http://127.0.0.1:1/", "-d", "1s"] + arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func aHeaderWithoutAColonIsRefusedWithoutEchoingIt() throws {
        let result = try CLI.run(["run", "--url", "http://127.0.0.1:1/", "-H", "Accept: */*", "-H", "Authorization Bearer zzVALqq"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("-H number 2 has no ':'; a header must look like 'Name: value'"), "\(result.stderr)")
        #expect(!result.stderr.contains("zzVALqq"))
    }

    @Test func validateTakesTheTargetTheRunWillGet() throws {
        let dir = CLI.temporaryDirectory()
        try "flows: [{name: f, steps: [{get: /a}]}]\n".write(toFile: dir + "/t.yaml", atomically: true, encoding: .utf8)
        let without = try CLI.run(["validate", dir + "/t.yaml"])
        #expect(without.status == 65)
        #expect(without.stderr.contains("missing required key 'target'"))
        let with = try CLI.run(["validate", dir + "/t.yaml", "--target", "http://127.0.0.1:8080"])
        #expect(with.status == 0, "\(with.stderr)")
    }
}

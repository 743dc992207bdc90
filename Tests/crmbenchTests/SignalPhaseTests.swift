import Foundation
import Testing

/// A first SIGINT or SIGTERM in any phase of a run stops at the next safe point and writes what was measured,
/// marked partial with the phase, exit 98, no temporary file left.
@Suite(.serialized, .tags(.timing)) struct SignalPhaseTests {
    /// A scenario whose setup and teardown each think for 3 s, so a signal can be sent while either runs.
    static func scenario(target: String, duration: String = "1s") -> String {
        """
        name: phases
        target: \(target)
        secrets: [CRM_TOKEN]
        defaults:
          headers:
            Authorization: Bearer ${env.CRM_TOKEN}
        setup:
          - get: /healthz
          - think: 3s
        flows:
          - name: read
            steps:
              - get: /api/v1/customers/1
                name: read customer
        teardown:
          - think: 3s
          - get: /healthz
        load: {vus: 1, duration: \(duration)}
        """
    }

    static func expectPartial(_ dir: String, phase: String, _ outcome: CLI.Outcome) throws -> [String: Any] {
        #expect(outcome.status == 98, "\(outcome.stderr)")
        let result = try CLI.json(dir + "/result.json")
        #expect(result["partial"] as? Bool == true)
        let reason = result["partialReason"] as? String ?? ""
        #expect(reason.contains("during \(phase)"), "partialReason: \(reason)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(!files.contains { $0.hasSuffix(".tmp") }, "temporary files left: \(files)")
        #expect(files.contains("report.html") && files.contains("junit.xml"))
        return result
    }

    static func requests(_ result: [String: Any]) -> Int {
        (((result["summary"] as? [String: Any])?["overall"] as? [String: Any])?["requests"] as? Int) ?? -1
    }

    @Test func sigintDuringSetupWritesAnEmptyPartialResult() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        try Self.scenario(target: server.baseURL).write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        let outcome = try CLI.run(["run", dir + "/s.yaml", "--quiet", "--out", dir + "/run"],
                                  environment: ["CRM_TOKEN": server.token], timeoutSeconds: 30, interruptAfter: 1.2)
        let result = try Self.expectPartial(dir + "/run", phase: "setup", outcome)
        #expect(Self.requests(result) == 0, "no load runs after a signal in setup")
        #expect(try server.requestCount(route: "/api/v1/customers/{id}") == 0)
    }

    @Test func sigtermDuringTeardownKeepsTheMeasuredLoad() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        try Self.scenario(target: server.baseURL).write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        // 3 s of setup, 1 s of load, then 3 s of teardown thinking: 5.5 s is inside the teardown.
        let outcome = try CLI.run(["run", dir + "/s.yaml", "--quiet", "--out", dir + "/run"],
                                  environment: ["CRM_TOKEN": server.token], timeoutSeconds: 30, interruptAfter: 5.5,
                                  interruptSignal: SIGTERM)
        let result = try Self.expectPartial(dir + "/run", phase: "teardown", outcome)
        let measured = Self.requests(result)
        #expect(measured > 0)
        #expect(measured == (try server.requestCount(route: "/api/v1/customers/{id}")))
    }

    @Test func sigintBetweenSweepLevelsKeepsTheFinishedLevels() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let silent = try SilentListener()
        defer { silent.close() }
        let dir = CLI.temporaryDirectory()
        // Each level is preceded by a 2 s scrape of a /metrics that never answers: 2 s scrape, 1 s level 1, then the
        // second scrape from about 3.2 s to 5.2 s, where the signal lands.
        let outcome = try CLI.run(["sweep", "--url", server.baseURL + "/api/v1/customers/1", "-H", server.auth,
                                   "--metrics-url", "http://127.0.0.1:\(silent.port)/metrics",
                                   "--vus", "1,2,3", "--step", "1s", "--no-early-stop", "--quiet", "--out", dir + "/run"],
                                  timeoutSeconds: 30, interruptAfter: 4.2)
        let result = try Self.expectPartial(dir + "/run", phase: "scrape", outcome)
        let levels = ((result["sweep"] as? [String: Any])?["levels"] as? [[String: Any]]) ?? []
        #expect(levels.count == 1, "the finished level is kept and no later level runs")
        #expect(Self.requests(result) > 0)
    }
}

/// A TCP port on 127.0.0.1 that accepts connections (the kernel's backlog) and never answers.
final class SilentListener {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound, listen(fd, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(fd) }
}

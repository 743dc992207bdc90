import Foundation
import Testing

/// A coordinator and its agents as separate processes on 127.0.0.1 against the reference CRM: one result, one
/// verdict, one exit code; counts checked against the server's own `/metrics`.
@Suite(.serialized) struct DistributedIntegrationTests {
    static let token = "fleet-token-5678"

    /// A scenario for the fleet with the server's token in its headers.
    static func scenario(_ body: String, server: ServerProcess, in dir: String, name: String = "fleet") throws -> String {
        let text = """
        name: \(name)
        target: \(server.baseURL)
        defaults:
          headers:
            Authorization: Bearer \(server.token)
          timeout: 5s
        \(body)
        """
        let path = dir + "/\(name).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Starts a coordinator and waits for its address.
    static func coordinator(_ arguments: [String], agents: Int, command: String = "run") throws -> (BackgroundProcess, String) {
        let process = try BackgroundProcess([command] + arguments + ["--agents", String(agents), "--listen", "127.0.0.1:0",
                                                                    "--token", token, "--quiet"])
        guard let (_, line) = process.waitForLine(containing: "listening on "),
              let range = line.range(of: #"https?://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else {
            process.wait(seconds: 1)
            throw POSIXError(.ECONNREFUSED)
        }
        return (process, String(line[range]))
    }

    static func agents(_ count: Int, coordinator url: String, outs: [String]? = nil, token: String = token,
                       extra: [String] = []) throws -> [BackgroundProcess] {
        try (0..<count).map { index in
            try BackgroundProcess(["agent", "--coordinator", url, "--threads", "1", "--connect-timeout", "10s"] + extra
                                  + (outs.map { ["--out", $0[index]] } ?? []), environment: ["CRMBENCH_TOKEN": token])
        }
    }

    @Test func threeAgentsMakeOneRunJudgedOnTheMergedData() throws {
        let server = try ServerProcess(seed: 5)
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        try (["email"] + (0..<300).map { "fleet-\($0)@example.test" }).joined(separator: "\n").write(toFile: dir + "/emails.csv", atomically: true, encoding: .utf8)
        let path = try Self.scenario("""
        data:
          - {name: people, file: emails.csv, mode: unique}
        setup:
          - get: /api/v1/customers?limit=1
            name: setup probe
            extract:
              seeded: $.total
        flows:
          - name: create
            steps:
              - post: /api/v1/customers
                name: create customer
                json: {name: "Fleet ${seq} of ${seeded}", email: "${data.people.email}"}
                check:
                  - status: 201
        teardown:
          - get: /api/v1/orders?limit=1
            name: teardown probe
        thresholds:
          - http.requests < 250
        """, server: server, in: dir)
        // 300 iterations over 3 agents of one thread each: every agent uses exactly its 100 rows.
        let (coordinator, url) = try Self.coordinator([path, "--iterations", "300", "-c", "6", "--out", dir + "/run"], agents: 3)
        let outs = (0..<3).map { dir + "/agent\($0)" }
        let agents = try Self.agents(3, coordinator: url, outs: outs)
        let status = coordinator.wait()
        let agentStatuses = agents.map { $0.wait(seconds: 10) }
        // Each agent's own 100 requests pass `http.requests < 250`; the fleet's 300 do not: only the merge fails it.
        #expect(status == 99, "\(coordinator.stderr)")
        #expect(agentStatuses == [0, 0, 0], "\(agents.map(\.stderr))")
        let result = try CLI.json(dir + "/run/result.json")
        let overall = (result["summary"] as? [String: Any])?["overall"] as? [String: Any]
        let requests = overall?["requests"] as? Int
        #expect(requests == 300)
        #expect(try server.requestCount(route: "/api/v1/customers", status: "201", method: "POST") == 300)
        #expect(try server.requestCount(route: "/api/v1/customers", status: "409", method: "POST") == 0)  // no email twice
        #expect(try server.requestCount(route: "/api/v1/customers", method: "GET") == 1)  // setup ran once
        #expect(try server.requestCount(route: "/api/v1/orders", method: "GET") == 1)  // and teardown, on the coordinator
        let thresholds = result["thresholds"] as? [[String: Any]] ?? []
        #expect(thresholds.first { $0["expression"] as? String == "http.requests < 250" }?["passed"] as? Bool == false)
        for out in outs {
            let own = try CLI.json(out + "/result.json")["thresholds"] as? [[String: Any]] ?? []
            #expect(own.first { $0["expression"] as? String == "http.requests < 250" }?["passed"] as? Bool == true)
        }
        // The merged histograms are, bucket for bucket, the merge of the agents' own.
        let merged = try CLI.run(["merge"] + outs + ["--out", dir + "/by-hand", "--quiet"])
        #expect(merged.status == 0, "\(merged.stderr)")
        let byHand = try CLI.json(dir + "/by-hand/result.json")
        #expect(NSDictionary(dictionary: result["histograms"] as? [String: Any] ?? [:])
            .isEqual(to: byHand["histograms"] as? [String: Any] ?? ["missing": true]))
        let fleet = result["distributed"] as? [String: Any]
        let records = fleet?["agents"] as? [[String: Any]] ?? []
        #expect(records.count == 3)
        #expect(records.allSatisfy { $0["state"] as? String == "finished" })
        #expect(records.compactMap { $0["connections"] as? Int } == [2, 2, 2])
        #expect((result["config"] as? [String: Any])?["connections"] as? Int == 6)
        let skews = records.compactMap { $0["startSkewMillis"] as? Double }
        #expect(skews.count == 3 && skews.allSatisfy { $0 < 50 }, "\(skews)")
    }

    @Test func threeAgentsSendWhatOneProcessSendsAndTheirRatesAddUp() throws {
        let server = try ServerProcess(seed: 20)
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let path = try Self.scenario("""
        flows:
          - name: read
            steps:
              - get: /api/v1/customers?limit=5
                name: list customers
              - get: /api/v1/customers/${random.int(1,20)}
                name: read customer
        """, server: server, in: dir)
        let load = ["--rate", "90", "-d", "2s", "-c", "30"]
        let one = try CLI.run(["run", path] + load + ["--out", dir + "/one", "--quiet"])
        #expect(one.status == 0, "\(one.stderr)")
        let (coordinator, url) = try Self.coordinator([path] + load + ["--out", dir + "/fleet"], agents: 3)
        let agents = try Self.agents(3, coordinator: url)
        #expect(coordinator.wait() == 0, "\(coordinator.stderr)")
        agents.forEach { $0.wait(seconds: 10) }
        func perEndpoint(_ folder: String) throws -> [String: Int] {
            let endpoints = (try CLI.json(folder + "/result.json")["summary"] as? [String: Any])?["endpoints"] as? [[String: Any]] ?? []
            return Dictionary(uniqueKeysWithValues: endpoints.map { ($0["name"] as? String ?? "", $0["requests"] as? Int ?? 0) })
        }
        let single = try perEndpoint(dir + "/one"), fleet = try perEndpoint(dir + "/fleet")
        #expect(single.keys.sorted() == ["list customers", "read customer"] && fleet.keys.sorted() == single.keys.sorted())
        for (name, count) in single {
            #expect(abs(Double(fleet[name] ?? 0) - Double(count)) <= 0.02 * Double(count), "\(name): one process \(count), fleet \(fleet[name] ?? 0)")
        }
        let result = try CLI.json(dir + "/fleet/result.json")
        #expect((result["config"] as? [String: Any])?["ratePerSecond"] as? Double == 90)
        let records = (result["distributed"] as? [String: Any])?["agents"] as? [[String: Any]] ?? []
        #expect(records.compactMap { $0["ratePerSecond"] as? Double }.reduce(0, +) == 90)
    }

    @Test func aLatencyAbortOnFailOnTheFleetStopsEveryAgentWithinTwoSecondsOverTLS() throws {
        let server = try ServerProcess(seed: 5)
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let path = try Self.scenario("""
        flows:
          - name: read
            steps:
              - get: /api/v1/customers/1
                name: read customer
        thresholds:
          - {expr: "http.latency.p50 < 1us", abortOnFail: true}
        """, server: server, in: dir)
        // Over TLS: the coordinator with the test server certificate, the agents trusting its CA.
        let (coordinator, url) = try Self.coordinator([path, "-c", "3", "-d", "30s", "--out", dir + "/run",
                                                       "--listen-tls-cert", TLSIntegrationTests.fixture("server.pem"),
                                                       "--listen-tls-key", TLSIntegrationTests.fixture("server.key")], agents: 3)
        #expect(url.hasPrefix("https://"))
        let agents = try Self.agents(3, coordinator: url, extra: ["--cacert", TLSIntegrationTests.fixture("ca.pem")])
        let status = coordinator.wait()
        #expect(status == 99, "\(coordinator.stderr)")
        let decided = coordinator.waitForLine(containing: "stopping every agent", seconds: 0)?.0
        #expect(decided != nil, "\(coordinator.stderr)")
        for agent in agents {
            agent.wait(seconds: 10)
            if let decided, let exited = agent.exitedAt { #expect(exited.timeIntervalSince(decided) < 2, "\(agent.stderr)") }
        }
        let result = try CLI.json(dir + "/run/result.json")
        #expect(result["partial"] as? Bool == true)
        // Judged on the latency histograms the agents stream, merged on the coordinator.
        #expect((result["partialReason"] as? String)?.contains("'http.latency.p50 < 1us' failed on the fleet while running (abortOnFail)") == true,
                "\(result["partialReason"] ?? "")")
    }

    @Test func aKilledAgentIsReportedWithinThreeSecondsAndTheResultIsPartial() throws {
        let server = try ServerProcess(seed: 20)
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let path = try Self.scenario("""
        flows:
          - name: read
            steps:
              - get: /api/v1/customers?limit=5
                name: list customers
              - think: 20ms
        """, server: server, in: dir)
        let (coordinator, url) = try Self.coordinator([path, "-c", "3", "-d", "5s", "--out", dir + "/run"], agents: 3)
        let agents = try Self.agents(3, coordinator: url)
        #expect(coordinator.waitForLine(containing: "the load starts") != nil)
        // Agents are numbered in the order they registered: the victim's number is in its own log.
        let registered = agents[1].waitForLine(containing: "as agent ")?.1 ?? ""
        let number = registered.range(of: #"as agent [0-9]+"#, options: .regularExpression).map { registered[$0].dropFirst(9) }
        let victim = number.flatMap { Int($0) } ?? -1
        #expect((0..<3).contains(victim), "\(registered)")
        Thread.sleep(forTimeInterval: 2.0)
        kill(agents[1].process.processIdentifier, SIGKILL)
        let killed = Date()
        let lost = coordinator.waitForLine(containing: "agent \(victim) (", seconds: 10)
        #expect(lost.map { $0.0.timeIntervalSince(killed) < 3 } == true, "\(coordinator.stderr)")
        let status = coordinator.wait()
        #expect(status == 98, "\(coordinator.stderr)")
        for agent in agents { agent.wait(seconds: 10) }
        let result = try CLI.json(dir + "/run/result.json")
        #expect(result["partial"] as? Bool == true)
        #expect((result["partialReason"] as? String)?.contains("agent \(victim)") == true)
        let records = (result["distributed"] as? [String: Any])?["agents"] as? [[String: Any]] ?? []
        #expect(records.map { $0["state"] as? String } == (0..<3).map { $0 == victim ? "lost" : "finished" })
    }

    @Test func badPeersGetClearMessagesAndExitCodes() throws {
        let dir = CLI.temporaryDirectory()
        // No coordinator at the address.
        let nobody = try CLI.run(["agent", "--coordinator", "http://127.0.0.1:1", "--token", "x", "--connect-timeout", "1s"])
        #expect(nobody.status == 69)
        #expect(nobody.stderr.contains("no coordinator answered at http://127.0.0.1:1"), "\(nobody.stderr)")
        // More agents than virtual users: refused before listening.
        let server = try ServerProcess(seed: 5)
        defer { server.stop() }
        let path = try Self.scenario("""
        flows:
          - name: read
            steps:
              - get: /api/v1/customers?limit=1
        """, server: server, in: dir)
        let split = try CLI.run(["run", path, "-c", "3", "-d", "2s", "--agents", "5", "--listen", "127.0.0.1:0", "--token", "t"])
        #expect(split.status == 64)
        #expect(split.stderr.contains("5 agents cannot share 3 virtual users"), "\(split.stderr)")
        #expect(!split.stderr.contains("listening"))
        // A wrong token is refused with the reason; a coordinator whose agents never come ends with the count.
        let (coordinator, url) = try Self.coordinator([path, "-c", "2", "-d", "2s", "--agents-timeout", "2s", "--out", dir + "/run"], agents: 1)
        let wrong = try CLI.run(["agent", "--coordinator", url, "--token", "not-the-token"])
        #expect(wrong.status == 77)
        #expect(wrong.stderr.contains("wrong or missing token"), "\(wrong.stderr)")
        // An agent of another version: the coordinator answers 409 with both versions.
        let hello = #"{"toolVersion":"0.0.1","protocolVersion":1,"host":"old","cores":1}"#
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-s", "-w", "\n%{http_code}", "-H", "Authorization: Bearer \(Self.token)", "-d", hello, url + "/v1/agents"]
        let out = Pipe()
        curl.standardOutput = out
        try curl.run()
        curl.waitUntilExit()
        let answer = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(answer.hasSuffix("409") && answer.contains("0.0.1"), "\(answer)")
        #expect(coordinator.wait(seconds: 20) == 69)
        #expect(coordinator.stderr.contains("only 0 of 1 agents registered within 2 s"), "\(coordinator.stderr)")
    }
}

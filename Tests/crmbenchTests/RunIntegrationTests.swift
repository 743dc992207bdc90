import Foundation
import Testing

/// `crmbench run` against the reference CRM, both as child processes on 127.0.0.1.
@Suite(.serialized) struct RunIntegrationTests {
    @Test func clientRequestCountEqualsServerCount() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers/7", "-H", server.auth, "-c", "8",
                                  "-d", "2s", "--threads", "2", "--quiet", "--out", dir + "/run",
                                  "--summary-export", dir + "/summary.json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try CLI.json(dir + "/summary.json")
        let clientCount = summary["requests"] as? Int ?? -1
        #expect(clientCount > 100)
        #expect(try server.requestCount(route: "/api/v1/customers/{id}") == clientCount)
        #expect(summary["errors"] as? Int == 0)
        // The result file is complete and says where it came from.
        let resultFile = try CLI.json(dir + "/run/result.json")
        #expect(resultFile["schemaVersion"] as? Int == 1)
        #expect((resultFile["partial"] as? Bool) == false)
        // The token never reaches an output file.
        for file in try FileManager.default.contentsOfDirectory(atPath: dir + "/run") {
            let text = try String(contentsOfFile: dir + "/run/" + file, encoding: .utf8)
            #expect(!text.contains(server.token), "token found in \(file)")
        }
        #expect(try !String(contentsOfFile: dir + "/summary.json", encoding: .utf8).contains(server.token))
    }

    /// No `--threads`: one worker per core the process may use (its affinity, as `taskset` sets it), never more
    /// than the connections; the result says how many ran, and the server counted every request.
    @Test(arguments: [("0", 8, 1), ("0,1", 8, 2), ("0,1", 1, 1)])
    func threadsFollowTheAllowedCores(cpus: String, connections: Int, threads: Int) throws {
        let allowed = ProcessInfo.processInfo.activeProcessorCount
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers/7", "-H", server.auth, "-c", String(connections),
                                  "-d", "1s", "--quiet", "--out", dir + "/run", "--summary-export", dir + "/s.json"],
                                 launcher: ["/usr/bin/taskset", "--cpu-list", cpus])
        #expect(result.status == 0, "\(result.stderr)")
        let file = try CLI.json(dir + "/run/result.json")
        let config = file["config"] as? [String: Any] ?? [:]
        #expect(config["threads"] as? Int == min(threads, allowed))
        let requests = try CLI.json(dir + "/s.json")["requests"] as? Int ?? -1
        #expect(requests > 0)
        #expect(try server.requestCount(route: "/api/v1/customers/{id}") == requests)
    }

    /// Load options that name a kind: anything else is a usage error naming the option, before anything is sent.
    @Test(arguments: [
        (["--arrivals", "bursty"], "--arrivals must be uniform or poisson"),
        (["--threads", "automatic"], "--threads must be auto or between 1 and 256"),
        (["--threads", "0"], "--threads must be auto or between 1 and 256"),
    ])
    func badLoadKindsAreUsageErrors(arguments: [String], fragment: String) throws {
        let dir = CLI.temporaryDirectory()
        let outcome = try CLI.run(["run", "--url", "http://127.0.0.1:9/x", "-d", "1s", "--out", dir + "/run"] + arguments)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains(fragment), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/run"))
    }

    @Test func serverDownIsConnectRefused() throws {
        let server = try ServerProcess()
        let url = server.baseURL
        server.stop()
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["run", "--url", url + "/healthz", "-c", "2", "-d", "1s", "--quiet", "--out", dir,
                                  "--summary-export", dir + "/s.json"])
        // Not one response: the run measured nothing, whatever it counted, and junit.xml says the same.
        #expect(result.status == 97)
        #expect(result.stderr.contains("no response received"))
        // Two failed cases: the default threshold on http.errors.rate, and the run that measured nothing.
        let junit = try String(contentsOfFile: dir + "/junit.xml", encoding: .utf8)
        #expect(junit.contains("failures=\"2\""))
        #expect(junit.contains("no response received"))
        let summary = try CLI.json(dir + "/s.json")
        let kinds = summary["errorsByKind"] as? [String: Int] ?? [:]
        #expect(kinds.keys.sorted() == ["connectRefused"])
        #expect((kinds["connectRefused"] ?? 0) == summary["requests"] as? Int)
    }

    @Test func failRateOneIsHTTP5xx() throws {
        let server = try ServerProcess(["--fail-rate", "1"])
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers", "-H", server.auth, "-c", "4", "-d", "1s",
                                  "--quiet", "--out", dir, "--summary-export", dir + "/s.json"])
        // Every response a 503: the default threshold http.errors.rate < 1% fails the run.
        #expect(result.status == 99)
        let summary = try CLI.json(dir + "/s.json")
        #expect(summary["errorsByKind"] as? [String: Int] == ["http5xx": summary["requests"] as? Int ?? -1])
        #expect(summary["statusCodes"] as? [String: Int] == ["503": summary["requests"] as? Int ?? -1])
    }

    @Test func slowerThanTheTimeoutIsTimeout() throws {
        let server = try ServerProcess(["--latency", "2s"])
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers", "-H", server.auth, "-c", "2", "-d", "1s",
                                  "--timeout", "500ms", "--quiet", "--out", dir, "--summary-export", dir + "/s.json"])
        // Every request timed out: not one response, so the run measured nothing (97).
        #expect(result.status == 97)
        let summary = try CLI.json(dir + "/s.json")
        let kinds = summary["errorsByKind"] as? [String: Int] ?? [:]
        #expect(kinds.keys.sorted() == ["timeout"])
        #expect((kinds["timeout"] ?? 0) >= 2)
        // The timed-out requests' latency is kept over every request (none succeeded, so none in latencyMicros).
        let overall = (try CLI.json(dir + "/result.json")["summary"] as? [String: Any])?["overall"] as? [String: Any]
        let latency = overall?["latencyAllMicros"] as? [String: Any] ?? [:]
        #expect((latency["min"] as? Int ?? 0) >= 490_000)
        #expect((overall?["latencyMicros"] as? [String: Any])?["count"] as? Int == 0)
    }

    @Test func interruptWritesAPartialValidResult() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["run", "--url", server.baseURL + "/healthz", "-c", "4", "-d", "60s", "--quiet", "--out", dir],
                                 timeoutSeconds: 30, interruptAfter: 1.5)
        #expect(result.status == 98, "\(result.stderr)")
        let file = try CLI.json(dir + "/result.json")
        #expect(file["partial"] as? Bool == true)
        #expect((file["partialReason"] as? String)?.contains("SIGINT") == true)
        let summary = (file["summary"] as? [String: Any])?["overall"] as? [String: Any]
        #expect((summary?["requests"] as? Int ?? 0) > 0)
        let meta = file["meta"] as? [String: Any]
        #expect((meta?["durationSeconds"] as? Double ?? 99) < 10)
    }

    @Test func helpListsEveryCommandAndTheExitCodes() throws {
        let help = try CLI.run(["--help"])
        #expect(help.status == 0)
        for command in ["run", "validate", "sweep", "find-max", "report", "compare", "plan", "merge", "serve", "capacity"] {
            #expect(help.stdout.contains("  \(command)"), "missing \(command)")
        }
        let run = try CLI.run(["run", "--help"])
        #expect(run.stdout.contains("98 interrupted") && run.stdout.contains("99 thresholds failed"))
        #expect(run.stdout.contains("--expected-interval") && run.stdout.contains("--summary-export"))
    }

    @Test func usageErrorsExit64() throws {
        #expect(try CLI.run(["run"]).status == 64)
        #expect(try CLI.run(["run", "--url", "ftp://x"]).status == 64)
        #expect(try CLI.run(["run", "--url", "http://127.0.0.1:1/", "-d", "soon"]).status == 64)
        let bad = try CLI.run(["run", "--url", "http://127.0.0.1:1/", "-c", "0", "-d", "1s", "--quiet"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--connections must be between 1 and 100000"))
    }

    /// Values that used to crash (SIGILL) or start a load that could measure nothing: each is refused before
    /// any request with its own message.
    @Test(arguments: [
        (["run", "--url", "http://127.0.0.1:1/", "--rate", "nan", "-d", "1s"], "--rate must be"),
        (["run", "--url", "http://127.0.0.1:1/", "--rate", "inf", "-d", "1s"], "--rate must be"),
        (["run", "--url", "http://127.0.0.1:1/", "--rate=1e300"], "--rate must be"),
        (["run", "--url", "http://127.0.0.1:1/", "--rate", "-10"], "--rate must be"),
        (["run", "--url", "http://127.0.0.1:1/", "-d", "-5s"], "--duration must be positive"),
        (["run", "--url", "http://127.0.0.1:1/", "-c", "-3"], "--connections must be"),
        (["run", "--url", "http://127.0.0.1:99999/"], "invalid port"),
        (["run", "--url", "http://"], "no host"),
        (["run", "--url", "http://127.0.0.1:1/", "--proxy", "not a proxy"], "--proxy"),
        (["sweep", "--url", "http://127.0.0.1:1/", "--rates", "1e300", "--step", "1s"], "--rates must be"),
        (["sweep", "--url", "http://127.0.0.1:1/", "--vus", "1.5"], "whole numbers"),
        (["sweep", "--url", "http://127.0.0.1:1/", "--vus", "1,,2"], "empty item"),
        (["sweep", "--url", "http://127.0.0.1:1/", "--vus", "2,1"], "strictly increasing"),
        (["find-max", "--url", "http://127.0.0.1:1/", "--slo", "p99<300ms", "--start", "1e300"], "--start must be"),
    ])
    func badNumbersAndURLsAreUsageErrors(arguments: [String], message: String) throws {
        let result = try CLI.run(arguments + ["--quiet", "--out", CLI.temporaryDirectory()], timeoutSeconds: 20)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }

    @Test func unreadableCapacityCSVIs66() throws {
        let result = try CLI.run(["capacity", "usl", "--csv", "/nonexist.csv"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("/nonexist.csv"))
    }

    @Test func serveHelpExampleUsesURL() throws {
        let help = try CLI.run(["serve", "--help"])
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("crmbench run --http2 --url http://"), "\(help.stdout)")
    }

    /// A probe cut short by Ctrl-C is not judged: the table and the verdict (no rate found) agree.
    @Test func interruptedFindMaxProbeIsNotMet() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["find-max", "--url", server.baseURL + "/healthz", "--slo", "p99<300ms", "--start", "20",
                                  "--step", "5s", "--out", dir], timeoutSeconds: 30, interruptAfter: 1.5)
        #expect(result.status == 98, "\(result.stderr)")
        let probeRows = result.stdout.split(separator: "\n").filter { $0.hasPrefix("20.0 ") }
        #expect(probeRows.count == 1 && !probeRows[0].hasSuffix("met"), "\(result.stdout)")
        let sweep = try CLI.json(dir + "/result.json")["sweep"] as? [String: Any] ?? [:]
        let levels = sweep["levels"] as? [[String: Any]] ?? []
        #expect(levels.count == 1)
        #expect(levels.first?["metSLO"] as? Bool != true)
        #expect(sweep["maxRatePerSecond"] == nil)
    }

    /// Unreadable TLS files are exit 66 naming the file, and an output that cannot be created is exit 73, all
    /// before any load (127.0.0.1:1 would otherwise be loaded for the default 10 s).
    @Test func unreadableInputsAndOutputsAreRefusedBeforeTheLoad() throws {
        let dir = CLI.temporaryDirectory()
        let notPEM = dir + "/not.pem"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notPEM))
        let url = "http://127.0.0.1:1/"
        for (extra, code, message) in [(["--cacert", "/nonexist.pem"], Int32(66), "--cacert /nonexist.pem"),
                                       (["--cert", "/nonexist.pem"], 66, "--cert /nonexist.pem"),
                                       (["--cacert", notPEM], 66, "not a PEM file"),
                                       (["--out", "/proc/nope"], 73, "--out /proc/nope"),
                                       (["--summary-export", "/proc/nope.json"], 73, "--summary-export /proc/nope.json")] {
            let started = Date()
            let result = try CLI.run(["run", "--url", url, "--quiet"] + (extra.first == "--out" ? extra : extra + ["--out", dir + "/run"]),
                                     timeoutSeconds: 20)
            #expect(result.status == code, "\(extra): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(extra): \(result.stderr)")
            #expect(!result.stderr.contains("NSCocoaErrorDomain"))
            #expect(Date().timeIntervalSince(started) < 5)
            // A check that fails creates nothing: no empty run folder is left behind.
            #expect(!FileManager.default.fileExists(atPath: dir + "/run"), "\(extra)")
        }
        let onAFile = try CLI.run(["run", "--url", url, "--quiet", "--out", notPEM + "/run"], timeoutSeconds: 20)
        #expect(onAFile.status == 73)
        #expect(onAFile.stderr.contains("--out \(notPEM)/run: cannot create the folder: \(notPEM) is a file"), "\(onAFile.stderr)")
    }
}

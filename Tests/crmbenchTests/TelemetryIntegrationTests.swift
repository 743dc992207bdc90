import Foundation
import Testing

/// Live outputs and the run history with real processes: the JSON lines and the scrape page are read while a run
/// against the reference CRM goes, their final totals are the result's, a port in use stops the run before any
/// load, and the history records the run, refuses nothing it should keep, and survives a kill and two writers.
@Suite(.serialized, .tags(.timing)) struct TelemetryIntegrationTests {
    /// A port free right now on 127.0.0.1 (listened on at port 0, read, closed).
    static func freePort() -> Int { (try? MetricsBlocker())?.port ?? 0 }

    @Test func jsonLinesAndTheScrapePageGrowDuringTheRunAndEndOnTheResultsTotals() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory(), port = Self.freePort()
        let history = dir + "/history.sqlite"
        let outcome = LockedOutcome()
        let (url, auth) = (server.baseURL + "/api/v1/customers/3", server.auth)
        let runner = Thread {
            outcome.set(try? CLI.run(["run", "--url", url, "-H", auth, "--rate", "200",
                                      "-d", "3s", "--out", dir + "/run", "--out", "json=" + dir + "/live.json",
                                      "--metrics-listen", "127.0.0.1:\(port)", "--history", history, "--label", "v1", "--quiet"]))
        }
        runner.start()
        Thread.sleep(forTimeInterval: 2.3)
        // Mid-run: lines already flushed, every one valid JSON; the scrape page already counts requests.
        let early = (try? String(contentsOfFile: dir + "/live.json", encoding: .utf8)) ?? ""
        let earlyPoints = early.split(separator: "\n").filter { $0.contains("\"metric\":\"http_reqs\"") && $0.contains("\"Point\"") }
        // Requests per endpoint and status, under k6's tags (a URL run: its path as `name`, no `group`), counted
        // on the page while the run still goes.
        let series = "k6_http_reqs_total{method=\"GET\",name=\"/api/v1/customers/3\",scenario=\"url\",status=\"200\",testid=\"run\"} "
        var page = "", countedMidRun = false
        while !outcome.done && !countedMidRun {
            page = (try? String(contentsOf: URL(string: "http://127.0.0.1:\(port)/metrics")!, encoding: .utf8)) ?? page
            countedMidRun = page.split(separator: "\n").contains { $0.hasPrefix(series) && !$0.hasSuffix(" 0") } && !outcome.done
            if !countedMidRun { Thread.sleep(forTimeInterval: 0.1) }
        }
        while !outcome.done { Thread.sleep(forTimeInterval: 0.05) }
        let done = try #require(outcome.value)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(earlyPoints.count >= 1, "no point flushed while the run went: \(early.prefix(300))")
        #expect(countedMidRun, "\(page.prefix(400))")
        let requests = try #require((try CLI.json(dir + "/run/result.json")["summary"] as? [String: Any])
            .flatMap { $0["overall"] as? [String: Any] }?["requests"] as? Int)
        let lines = try String(contentsOfFile: dir + "/live.json", encoding: .utf8).split(separator: "\n")
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == lines.count)
        let counts = objects.filter { $0["metric"] as? String == "http_reqs" && $0["type"] as? String == "Point" }
            .compactMap { ($0["data"] as? [String: Any])?["value"] as? Int }
        #expect(counts.count >= 3 && counts.last == requests && counts == counts.sorted())
        // The run is in the history, with its label.
        let trend = try CLI.run(["history", "--history", history, "--metric", "rps"])
        #expect(trend.status == 0, "\(trend.stderr)")
        #expect(trend.stdout.contains("url: rps over 1 run(s), 0 change point(s)") && trend.stdout.contains("v1"))
        #expect(FileManager.default.fileExists(atPath: dir + "/history.html"))
        let again = try CLI.run(["history", "--history", history, "--import", dir + "/run"])
        #expect(again.stdout.contains("imported 0 run(s)") && again.stdout.contains("(1 already recorded)"))
    }

    @Test func aMetricsPortInUseExits69BeforeAnyLoad() throws {
        let dir = CLI.temporaryDirectory()
        let blocker = try MetricsBlocker()
        let outcome = try CLI.run(["run", "--url", "http://127.0.0.1:9/x", "-d", "30s", "--out", dir + "/run",
                                   "--metrics-listen", "127.0.0.1:\(blocker.port)"], timeoutSeconds: 20)
        #expect(outcome.status == 69)
        #expect(outcome.stderr.contains("--metrics-listen: cannot listen on 127.0.0.1:\(blocker.port): Address already in use"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/run"))
        let bad = try CLI.run(["run", "--url", "http://127.0.0.1:9/x", "--metrics-listen", "9464"])
        #expect(bad.status == 64 && bad.stderr.contains("is not HOST:PORT"))
    }
}

/// A listening socket on 127.0.0.1, held until deinit.
final class MetricsBlocker {
    let fd: Int32
    let port: Int
    init() throws {
        let listening = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listening, $0, length) } }
        guard bound == 0, listen(listening, 1) == 0 else { close(listening); throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listening, $0, &length) } }
        (fd, port) = (listening, Int(UInt16(bigEndian: address.sin_port)))
    }
    deinit { close(fd) }
}

final class LockedOutcome: @unchecked Sendable {  // `outcome` behind `lock`
    private let lock = NSLock()
    private var outcome: CLI.Outcome?
    private var finished = false
    func set(_ value: CLI.Outcome?) { lock.lock(); outcome = value; finished = true; lock.unlock() }
    var value: CLI.Outcome? { lock.lock(); defer { lock.unlock() }; return outcome }
    var done: Bool { lock.lock(); defer { lock.unlock() }; return finished }
}

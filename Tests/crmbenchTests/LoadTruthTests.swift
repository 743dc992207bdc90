import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The numbers crmbench reports against a server whose behaviour is known: a fixed delay, a periodic stall, a
/// CPU-bound ceiling. Tolerances are set for a noisy 2-core machine running client and server together.
@Suite(.serialized, .tags(.timing)) struct LoadTruthTests {
    /// A light open load on a server that answers every request 20 ms late: the reported latency never falls
    /// below the 20 ms the server waits, and the client adds no systematic delay of its own (timer wakeups,
    /// poll granularity) to what a plain blocking socket measures from the same server at the same time.
    ///
    /// The server's own floor is not 20 ms flat (a debug build takes 1–2 ms more to route, read and encode),
    /// so both clients are held to that floor: their fastest requests show what each adds by itself, and the
    /// medians must agree too, within the noise of a shared machine where either client may wait for a core.
    @Test func knownLatencyIsReportedWithoutClientDelay() throws {
        let server = try ServerProcess(["--latency", "20ms"])
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let probe = SocketProbe(baseURL: server.baseURL, path: "/api/v1/customers/1", header: server.auth)
        let probeThread = Thread { probe.run(count: 50, gapMillis: 60) }
        probeThread.start()
        let result = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers/1", "-H", server.auth,
                                  "--rate", "20", "-d", "3s", "--quiet", "--out", dir + "/run",
                                  "--summary-export", dir + "/s.json"])
        let reference = probe.waitForResult()
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try CLI.json(dir + "/s.json")
        #expect(summary["errors"] as? Int == 0)
        #expect(abs((summary["requests"] as? Int ?? 0) - 60) <= 1)
        let p50 = Self.micros(summary["latencyMicros"], "p50"), min = Self.micros(summary["latencyMicros"], "min")
        print("LoadTruth latency: p50 \(p50) µs, min \(min) µs; blocking socket p50 \(reference.p50) µs, "
              + "min \(reference.min) µs")
        #expect(reference.count >= 40, "the socket probe measured \(reference.count) requests")
        #expect(min >= 20_000 && p50 >= 20_000, "latency min \(min) µs, p50 \(p50) µs")
        #expect(min <= reference.min + 1_000, "fastest \(min) µs vs \(reference.min) µs from a blocking socket")
        #expect(p50 <= reference.p50 + 5_000, "latency p50 \(p50) µs vs \(reference.p50) µs from a blocking socket")
    }

    /// An open model keeps sending through a stall, so the requests caught in it show the stall in their
    /// latency (from the schedule) while the service time of the rest stays normal. A closed model with a few
    /// connections stops sending while it waits: its uncorrected p99 hides the stall (coordinated omission).
    @Test func stallShowsInOpenModelLatencyAndHidesInClosedModel() throws {
        // The server stalls from 3 s to 4 s after its start and again from 7 s to 8 s: the 9 s open run sees
        // both, the 5 s closed run the first.
        let open = try stallRun(["--rate", "100"], seconds: 9)
        let closed = try stallRun(["-c", "4"], seconds: 5)
        let openLatency = open["latencyMicros"], openService = open["serviceTimeMicros"]
        print("LoadTruth stall: open p99 \(Self.micros(openLatency, "p99")) µs, max \(Self.micros(openLatency, "max")) µs, "
              + "service p50 \(Self.micros(openService, "p50")) µs, requests \(open["requests"] ?? "nil"); "
              + "closed p99 \(Self.micros(closed["latencyMicros"], "p99")) µs, max \(Self.micros(closed["latencyMicros"], "max")) µs")
        #expect(Self.micros(openLatency, "p99") >= 800_000, "open p99 \(Self.micros(openLatency, "p99")) µs")
        #expect(Self.micros(openLatency, "max") >= 1_000_000, "open max \(Self.micros(openLatency, "max")) µs")
        #expect(Self.micros(openService, "p50") < 10_000, "open service p50 \(Self.micros(openService, "p50")) µs")
        #expect(abs((open["requests"] as? Int ?? 0) - 900) <= 9, "open requests \(open["requests"] ?? "nil")")
        let closedP99 = Self.micros(closed["latencyMicros"], "p99")
        #expect(Self.micros(closed["latencyMicros"], "max") >= 800_000, "the closed run saw no stall")
        #expect(Self.micros(openLatency, "p99") > 3 * closedP99,
                "open p99 \(Self.micros(openLatency, "p99")) µs vs closed p99 \(closedP99) µs")
    }

    /// A steady open rate against a fast endpoint: every scheduled request is sent, and the typical request
    /// leaves on time. The tail of the send lag is the operating system's to give: on a shared 2-core machine
    /// a thread that wakes on time still waits 1–3 ms for a core at p99 (with SCHED_FIFO the same engine holds
    /// a p99 under 100 µs), so `make bench` checks lag p99 < 1 ms on a quieter footing and this test checks
    /// the median.
    @Test func openRateSendsTheScheduleOnTime() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["run", "--url", server.baseURL + "/healthz", "--rate", "1000", "-d", "10s",
                                  "--quiet", "--out", dir + "/run"])
        #expect(result.status == 0, "\(result.stderr)")
        let file = try CLI.json(dir + "/run/result.json")
        let overall = (file["summary"] as? [String: Any])?["overall"] as? [String: Any] ?? [:]
        let requests = overall["requests"] as? Int ?? 0
        let generator = file["generator"] as? [String: Any] ?? [:]
        let lag = generator["lagMicros"]
        print("LoadTruth rate: \(requests) requests, dropped \(generator["droppedArrivals"] ?? "nil"), "
              + "lag p50 \(Self.micros(lag, "p50")) µs, p99 \(Self.micros(lag, "p99")) µs, max \(Self.micros(lag, "max")) µs")
        #expect(requests >= 9_900 && requests <= 10_100, "requests \(requests)")
        #expect(Self.micros(lag, "p50") < 1_000, "lag p50 \(Self.micros(lag, "p50")) µs")
    }

    /// A linear ramp of the arrival rate sends the integral of the rate.
    @Test func rampSendsTheIntegralOfTheRate() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let scenario = """
        name: ramp
        target: http://127.0.0.1:1
        flows:
          - name: health
            steps:
              - get: /healthz
        load: {model: open, stages: [{duration: 10s, target: 500}]}
        """
        try scenario.write(toFile: dir + "/ramp.yaml", atomically: true, encoding: .utf8)
        #expect(try CLI.run(["validate", dir + "/ramp.yaml"]).status == 0)
        let result = try CLI.run(["run", dir + "/ramp.yaml", "--target", server.baseURL, "--quiet",
                                  "--out", dir + "/run", "--summary-export", dir + "/s.json"])
        #expect(result.status == 0, "\(result.stderr)")
        let requests = try CLI.json(dir + "/s.json")["requests"] as? Int ?? 0
        print("LoadTruth ramp: \(requests) requests")
        #expect(abs(requests - 2_500) <= 50, "requests \(requests)")
    }

    /// A server held to one core, spending 2 ms of CPU per request, can answer at most about 500 per second
    /// (about 330 in a debug build, whose own handling adds about 1 ms). Each request also waits 2 ms outside the
    /// CPU (`--latency`, which holds no worker), so one connection leaves the core idle half the time: the sweep's
    /// throughput rises, flattens under that ceiling, and the sweep stops by itself once two levels in a row gained
    /// less than 5 % over the best before them. Levels past the knee are dense so that noise on a busy machine
    /// cannot keep it going. The server is pinned to one CPU so that all of its work, not only the `--cpu-work`
    /// that `--workers 1` admits one at a time, shares one core.
    @Test func sweepFlattensAtTheServerCeilingAndStopsItself() throws {
        let server = try ServerProcess(["--workers", "1", "--cpu-work", "2ms", "--latency", "2ms"])
        defer { server.stop() }
        #expect(server.pinToOneCPU(), "could not pin the server to one CPU")
        let dir = CLI.temporaryDirectory()
        let given = [1, 2, 4, 6, 8, 12, 16, 24, 32]
        let result = try CLI.run(["sweep", "--url", server.baseURL + "/api/v1/customers/1", "-H", server.auth,
                                  "--vus", given.map(String.init).joined(separator: ","), "--step", "2s",
                                  "--quiet", "--out", dir + "/run"], timeoutSeconds: 40)
        #expect(result.status == 0, "\(result.stderr)")
        let sweep = try CLI.json(dir + "/run/result.json")["sweep"] as? [String: Any] ?? [:]
        let levels = sweep["levels"] as? [[String: Any]] ?? []
        let throughput = levels.map { (($0["summary"] as? [String: Any])?["requestsPerSecond"] as? Double) ?? 0 }
        print("LoadTruth sweep: req/s by level \(throughput.map { Int($0.rounded()) }); \(sweep["stoppedEarly"] ?? "nil")")
        #expect(levels.count >= 3 && levels.count < given.count, "\(levels.count) levels: \(throughput)")
        #expect((sweep["stoppedEarly"] as? String)?.contains("saturated") == true, "\(sweep["stoppedEarly"] ?? "nil")")
        let best = throughput.max() ?? 0, last = throughput.last ?? 0
        #expect(best >= 200 && best <= 550, "throughput by level \(throughput)")
        #expect(best >= (throughput.first ?? 0) * 1.05, "no rise: \(throughput)")
        #expect(last >= best * 0.6, "collapsed rather than flattened: \(throughput)")
    }

    /// Ctrl-C in the middle of each load model still writes a valid, partial result.
    @Test(arguments: ["closed", "open", "stages"])
    func interruptWritesAPartialResult(model: String) throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        var arguments: [String]
        switch model {
        case "closed": arguments = ["run", "--url", server.baseURL + "/healthz", "-c", "4", "-d", "60s"]
        case "open": arguments = ["run", "--url", server.baseURL + "/healthz", "--rate", "200", "-d", "60s"]
        default:
            let scenario = """
            name: ramp
            target: http://127.0.0.1:1
            flows:
              - name: health
                steps:
                  - get: /healthz
            load: {model: open, stages: [{duration: 30s, target: 300}, {duration: 30s, target: 0}]}
            """
            try scenario.write(toFile: dir + "/ramp.yaml", atomically: true, encoding: .utf8)
            arguments = ["run", dir + "/ramp.yaml", "--target", server.baseURL]
        }
        let result = try CLI.run(arguments + ["--quiet", "--out", dir + "/run"], timeoutSeconds: 30, interruptAfter: 1.5)
        #expect(result.status == 98, "\(result.stderr)")
        let file = try CLI.json(dir + "/run/result.json")
        #expect(file["schemaVersion"] as? Int == 1)
        #expect(file["partial"] as? Bool == true)
        let overall = (file["summary"] as? [String: Any])?["overall"] as? [String: Any] ?? [:]
        #expect((overall["requests"] as? Int ?? 0) > 0)
        #expect((file["meta"] as? [String: Any])?["durationSeconds"] as? Double ?? 99 < 10)
    }

    /// Ctrl-C in the middle of a sweep level ends the sweep with a valid, partial result of what ran.
    @Test func interruptedSweepWritesAPartialResult() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["sweep", "--url", server.baseURL + "/healthz", "--vus", "2,4,8", "--step", "20s",
                                  "--quiet", "--out", dir + "/run"], timeoutSeconds: 30, interruptAfter: 1.5)
        #expect(result.status == 98, "\(result.stderr)")
        let file = try CLI.json(dir + "/run/result.json")
        #expect(file["partial"] as? Bool == true)
        let overall = (file["summary"] as? [String: Any])?["overall"] as? [String: Any] ?? [:]
        #expect((overall["requests"] as? Int ?? 0) > 0)
        let sweep = file["sweep"] as? [String: Any] ?? [:]
        #expect((sweep["levels"] as? [Any])?.count == 1)
    }

    // MARK: - Helpers

    /// A run against a fresh server that stalls for 1 s every 4 s; returns the summary export.
    private func stallRun(_ load: [String], seconds: Int) throws -> [String: Any] {
        let server = try ServerProcess(["--stall", "1s@4s"])
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let result = try CLI.run(["run", "--url", server.baseURL + "/api/v1/customers/1", "-H", server.auth]
                                 + load + ["-d", "\(seconds)s", "--quiet", "--out", dir + "/run", "--summary-export", dir + "/s.json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try CLI.json(dir + "/s.json")
    }

    private static func micros(_ summary: Any?, _ key: String) -> Int {
        (summary as? [String: Any])?[key] as? Int ?? -1
    }
}

/// A plain blocking HTTP/1.1 client on one keep-alive connection: what a request costs with no event loop,
/// timer or pacing in the way. Runs on its own thread; the median is read after it finished.
final class SocketProbe: @unchecked Sendable {
    private let host: String
    private let port: UInt16
    private let request: [UInt8]
    private let done = DispatchSemaphore(value: 0)
    private var samples: [Int] = []

    init(baseURL: String, path: String, header: String) {
        let url = URL(string: baseURL)!
        host = url.host ?? "127.0.0.1"
        port = UInt16(url.port ?? 80)
        request = Array("GET \(path) HTTP/1.1\r\nHost: \(host)\r\n\(header)\r\n\r\n".utf8)
    }

    /// Sends `count` requests one after another, `gapMillis` apart (bounded: gives up on any socket error).
    func run(count: Int, gapMillis: Int) {
        defer { done.signal() }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var yes: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr(host)
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return }
        let clock = ContinuousClock()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        for _ in 0..<count {
            let start = clock.now
            guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else { return }
            var received: [UInt8] = []
            while !Self.isComplete(received) {
                let n = read(fd, &buffer, buffer.count)
                if n <= 0 { return }
                received += buffer[0..<n]
            }
            let elapsed = clock.now - start
            samples.append(Int(elapsed.components.seconds) * 1_000_000 + Int(elapsed.components.attoseconds / 1_000_000_000_000))
            usleep(UInt32(gapMillis * 1_000))
        }
    }

    /// Round trips in microseconds: how many, the fastest and the median (0 when none); waits for `run`.
    func waitForResult() -> (count: Int, min: Int, p50: Int) {
        _ = done.wait(timeout: .now() + 30)
        let sorted = samples.sorted()
        return (sorted.count, sorted.first ?? 0, sorted.isEmpty ? 0 : sorted[sorted.count / 2])
    }

    /// Whether `bytes` hold a whole response: headers and a Content-Length body.
    private static func isComplete(_ bytes: [UInt8]) -> Bool {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 4, let end = (0...(bytes.count - 4)).first(where: { Array(bytes[$0..<$0 + 4]) == separator })
        else { return false }
        let head = String(decoding: bytes[0..<end], as: UTF8.self).lowercased()
        let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        return bytes.count >= end + 4 + length
    }
}

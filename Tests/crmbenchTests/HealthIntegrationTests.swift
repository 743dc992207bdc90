import Foundation
import Testing

/// Generator health against the reference CRM: an idle generator is never blamed, the in-flight limit is named as
/// the target's latency meeting `-c`, and find-max answers near what a closed sweep of the same server reaches.
@Suite(.serialized, .tags(.timing)) struct HealthIntegrationTests {
    private func generator(_ dir: String) throws -> [String: Any] {
        try CLI.json(dir + "/result.json")["generator"] as? [String: Any] ?? [:]
    }

    @Test func anIdleGeneratorIsNotBlamedAndTheInFlightLimitIsNamed() throws {
        let server = try ServerProcess(["--latency", "20ms"])
        defer { server.stop() }
        let url = server.baseURL + "/api/v1/customers/7"
        // 10/s, one every 100 ms, at 20 ms each: 0.2 in flight, so -c 2 is never reached.
        let dir = CLI.temporaryDirectory()
        let calm = try CLI.run(["run", "--url", url, "-H", server.auth, "--rate", "10", "-c", "2", "-d", "3s", "--out", dir])
        #expect(calm.status == 0, "\(calm.stderr)")
        #expect(!calm.stdout.contains("measured the load generator"))
        #expect(!calm.stdout.contains("in-flight limit"))
        let g = try generator(dir)
        #expect((g["blockedArrivals"] as? Int) == 0)
        // 0.1 connections needed, so the floor of one per worker thread (`--threads auto`: at most -c 2).
        let threads = g["threads"] as? Int ?? 0
        #expect((1...2).contains(threads) && (g["preopenedConnections"] as? Int) == threads)
        #expect((g["causes"] as? [String])?.contains("cpuSaturated") == false)
        // 200/s at 20 ms needs 4 in flight: -c 2 holds arrivals back. A note, not a generator banner.
        let busyDir = CLI.temporaryDirectory()
        let busy = try CLI.run(["run", "--url", url, "-H", server.auth, "--rate", "200", "-c", "2", "-d", "2s", "--out", busyDir])
        #expect(busy.status == 0, "\(busy.stderr)")
        #expect(!busy.stdout.contains("measured the load generator"))
        #expect(busy.stdout.contains("note: in-flight limit") && busy.stdout.contains("the target is slow for this rate"))
        let limited = try generator(busyDir)
        #expect((limited["causes"] as? [String])?.first == "inFlightLimit")
        #expect((limited["suggestedMaxInFlight"] as? Int).map { $0 > 2 } == true)
        #expect((limited["saturated"] as? Bool) == false)
    }

    @Test func findMaxAnswersNearAClosedSweepsThroughput() throws {
        let server = try ServerProcess(["--workers", "1", "--cpu-work", "5ms"])
        defer { server.stop() }
        _ = server.pinToOneCPU()
        let url = server.baseURL + "/api/v1/customers/7"
        let sweepDir = CLI.temporaryDirectory()
        let sweep = try CLI.run(["sweep", "--url", url, "-H", server.auth, "--vus", "1,2,4", "--step", "2s", "--no-early-stop",
                                 "--quiet", "--out", sweepDir])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let levels = (try CLI.json(sweepDir + "/result.json")["sweep"] as? [String: Any])?["levels"] as? [[String: Any]] ?? []
        let peak = levels.compactMap { ($0["summary"] as? [String: Any])?["requestsPerSecond"] as? Double }.max() ?? 0
        let findDir = CLI.temporaryDirectory()
        let find = try CLI.run(["find-max", "--url", url, "-H", server.auth, "--slo", "p95<100ms", "--start", "40", "--step", "2s",
                                "--precision", "0.1", "--max-probes", "7", "--quiet", "--out", findDir], timeoutSeconds: 90)
        let answer = (try CLI.json(findDir + "/result.json")["sweep"] as? [String: Any])?["maxRatePerSecond"] as? Double ?? 0
        #expect(find.status == 0, "\(find.stderr)")
        #expect(peak > 50)
        #expect(answer >= 0.7 * peak, "find-max \(answer)/s against a closed sweep's \(peak)/s")
    }
}

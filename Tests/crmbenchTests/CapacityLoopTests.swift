import Foundation
import Testing

/// The capacity model's closed loop on the reference CRM: sweep a one-core server (one worker, pinned to one CPU)
/// with 2 ms of CPU per request, predict the peak with two workers on two cores and with the cache on, then
/// measure both. The sweep reads one customer again and again, so the cache is described by a 95 % hit ratio,
/// which the cached run then confirms from the server's own counters.
@Suite(.serialized, .tags(.timing)) struct CapacityLoopTests {
    private func levels(_ dir: String) throws -> [[String: Any]] {
        let file = try CLI.json(dir + "/result.json")
        return ((file["sweep"] as? [String: Any])?["levels"] as? [[String: Any]]) ?? []
    }

    private func sweep(_ server: ServerProcess, into dir: String) throws -> Double {
        let result = try CLI.run(["sweep", "--url", server.baseURL + "/api/v1/customers/7", "-H", server.auth,
                                  "--vus", "1,2,4,8,16", "--step", "2s", "--no-early-stop", "--quiet", "--out", dir,
                                  // One generator thread, as the figures in the README were measured: with `auto` a second
                                  // thread shares the pinned server's CPU and lowers the one-core baseline.
                                  "--threads", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        return try levels(dir).compactMap { ($0["summary"] as? [String: Any])?["requestsPerSecond"] as? Double }.max() ?? 0
    }

    private func prediction(_ plan: [String: Any], _ index: Int) -> Double {
        ((plan["whatIf"] as? [[String: Any]])?[index]["peakThroughputPerSecond"] as? Double) ?? 0
    }

    @Test func predictsMoreCoresAndTheCacheFromOneSweep() throws {
        let dir = CLI.temporaryDirectory()
        let base = try ServerProcess(["--workers", "1", "--cpu-work", "2ms"])
        #expect(base.pinToOneCPU())
        let measuredBase = try sweep(base, into: dir + "/base")
        base.stop()
        try "cores: 1\n".write(toFile: dir + "/capacity.yaml", atomically: true, encoding: .utf8)
        // The server's capacity is its one worker (crm_server_workers on /metrics): two cores means two workers on them.
        let plan = try CLI.run(["plan", dir + "/base", "--capacity", dir + "/capacity.yaml", "--slo", "throughput=100,p95<1s",
                                "--what-if", "workers=2,cores=2", "--what-if", "cache=0.95", "--json"])
        // 0 (met) or 96 (insufficient evidence): a one-worker sweep is flat from 1 VU, where R² says little; either way
        // the plan must give its figures, and 96 must name the run that settles it.
        #expect(plan.status == 0 || plan.status == 96, "\(plan.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any] ?? [:]
        let predictedCores = prediction(document, 0), predictedCache = prediction(document, 1)
        let interval = (((document["assessment"] as? [String: Any])?["whatIf"] as? [[String: Any]])?.first?["peakThroughputPerSecond"]
            as? [String: Any]) ?? [:]
        let markdown = (try? String(contentsOfFile: dir + "/base/plan.md", encoding: .utf8)) ?? ""
        #expect(markdown.contains("Backtest: fitted without the highest level (16 VUs)"), "\(markdown)")
        #expect(markdown.contains("Status: **met**") || markdown.contains("To settle it: "))

        let twoCores = try ServerProcess(["--workers", "2", "--cpu-work", "2ms"])
        let measuredCores = try sweep(twoCores, into: dir + "/cores")
        twoCores.stop()
        let cached = try ServerProcess(["--workers", "1", "--cpu-work", "2ms", "--cache", "on"])
        #expect(cached.pinToOneCPU())
        let measuredCache = try sweep(cached, into: dir + "/cache")
        cached.stop()
        let hitRatios = try levels(dir + "/cache").compactMap { ($0["server"] as? [String: Any])?["cacheHitRatio"] as? Double }
        #expect(!hitRatios.isEmpty && hitRatios.allSatisfy { $0 >= 0.95 }, "cache hit ratios \(hitRatios)")

        let coresError = abs(predictedCores - measuredCores) / measuredCores
        let cacheError = abs(predictedCache - measuredCache) / measuredCache
        print("capacity loop: one core \(Int(measuredBase)) rps; two cores predicted \(Int(predictedCores)), measured "
              + "\(Int(measuredCores)) (\(Int(coresError * 100))%); cache predicted \(Int(predictedCache)), measured "
              + "\(Int(measuredCache)) (\(Int(cacheError * 100))%)")
        // The goal is 15 %; on a shared 2-core CI machine the generator competes with the two-core server, so the
        // test allows 30 % (the figures measured on a quiet machine are in the README's capacity section).
        #expect(measuredCores > measuredBase * 1.3, "two cores should clearly beat one")
        #expect(coresError <= 0.30)
        // The two-core prediction's 95 % interval holds the two-core peak measured afterwards.
        let lower = interval["lower"] as? Double ?? .infinity, upper = interval["upper"] as? Double ?? -.infinity
        print("capacity loop: two-core interval [\(Int(lower)), \(Int(upper))]; "
              + (markdown.split(separator: "\n").first { $0.contains("Backtest") }.map(String.init) ?? "no backtest line"))
        #expect(lower <= measuredCores && measuredCores <= upper, "measured \(measuredCores) outside [\(lower), \(upper)]")
        #expect(cacheError <= 0.30)
    }
}

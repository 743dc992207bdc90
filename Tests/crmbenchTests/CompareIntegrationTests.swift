import Foundation
import Testing

/// `compare` on real runs of the reference CRM.
@Suite(.serialized, .tags(.timing)) struct CompareIntegrationTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// 10-second runs of one URL, each against its server, at the same time: the servers are apart, and the slower
    /// one's load (120 requests/s) is light beside the faster one's.
    private func run(_ runs: [(ServerProcess, String)]) throws {
        let invocations = runs.map { server, dir in
            (arguments: ["run", "--url", server.baseURL + "/api/v1/customers/3", "-H", server.auth, "-c", "12", "-d", "10s",
                         "--quiet", "--out", dir], environment: [String: String]())
        }
        for result in try CLI.runConcurrently(invocations) { #expect(result.status == 0, "\(result.stderr)") }
    }

    /// 10-second runs of browse.yaml (4 users with thinks of 100–300 ms: light load), each against its server, at
    /// the same time.
    private func browse(_ runs: [(ServerProcess, String)]) throws {
        let invocations = runs.map { server, dir in
            (arguments: ["run", Self.repoRoot + "/scenarios/browse.yaml", "--target", server.baseURL, "-d", "10s",
                         "--quiet", "--out", dir], environment: ["CRM_TOKEN": server.token])
        }
        for result in try CLI.runConcurrently(invocations) { #expect(result.status == 0, "\(result.stderr)") }
    }

    /// Every row of the first comparison: (subject, metric) → (verdict, interval low).
    private func rows(_ baseline: String, _ candidate: String) throws -> (rows: [String: (verdict: String, low: Double)], json: [String: Any]) {
        let out = try CLI.run(["compare", baseline, candidate, "--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any] ?? [:]
        let comparison = (json["comparisons"] as? [[String: Any]])?.first ?? [:]
        var result: [String: (String, Double)] = [:]
        for subject in comparison["subjects"] as? [[String: Any]] ?? [] {
            let name = subject["kind"] as? String == "overall" ? "overall" : "\(subject["kind"] ?? "?") \(subject["name"] ?? "?")"
            for metric in subject["metrics"] as? [[String: Any]] ?? [] {
                let estimate = metric["estimate"] as? [String: Any] ?? [:]
                let low = (estimate["low"] as? Double) ?? ((estimate["low"] as? String) == "-inf" ? -.infinity : .nan)
                result["\(name) \(metric["metric"] as? String ?? "?")"] = (metric["verdict"] as? String ?? "?", low)
            }
        }
        return (result, comparison)
    }

    @Test func slowerServerOnAnotherPortIsARegressionWithANote() throws {
        let dir = CLI.temporaryDirectory()
        // 2 ms against 100 ms: a loaded two-core machine adds tens of milliseconds to the fast server's tail, which
        // hid a 5 → 20 ms change in p99 (honestly: the runs' p99s were 43 and 46 ms).
        let fast = try ServerProcess(["--latency", "2ms"])
        // 12 connections: 10 s at 100 ms gives 1,200 responses, enough above p99 for a verdict (10).
        let slow = try ServerProcess(["--latency", "100ms"])
        try run([(fast, dir + "/fast"), (slow, dir + "/slow")])
        fast.stop()
        slow.stop()

        let (worse, comparison) = try rows(dir + "/fast", dir + "/slow")
        #expect(worse["overall p50"]?.verdict == "regressed")
        #expect(worse["overall p99"]?.verdict == "regressed", "\(worse)")
        #expect(worse["overall throughput"]?.verdict == "regressed")
        // Another port is the same request to another server: comparable, with a note.
        let comparability = comparison["comparability"] as? [String: Any] ?? [:]
        #expect((comparability["issues"] as? [String])?.isEmpty == true, "\(comparability)")
        #expect((comparability["notes"] as? [String])?.contains { $0.contains("different targets") } == true)
        // Both runs are "url": the table names them by folder.
        let text = try CLI.run(["compare", dir + "/fast", dir + "/slow"])
        #expect(text.stdout.contains("fast (url)") && text.stdout.contains("slow (url)"), "\(text.stdout)")

        let (better, _) = try rows(dir + "/slow", dir + "/fast")
        #expect(better["overall p50"]?.verdict == "improved")
        #expect(better["overall throughput"]?.verdict == "improved")
        let (itself, _) = try rows(dir + "/slow", dir + "/slow")
        #expect(!itself.isEmpty && itself.values.allSatisfy { $0.verdict == "no significant change" || $0.verdict == "insufficient data" })

        let gate = try CLI.run(["compare", dir + "/fast", dir + "/slow", "--fail-on-regression", "5%"])
        #expect(gate.status == 99)
    }

    /// Issue 16's bar: server latency doubled → every endpoint's p50 regressed; a run against itself and two runs
    /// of one configuration flag at most one row in all; no interval reaches below −100 %.
    @Test func browseAt20msAgainst40msFlagsEveryEndpointAndTwoRunsOfOneConfigurationAtMostOneRow() throws {
        let dir = CLI.temporaryDirectory()
        // browse.yaml lists pages at offsets up to 900: the CRM needs that many customers.
        let fast = try ServerProcess(["--latency", "20ms"], seed: 1_000)
        let slow = try ServerProcess(["--latency", "40ms"], seed: 1_000)
        // a and c at the same time, against their own servers; b, the second run of a's configuration, after them.
        try browse([(fast, dir + "/a"), (slow, dir + "/c")])
        slow.stop()
        try browse([(fast, dir + "/b")])
        fast.stop()

        let (doubled, _) = try rows(dir + "/a", dir + "/c")
        let endpoints = doubled.keys.filter { $0.hasPrefix("endpoint ") && $0.hasSuffix(" p50") }
        #expect(endpoints.count == 4, "\(doubled.keys.sorted())")
        for key in endpoints { #expect(doubled[key]?.verdict == "regressed", "\(key): \(doubled[key].map { "\($0)" } ?? "-")") }

        for (baseline, candidate) in [("a", "a"), ("a", "b"), ("b", "a")] {
            let (same, _) = try rows(dir + "/" + baseline, dir + "/" + candidate)
            let flagged = same.filter { $0.value.verdict == "regressed" || $0.value.verdict == "improved" }
            #expect(flagged.count <= 1, "\(baseline) vs \(candidate): \(flagged.keys.sorted())")
            if baseline == candidate { #expect(flagged.isEmpty) }
        }
        // Rows without an interval ("insufficient data") carry -inf; every interval there is lies above −100 %.
        for (key, row) in doubled where row.verdict != "insufficient data" { #expect(row.low > -1, "\(key) interval starts at \(row.low)") }
    }
}

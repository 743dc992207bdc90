import Foundation
import Testing

/// `plan` against the reference CRM: a sweep that never saturates says so and names the run that would settle it;
/// a damaged plan.json is refused with its path, never a crash.
@Suite(.serialized, .tags(.timing)) struct PlanEvidenceTests {
    @Test func aSweepThatNeverSaturatesIsInsufficientEvidence() throws {
        let dir = CLI.temporaryDirectory()
        // 20 ms of added latency per request and at most 8 VUs: throughput rises linearly, nothing saturates.
        let server = try ServerProcess(["--latency", "20ms"])
        let sweep = try CLI.run(["sweep", "--url", server.baseURL + "/api/v1/customers/7", "-H", server.auth,
                                 "--vus", "1,2,3,4,6,8", "--step", "2s", "--no-early-stop", "--quiet", "--out", dir + "/run"])
        server.stop()
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let plan = try CLI.run(["plan", dir + "/run", "--slo", "throughput=2000,p95<500ms"])
        print(plan.stdout)
        #expect(plan.status == 96, "\(plan.stderr)")
        #expect(plan.stdout.contains("Status: **insufficient evidence**"))
        #expect(plan.stdout.contains("To settle it: sweep up to"))
        #expect(plan.stdout.contains("Backtest:"))
        #expect(plan.stdout.contains("Poisson"))
        // The report reads the plan back; the same plan with no stations is refused, not a crash.
        let planFile = dir + "/run/plan.json"
        var document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: planFile))) as? [String: Any] ?? [:]
        #expect(try CLI.run(["report", dir + "/run"]).status == 0)
        var inner = document["plan"] as? [String: Any] ?? [:]
        var baseline = inner["baseline"] as? [String: Any] ?? [:]
        baseline["stations"] = [Any]()
        inner["baseline"] = baseline
        document["plan"] = inner
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: planFile))
        let broken = try CLI.run(["report", dir + "/run"])
        #expect(broken.status == 65, "\(broken.stderr)")
        #expect(broken.stderr.contains("plan.json: plan.baseline.stations"), "\(broken.stderr)")
        try Data("{\"plan\": 3}".utf8).write(to: URL(fileURLWithPath: planFile))
        let wrongType = try CLI.run(["report", dir + "/run"])
        #expect(wrongType.status == 65 && wrongType.stderr.contains("plan.json: plan: expected"), "\(wrongType.stderr)")
    }
}

import Foundation
import Testing
import BenchFixtures
@testable import BenchCore
@testable import Reports

@Suite struct ComparisonReportTests {
    static let settings: ComparisonSettings = { var s = ComparisonSettings(); s.resamples = 200; return s }()

    static func pair(hostile: Bool = false) -> (RunResult, RunResult, RunComparison) {
        let name = hostile ? "<script>alert(1)</script>" : "GET /a"
        let a = SyntheticRun.make(name: "base", endpoints: [.init(name: name, medianMicros: 2_000, requestsPerSecond: 400)], seed: 1)
        let b = SyntheticRun.make(name: "cand", endpoints: [.init(name: name, medianMicros: 2_600, requestsPerSecond: 400)], seed: 2)
        return (a, b, RunComparator(settings: settings).compare(baseline: a, candidate: b, baselineSource: "a/result.json",
                                                                  candidateSource: "b/result.json"))
    }

    @Test func textShowsEveryMetricWithItsVerdict() {
        let (_, _, c) = Self.pair()
        let text = ComparisonReport.render([c], runs: [], format: .text)
        for label in ["throughput", "error rate", "p50", "p95", "p99", "regressed", "95% CI"] { #expect(text.contains(label), "\(label)") }
        #expect(text.contains("comparable: yes"))
    }

    @Test func markdownAndHTMLAreSafeAndWellFormed() {
        let (a, b, c) = Self.pair(hostile: true)
        let html = ComparisonReport.render([c], runs: [a, b], format: .html)
        #expect(MarkupChecker.problems(html) == [])
        #expect(!html.contains("<script") && html.contains("&lt;script&gt;"))
        for forbidden in ["src=", "href=", "url("] { #expect(!html.contains(forbidden)) }
        for id in ["chart-compare-throughput", "chart-compare-p99", "chart-compare-distribution"] { #expect(html.contains("id=\"\(id)\"")) }
        let md = ComparisonReport.render([c], runs: [a, b], format: .md)
        #expect(!md.contains("<script"))
        #expect(md.contains("❌"))
    }

    @Test func jsonIsStableAndDecodable() throws {
        let (a, b, c) = Self.pair()
        let json = ComparisonReport.render([c], runs: [a, b], format: .json)
        #expect(json == ComparisonReport.render([c], runs: [a, b], format: .json))
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let comparisons = object?["comparisons"] as? [[String: Any]]
        #expect(comparisons?.count == 1)
        #expect(json.contains("\"verdict\" : \"regressed\""))
    }

    @Test func incomparableRunsAreSaidSo() {
        let (a, _, _) = Self.pair()
        var b = SyntheticRun.make(name: "other", seed: 3)
        b.config.contentHash = "different"
        let c = RunComparator(settings: Self.settings).compare(baseline: a, candidate: b)
        #expect(ComparisonReport.render([c], runs: [], format: .text).contains("NOT COMPARABLE"))
        #expect(ComparisonReport.render([c], runs: [a, b], format: .html).contains("not comparable"))
    }
}

import Testing
import BenchFixtures
@testable import BenchCore
@testable import Reports

@Suite struct HTMLReportTests {
    static let hostile = "<script>alert(\"x\")</script> & 'q'"

    @Test func htmlIsWellFormedAndSelfContained() {
        let result = SyntheticRun.make(endpoints: [.init(name: "GET /a", medianMicros: 1_500, requestsPerSecond: 300),
                                                   .init(name: "POST /b", medianMicros: 9_000, requestsPerSecond: 50, errorRate: 0.02)])
        let html = HTMLReport.render(result)
        #expect(MarkupChecker.problems(html) == [])
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        // No resource is loaded from anywhere: no src/href at all, no url(), no script.
        for forbidden in ["src=", "href=", "url(", "<script", "@import", "http-equiv"] { #expect(!html.contains(forbidden), "found \(forbidden)") }
        for id in ["chart-throughput", "chart-errors", "chart-latency", "chart-distribution", "chart-phases"] {
            #expect(html.contains("id=\"\(id)\""))
        }
        #expect(html.components(separatedBy: "<path class=\"line").count - 1 >= 9)
        #expect(html.contains("<rect class=\"bar\""))
    }

    @Test func htmlShowsTheResultsFigures() {
        let result = SyntheticRun.make(endpoints: [.init(name: "GET /a", medianMicros: 1_500, requestsPerSecond: 300),
                                                   .init(name: "POST /b", medianMicros: 9_000, requestsPerSecond: 50)])
        let html = HTMLReport.render(result)
        #expect(html.contains(String(result.summary.overall.requests)))
        for e in result.summary.endpoints {
            #expect(html.contains(String(e.requests)))
            #expect(html.contains(DurationText.format(micros: e.latencyMicros.p99)))
        }
        #expect(html.contains(DurationText.format(micros: result.summary.overall.latencyMicros.p99)))
    }

    @Test func hostileNamesAreEscapedEverywhere() {
        var result = SyntheticRun.make(name: Self.hostile, endpoints: [.init(name: Self.hostile, medianMicros: 900, requestsPerSecond: 100)],
                                       thresholds: [ThresholdRecord(expression: Self.hostile, passed: false, observed: 1, detail: Self.hostile)],
                                       url: "http://127.0.0.1/<img src=x onerror=alert(1)>")
        result.generator.warnings = [Self.hostile]
        let html = HTMLReport.render(result)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(MarkupChecker.problems(html) == [])
        let junit = JUnitReport.render(result)
        #expect(!junit.contains("<script"))
        #expect(MarkupChecker.problems(junit, xml: true) == [])
        let md = MarkdownSummary.render(result)
        #expect(!md.contains("<script"))
    }

    @Test func generatorWarningIsProminent() {
        let html = HTMLReport.render(SyntheticRun.make(saturated: true))
        #expect(html.contains("id=\"generator-warning\""))
        #expect(html.contains("measured the load generator, not the target"))
        #expect(!HTMLReport.render(SyntheticRun.make()).contains("id=\"generator-warning\""))
    }

    @Test func sweepChartsAppearWithLevels() {
        let result = SyntheticRun.make()
        let levels = (1...5).map { i in
            SweepChartLevel(offeredLoad: Double(i * 10), summary: result.summary.overall, measuringTarget: i < 5)
        }
        let html = HTMLReport.render(result, sweep: SweepSeries(loadLabel: "connections", levels: levels))
        #expect(html.contains("id=\"chart-sweep-throughput\"") && html.contains("id=\"chart-sweep-latency\""))
        #expect(MarkupChecker.problems(html) == [])
    }

    @Test func scenarioTablesShowFlowsGroupsAndChecks() {
        var result = SyntheticRun.make(endpoints: [.init(name: "login", medianMicros: 3_000, requestsPerSecond: 20),
                                                   .init(name: "search contacts", medianMicros: 12_000, requestsPerSecond: 20)])
        var h = LatencyHistogram()
        for v in [40_000, 52_000, 61_000] { h.record(micros: UInt64(v), count: 100) }
        result.scenario = ScenarioResults(flows: [TransactionSummary(name: "sales rep morning", iterations: 300, failed: 4, interrupted: 1, histogram: h)],
                                          groups: [TransactionSummary(name: "open <deal>", iterations: 300, failed: 0, interrupted: 0, histogram: h)],
                                          checks: [CheckSummary(name: "status is 200", step: "login", passes: 599, fails: 1)],
                                          thresholds: [ThresholdRecord(expression: "flow p95 < 1s", passed: true, observed: 61, detail: "61ms")])
        let html = HTMLReport.render(result)
        for text in ["<h2>Flows</h2>", "<h2>Groups</h2>", "<h2>Checks</h2>", "<h2>Steps</h2>", "<h2>Thresholds</h2>", "sales rep morning",
                     "open &lt;deal&gt;", "status is 200", "All 1 thresholds passed"] {
            #expect(html.contains(text), "\(text)")
        }
        #expect(MarkupChecker.problems(html) == [])
        let md = MarkdownSummary.render(result)
        #expect(md.contains("flow sales rep morning") && md.contains("✅"))
    }

    @Test func reportSetNamesEveryFile() {
        let files = ReportSet.render(SyntheticRun.make())
        #expect(Set(files.keys) == ["report.html", "summary.md", "timeseries.csv", "junit.xml"])
        #expect(ReportSet.render(SyntheticRun.make(), formats: [.md]).keys.sorted() == ["summary.md"])
    }

    @Test func renderingIsDeterministic() {
        let result = SyntheticRun.make()
        #expect(ReportSet.render(result) == ReportSet.render(result))
    }

    @Test func oneHourTwentyEndpointRunRendersBounded() {
        let endpoints = (0..<20).map { SyntheticRun.Endpoint(name: "GET /api/v1/thing\($0)", medianMicros: Double(500 + $0 * 300), requestsPerSecond: 50) }
        let result = SyntheticRun.make(seconds: 3_600, endpoints: endpoints, samplesPerEndpoint: 2_000)
        let files = ReportSet.render(result)
        let html = files["report.html"] ?? ""
        #expect(html.utf8.count < 2_000_000)
        #expect(MarkupChecker.problems(html) == [])
        // Lines are downsampled: no path has more than about 1,000 points.
        for path in html.components(separatedBy: " d=\"").dropFirst() {
            let d = path.prefix { $0 != "\"" }
            #expect(d.filter { $0 == "L" }.count <= 1_000)
        }
        #expect((files["timeseries.csv"] ?? "").split(separator: "\n").count == 3_601)
    }
}

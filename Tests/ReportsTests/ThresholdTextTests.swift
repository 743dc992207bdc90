import BenchFixtures
import Testing
@testable import BenchCore
@testable import Reports

/// Thresholds show their observed values in the metric's unit, in every report. A result stores them in the
/// metric's internal unit (microseconds, fractions), as `ThresholdPolicy.judge` writes them.
@Suite struct ThresholdTextTests {
    static func judged(_ expression: String, observed: Double?) throws -> ThresholdRecord {
        let policy = ThresholdPolicy(scenario: [try Threshold.parse(expression)], commandLine: [], defaults: false, hasIterations: false)
        return policy.judge { _ in observed }[0]
    }

    @Test(arguments: [
        ("http.latency.p99 < 500ms", 827_903.0, "observed 828ms (166% of the limit)"),
        ("http.latency.p95 < 1s", 412_300.0, "observed 412ms (41% of the limit)"),
        ("http.latency.p50 < 200ms", 1_450.0, "observed 1.45ms (0.7% of the limit)"),
        ("checks.rate == 100%", 1.0, "observed 100%"),
        ("checks.rate == 100%", 0.999999, "observed 99.9999%"),
        ("http.errors.rate < 1%", 0.0075, "observed 0.75%"),
        ("http.errors.rate < 1%", 0.0, "observed 0%"),
        ("http.rps > 100", 412.5, "observed 412.5 req/s (413% of the limit)"),
        ("http.requests >= 1000", 999.999, "observed 999.999 requests (100% of the limit)"),
    ])
    func outcomeHasUnits(_ expression: String, _ observed: Double, _ expected: String) throws {
        #expect(ThresholdText.outcome(try Self.judged(expression, observed: observed)) == expected)
    }

    @Test func noDataKeepsTheReason() throws {
        let record = try Self.judged("http.latency.p99 < 500ms", observed: nil)
        #expect(ThresholdText.outcome(record) == "http.latency.p99 has no data")
        #expect(ThresholdText.observed(record) == nil)
    }

    @Test func everyReportShowsTheValueWithItsUnit() throws {
        let records = [try Self.judged("http.latency.p99 < 500ms", observed: 827_903),
                       try Self.judged("checks.rate == 100%", observed: 1)]
        let result = SyntheticRun.make(thresholds: records)
        let terminal = TerminalSummary.render(result)
        #expect(terminal.contains("✗ http.latency.p99 < 500ms — observed 828ms (166% of the limit)"))
        #expect(terminal.contains("✓ checks.rate == 100% — observed 100%"))
        let markdown = MarkdownSummary.render(result)
        #expect(markdown.contains("http.latency.p99 &lt; 500ms — observed 828ms (166% of the limit)"))
        let junit = JUnitReport.render(result)
        #expect(junit.contains("message=\"threshold failed: observed 828ms (166% of the limit)"))
        let html = HTMLReport.render(result)
        #expect(html.contains("<td class=\"num\">828ms</td><td class=\"num\">166%</td>"))
        #expect(html.contains("<td class=\"num\">100%</td><td class=\"num\">-</td>"))
        for text in [terminal, markdown, junit, html] {
            #expect(!text.contains("827903"))
            #expect(!text.contains("827.903"))
        }
    }
}

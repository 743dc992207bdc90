import Testing
import BenchFixtures
@testable import BenchCore
@testable import Reports

@Suite struct TextReportTests {
    @Test func csvHasAHeaderAndOneRowPerSecond() {
        let result = SyntheticRun.make(seconds: 17)
        let lines = TimeSeriesCSV.render(result).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 18)
        #expect(lines.first.map(String.init) == TimeSeriesCSV.header.joined(separator: ","))
        for (i, line) in lines.dropFirst().enumerated() {
            let cells = line.split(separator: ",")
            #expect(cells.count == TimeSeriesCSV.header.count)
            #expect(cells.first.map(String.init) == String(i))
        }
        #expect(lines[1].split(separator: ",")[1] == Substring(String(result.timeSeries[0].requests)))
    }

    @Test func terminalSummarySeparatesFailedChecksFromHTTPErrors() {
        var result = SyntheticRun.make()
        result.summary.overall.requests = 228
        result.summary.overall.errors = 108
        result.summary.overall.errorsByKind = ["checkFailed": 100, "http5xx": 8]
        let text = TerminalSummary.render(result)
        #expect(text.contains("  of which    100 failed checks; HTTP and transport errors 8 (http.errors.rate 3.51%)"))
        result.summary.overall.errorsByKind = ["http5xx": 108]
        #expect(!TerminalSummary.render(result).contains("failed checks"))
    }

    @Test func csvFillsMissingSeconds() {
        var result = SyntheticRun.make(seconds: 6)
        result.timeSeries.remove(at: 3)
        let lines = TimeSeriesCSV.render(result).split(separator: "\n")
        #expect(lines.count == 7)
        #expect(lines[4].hasPrefix("3,0,0,"))
    }

    @Test(.timeLimit(.minutes(1)), .tags(.timing)) func csvBoundsTheZeroRowsOfAnAbsurdGap() {
        // A point at second 10^12 (a corrupt file; reading one refuses it) used to fill 10^12 zero rows.
        var result = SyntheticRun.make(seconds: 3)
        result.timeSeries[2].second = 1_000_000_000_000
        result.timeSeries.append(result.timeSeries[2])
        result.timeSeries[3].second = Int.max
        let lines = TimeSeriesCSV.render(result).split(separator: "\n")
        #expect(lines.count == 1 + 4)
        #expect(lines[3].hasPrefix("1000000000000,"))
        #expect(lines.last?.hasPrefix("\(Int.max),") == true)
    }

    @Test func htmlOfAShortBucketDoesNotCrash() {
        var result = SyntheticRun.make(seconds: 3)
        result.histograms.overall.latency.buckets[1] = [100]
        #expect(HTMLReport.render(result).contains("chart-distribution"))
    }

    @Test func junitHasOneCasePerThreshold() {
        let thresholds = [ThresholdRecord(expression: "p99 < 100ms", passed: true, observed: 40, detail: "p99 40ms"),
                          ThresholdRecord(expression: "error_rate < 1%", passed: false, observed: 2, detail: "2% errors"),
                          ThresholdRecord(expression: "rps > 10", passed: true, observed: 500, detail: "500 req/s")]
        let xml = JUnitReport.render(SyntheticRun.make(thresholds: thresholds))
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == 3)
        #expect(xml.components(separatedBy: "<failure ").count - 1 == 1)
        #expect(xml.contains("failures=\"1\""))
        #expect(xml.contains("name=\"error_rate &lt; 1%\""))
        #expect(MarkupChecker.problems(xml, xml: true) == [])
    }

    // A saturated generator is flagged (exit code 0), so junit.xml passes with the warning in its output.
    @Test(arguments: [(false, false, false), (true, false, true), (false, true, false)])
    func junitWithoutThresholdsHasRunCompleted(partial: Bool, saturated: Bool, fails: Bool) {
        let xml = JUnitReport.render(SyntheticRun.make(partial: partial, saturated: saturated))
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == 1)
        #expect(xml.contains("name=\"run completed\""))
        #expect(xml.contains("<failure ") == fails)
        #expect(xml.contains("the load generator was the limit") == saturated)
    }

    @Test func junitFailsWhenNoResponseWasReceived() {
        var result = SyntheticRun.make()
        let requests = result.summary.overall.requests
        result.summary.overall.statusCodes = ["0": requests]
        #expect(RunVerdict(result) == .nothingReceived(requests: requests))
        let xml = JUnitReport.render(result)
        #expect(xml.contains("failures=\"1\""))
        #expect(xml.contains("no response received"))
    }

    @Test func junitFailsAPartialRunEvenWithPassingThresholds() {
        let passing = [ThresholdRecord(expression: "p99 < 100ms", passed: true, observed: 40, detail: "p99 40ms")]
        let xml = JUnitReport.render(SyntheticRun.make(partial: true, thresholds: passing))
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == 2)
        #expect(xml.contains("failures=\"1\""))
        #expect(xml.contains("partial run"))
    }

    @Test func junitOfFindMaxFailsWhenNoRateMetTheSLO() {
        var result = SyntheticRun.make()
        result.sweep = SweepResults(dimension: .rate, levels: [], stoppedEarly: nil, maxRatePerSecond: nil, slo: "p99<300ms")
        #expect(RunVerdict(result) == .thresholdsFailed(["p99<300ms"]))
        #expect(JUnitReport.render(result).contains("failures=\"1\""))
        result.sweep?.maxRatePerSecond = 400
        #expect(RunVerdict(result) == .passed)
        #expect(JUnitReport.render(result).contains("failures=\"0\""))
    }

    @Test func markdownSummarizesFiguresAndEscapesPipes() {
        let result = SyntheticRun.make(endpoints: [.init(name: "GET /a|b", medianMicros: 1_000, requestsPerSecond: 100),
                                                   .init(name: "GET /c", medianMicros: 3_000, requestsPerSecond: 10)])
        let md = MarkdownSummary.render(result)
        #expect(md.contains(String(result.summary.overall.requests)))
        #expect(md.contains(DurationText.format(micros: result.summary.overall.latencyMicros.p99)))
        #expect(md.contains("GET /a\\|b"))
        let saturated = MarkdownSummary.render(SyntheticRun.make(saturated: true))
        #expect(saturated.contains("load generator was the limit"))
    }

    @Test(arguments: [(1234.5, 1, "1234.5"), (0.05, 2, "0.05"), (-2.25, 1, "-2.3"), (3, 0, "3"), (0.004, 2, "0.00")])
    func fixedFormatting(value: Double, decimals: Int, expected: String) {
        #expect(NumberText.fixed(value, decimals) == expected)
    }

    @Test func downsamplingKeepsSpikes() {
        var points = (0..<10_000).map { (x: Double($0), y: 1.0) }
        points[4_321].y = 500
        let thin = Downsampler.minMax(points, maxPoints: 1_000)
        #expect(thin.count <= 1_000)
        #expect(thin.contains { $0.y == 500 })
        #expect(zip(thin, thin.dropFirst()).allSatisfy { $0.x < $1.x })
    }

    @Test func niceTicksCoverTheRange() {
        let (ticks, top) = AxisTicks.linear(min: 0, max: 937)
        #expect(ticks.first == 0 && top >= 937 && ticks.last == top)
        #expect(AxisTicks.ninesLabel(3) == "99.9%" && AxisTicks.ninesLabel(2) == "99%" && AxisTicks.ninesLabel(1) == "90%")
    }
}

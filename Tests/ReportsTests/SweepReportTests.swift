import BenchFixtures
import Testing
@testable import BenchCore
@testable import Reports

/// The reports of sweeps and find-max: charts over time span every level, each level shaded and labelled; the
/// header and cards describe every level; the level table has p95 and the server's CPU.
@Suite struct SweepReportTests {
    /// Three levels of a 5 s step at 10, 20 and 40 VUs. Each level's time series runs one second past its step (the
    /// drain), so the levels start at seconds 0, 6 and 12 and the series ends at second 17.
    static func sweepResult(recordStarts: Bool = true, findMax: Bool = false) -> RunResult {
        var result = SyntheticRun.make(seconds: 18)
        result.config.durationSeconds = 5
        let loads: [Double] = [10, 20, 40]
        var levels = loads.enumerated().map { i, load -> SweepLevel in
            var summary = result.summary.overall
            summary.requestsPerSecond = 100 * load
            summary.latencyMicros.p95 = UInt64(1_000 * (i + 1))
            var level = SweepLevel(level: load, durationSeconds: 5.4, summary: summary,
                                   server: ServerDemands(cpuSecondsPerRequest: 0.001, databaseSecondsPerRequest: nil,
                                                         cpuUtilization: 0.25 * Double(i + 1), databaseUtilization: nil,
                                                         serverRequests: nil),
                                   generatorHealthy: true, metSLO: findMax ? i < 2 : nil)
            if recordStarts { level.startSecond = 6 * i }
            return level
        }
        if findMax { levels.sort { $0.level > $1.level } }
        result.sweep = SweepResults(dimension: .vus, levels: levels, maxRatePerSecond: findMax ? 20 : nil,
                                    slo: findMax ? "p95<5ms" : nil)
        return result
    }

    @Test func timelinePlacesEveryLevelAndDropsEachDrainSecond() throws {
        let timeline = try #require(SweepTimeline(Self.sweepResult()))
        #expect(timeline.spans.map { [$0.startSecond, $0.endSecond] } == [[0, 5], [6, 11], [12, 17]])
        #expect(timeline.spans.map(\.load) == ["10 VUs", "20 VUs", "40 VUs"])
        #expect(timeline.points.map(\.second) == [0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16])
        #expect(SweepTimeline(SyntheticRun.make()) == nil)
        // The comparison page's charts over time read the same points.
        #expect(ReportCharts.chartSeries(Self.sweepResult()).map(\.second) == timeline.points.map(\.second))
    }

    @Test func olderSweepsAreLaidOutFromTheirDurations() throws {
        // No recorded starts: each level lasts its measured duration rounded up (5.4 s → 6 s), in the stored order.
        let timeline = try #require(SweepTimeline(Self.sweepResult(recordStarts: false)))
        #expect(timeline.spans.map { [$0.startSecond, $0.endSecond] } == [[0, 5], [6, 11], [12, 17]])
    }

    @Test func findMaxLevelsFollowTheOrderTheyRan() throws {
        // Stored by rate (highest first here) but placed by their starts.
        let timeline = try #require(SweepTimeline(Self.sweepResult(findMax: true)))
        #expect(timeline.spans.map(\.load) == ["10 VUs", "20 VUs", "40 VUs"])
        // Without starts, a find-max's order is unknown: no bands, but still the whole series.
        let unknown = try #require(SweepTimeline(Self.sweepResult(recordStarts: false, findMax: true)))
        #expect(unknown.spans.isEmpty)
        #expect(unknown.points.count == 18)
    }

    @Test func throughputChartSpansEveryLevel() throws {
        let html = HTMLReport.render(Self.sweepResult())
        let chart = try #require(ChartProbe(html, id: "chart-throughput"))
        #expect(chart.bands.count == 3)
        #expect(chart.labels == ["10 VUs", "20 VUs", "40 VUs"])
        #expect(chart.bands.map(\.title) == ["level 1: 10 VUs, 0–5 s", "level 2: 20 VUs, 6–11 s", "level 3: 40 VUs, 12–17 s"])
        let last = try #require(chart.bands.last)
        for xs in chart.lineXs {
            // Every line reaches into the last level: the chart does not stop after the first.
            #expect((xs.max() ?? 0) > last.x)
            #expect((xs.min() ?? .infinity) < chart.bands[0].x + chart.bands[0].width)
        }
        #expect(chart.html.contains("all 3 levels (shaded)"))
        for id in ["chart-latency", "chart-errors"] { #expect(ChartProbe(html, id: id)?.bands.count == 3) }
        #expect(MarkupChecker.problems(html) == [])
    }

    @Test func headerAndCardsDescribeEveryLevel() {
        let html = HTMLReport.render(Self.sweepResult())
        #expect(html.contains("sweep: 3 levels of 5 s, 10 → 40 VUs (closed model)"))
        #expect(!html.contains("closed model, 10 connections"))
        for (i, load) in ["10 VUs", "20 VUs", "40 VUs"].enumerated() {
            #expect(html.contains("level \(i + 1) · \(load)"))
        }
        #expect(html.contains("p95 3.0ms · errors 0.00% · server CPU 75.00%"))
        #expect(html.contains("peak throughput"))
    }

    @Test func findMaxHeaderNamesTheSLOAndTheAnswer() {
        let text = SweepHeaderText.describe(Self.sweepResult(findMax: true).sweep!, stepSeconds: 5)
        #expect(text == "find-max: 3 probes of 5 s, 10 → 40 VUs (closed model); highest rate meeting p95<5ms: 20 req/s")
    }

    @Test func levelTableHasP95AndServerCPU() throws {
        let html = HTMLReport.render(Self.sweepResult())
        let table = try #require(html.range(of: "<th class=\"num\">load</th>").map { String(html[$0.lowerBound...].prefix(3_000)) })
        #expect(table.contains("<th class=\"num\">p95</th><th class=\"num\">p99</th><th class=\"num\">server CPU</th>"))
        #expect(table.contains("<td class=\"num\">75.00%</td>"))
        // Without server metrics, no CPU column.
        var bare = Self.sweepResult()
        for i in bare.sweep!.levels.indices { bare.sweep!.levels[i].server = nil }
        #expect(!HTMLReport.render(bare).contains("server CPU"))
    }

    @Test func distributionDrawsTheTopEndpointsByP99AndListsTheRest() {
        let endpoints = (1...10).map { i in
            SyntheticRun.Endpoint(name: "step \(i)", medianMicros: Double(1_000 * i), requestsPerSecond: 50)
        }
        let html = HTMLReport.render(SyntheticRun.make(endpoints: endpoints))
        // Steps 1 and 2 have the lowest p99: listed under the chart, not dropped.
        let chart = ChartProbe(html, id: "chart-distribution")
        #expect(chart?.lineXs.count == 2 + 8)
        #expect(html.contains("id=\"distribution-not-drawn\""))
        #expect(html.contains("<li>step 1: p99 ") && html.contains("<li>step 2: p99 "))
        #expect(!html.contains("<li>step 3: p99 "))
    }

    @Test func topByP99RanksByP99ThenMax() {
        func summary(_ p99: UInt64, _ max: UInt64) -> EndpointSummary {
            var s = SyntheticRun.make().summary.overall
            s.latencyMicros.p99 = p99
            s.latencyMicros.max = max
            return s
        }
        let pick = ReportCharts.topByP99([summary(10, 900), summary(30, 40), summary(20, 25), summary(20, 80)], limit: 3)
        #expect(pick.drawn == [1, 3, 2])
        #expect(pick.rest == [0])
        #expect(ReportCharts.topByP99([summary(1, 1)], limit: 8) == ([0], []))
    }

    @Test func spikeClipStopsTheAxisOnlyForShortSpikes() {
        // 20 values of 10 and one of 1000: the 90th percentile (nearest rank 19 of 21) is 10, the spike is 100× it.
        #expect(SpikeClip.top(Array(repeating: 10, count: 20) + [1_000]) == 20)
        // A spike of only 3× the rest: no clipping.
        #expect(SpikeClip.top(Array(repeating: 10, count: 20) + [30]) == nil)
        // A plateau over a third of the values is the data, not a spike.
        #expect(SpikeClip.top(Array(repeating: 10, count: 14) + Array(repeating: 1_000, count: 7)) == nil)
        // Two slow seconds of 8 on two of five lines (4 values of 40): still spikes. The 90th percentile (rank 36)
        // is the highest ordinary value, 36.
        let ordinary = (1...36).map { Double($0) }
        #expect(SpikeClip.top(ordinary + [600, 600, 610, 610]) == 72)
        // Too few values to tell.
        #expect(SpikeClip.top([1, 1, 1, 100]) == nil)
    }

    @Test func latencyOverTimeClipsASpikeAndMarksIt() throws {
        var result = SyntheticRun.make(seconds: 30)
        result.timeSeries[17].p99Micros = 3_000_000
        let html = HTMLReport.render(result)
        let chart = try #require(ChartProbe(html, id: "chart-latency"))
        #expect(chart.html.contains("<path class=\"spike\""))
        #expect(chart.html.contains("the highest, p99, is 3000 ms at 17 s"))
        // The axis is in ms (the typical values), not seconds (the spike).
        #expect(chart.html.contains("latency (ms)"))
        #expect(!HTMLReport.render(SyntheticRun.make(seconds: 30)).contains("class=\"spike\""))
    }
}

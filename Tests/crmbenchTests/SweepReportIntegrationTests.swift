import BenchFixtures
import Foundation
import Testing

/// A short sweep of the reference CRM: its report's charts over time span every level, each shaded and labelled,
/// and the level table carries p95 and the server's CPU (the reference CRM exports /metrics).
@Suite(.serialized) struct SweepReportIntegrationTests {
    @Test func sweepReportChartsCoverEveryLevel() throws {
        let server = try ServerProcess(["--cpu-work", "1ms"])
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let sweep = try CLI.run(["sweep", "--url", server.baseURL + "/api/v1/customers/7", "-H", server.auth,
                                 "--vus", "1,2,4", "--step", "2s", "--no-early-stop", "--quiet", "--out", dir])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let levels = (try CLI.json(dir + "/result.json")["sweep"] as? [String: Any])?["levels"] as? [[String: Any]] ?? []
        let starts = levels.compactMap { $0["startSecond"] as? Int }
        #expect(levels.count == 3 && starts.count == 3)
        #expect(starts == starts.sorted() && starts.first == 0 && (starts.last ?? 0) >= 4, "level starts \(starts)")

        let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        let chart = try #require(ChartProbe(html, id: "chart-throughput"))
        #expect(chart.labels == ["1 VU", "2 VUs", "4 VUs"])
        #expect(chart.bands.count == 3)
        let lastBand = try #require(chart.bands.last)
        let firstBand = try #require(chart.bands.first)
        #expect(!chart.lineXs.isEmpty)
        for xs in chart.lineXs {
            // From the first level to the last: not only the first level's seconds.
            #expect((xs.min() ?? .infinity) < firstBand.x + firstBand.width)
            #expect((xs.max() ?? 0) > lastBand.x, "line ends at x=\(xs.max() ?? 0), last level starts at x=\(lastBand.x)")
        }
        #expect(html.contains("sweep: 3 levels of 2 s, 1 → 4 VUs (closed model)"))
        for load in ["1 VU", "2 VUs", "4 VUs"] { #expect(html.contains("· \(load)</div>")) }
        #expect(html.contains("<th class=\"num\">p95</th>") && html.contains("<th class=\"num\">server CPU</th>"))
    }
}

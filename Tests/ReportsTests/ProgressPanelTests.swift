import BenchCore
import Testing
@testable import Reports

/// The live panel (pure: figures in, lines out): what a scenario run is doing, and lines that fit the terminal.
@Suite struct ProgressPanelTests {
    struct Figures: ProgressSnapshotView {
        var elapsedNanos: UInt64 = 7_000_000_000
        var recent: [TimeSeriesPoint]
        var inFlight = 12
        var completed: UInt64 = 3_400
        var activeVirtualUsers = 40
        var iterations: UInt64 = 512
        var checksPassed: UInt64 = 1_530
        var checksFailed: UInt64 = 6
    }

    static func figures() -> Figures {
        var sample = SecondSample(second: 6)
        for micros in [2_000, 3_000, 4_000] as [UInt64] {
            sample.add(RequestOutcome(endpointIndex: 0, intendedStartNanos: 0, actualStartNanos: 0, endNanos: micros * 1_000, status: 200))
        }
        return Figures(recent: [sample.point])
    }

    @Test func thePanelShowsVirtualUsersIterationsChecksStageAndLevel() {
        let lines = ProgressLine.panel(Self.figures(), plannedSeconds: 30, targetRate: nil, generatorCPU: 0.12,
                                       stage: "stage 2/3: 40 VUs → 80", level: "level 3: 40 VUs")
        #expect(lines.first == "level 3: 40 VUs")
        let activity = lines.first { $0.hasPrefix("active VUs") }
        #expect(activity == "active VUs 40   iterations 512   checks 1530/1536 passed   stage 2/3: 40 VUs → 80")
        #expect(lines.contains { $0.contains("in flight 12") })
    }

    @Test(arguments: [60, 80, 132])
    func everyLineFitsTheTerminal(columns: Int) {
        let long = String(repeating: "x", count: 300)
        let lines = ProgressLine.panel(Self.figures(), plannedSeconds: 30, targetRate: 2_000, generatorCPU: 0.5,
                                       columns: columns, stage: long, level: long)
        #expect(lines.allSatisfy { $0.count <= columns }, "\(lines)")
        #expect(lines.contains { $0.hasSuffix("…") })
    }

    @Test func narrowerThanSixtyColumnsStillGetsSixty() {
        let lines = ProgressLine.panel(Self.figures(), plannedSeconds: 30, targetRate: nil, generatorCPU: nil, columns: 20,
                                       level: String(repeating: "y", count: 100))
        #expect(lines.first?.count == 60)
    }

    @Test func redrawingMovesUpOverThePanelAndErasingLeavesNothing() {
        #expect(ProgressLine.redraw(["a", "b"], over: 0) == "\r\u{1B}[2Ka\n\r\u{1B}[2Kb\n")
        #expect(ProgressLine.redraw(["a"], over: 3).hasPrefix("\u{1B}[3A"))
        #expect(ProgressLine.erase(0) == "")
        #expect(ProgressLine.erase(2) == "\u{1B}[2A\r\u{1B}[2K\n\r\u{1B}[2K\n\u{1B}[2A")
    }
}

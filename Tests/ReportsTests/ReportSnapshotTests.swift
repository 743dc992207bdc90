import BenchCore
import BenchFixtures
import SnapshotTesting
import Testing
@testable import Reports

/// What users read, kept as golden files under `__Snapshots__/ReportSnapshotTests/`, so that a change to a report
/// shows up as a reviewed diff. A missing golden file is written and the test fails; to accept a deliberate change,
/// delete the file (or run with `SNAPSHOT_TESTING_RECORD=failed`) and review the new one.
@Suite struct ReportSnapshotTests {
    @Test func terminalSummaryOfAScenarioRun() {
        assertSnapshot(of: TerminalSummary.render(SyntheticRun.scenarioRun()), as: .lines)
    }

    @Test func markdownSummaryOfAScenarioRun() {
        assertSnapshot(of: MarkdownSummary.render(SyntheticRun.scenarioRun()), as: .lines)
    }

    @Test func junitOfAScenarioRun() {
        assertSnapshot(of: JUnitReport.render(SyntheticRun.scenarioRun()), as: .lines)
    }

    @Test func sweepTextOfAFindMaxSearch() {
        assertSnapshot(of: SweepText.render(SyntheticRun.findMaxSweep()), as: .lines)
    }
}

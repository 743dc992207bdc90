import ArgumentParser
import SnapshotTesting
import Testing
@testable import crmbench

/// Every command's `--help`, kept as golden files under `__Snapshots__/HelpSnapshotTests/`: a change in what users
/// read is a reviewed diff. To accept a deliberate change, delete the file (or run with
/// `SNAPSHOT_TESTING_RECORD=failed`) and review the new one.
@Suite struct HelpSnapshotTests {
    static let commands: [(String, ParsableCommand.Type)] = [
        ("crmbench", CrmBench.self), ("run", RunCommand.self), ("validate", ValidateCommand.self),
        ("sweep", SweepCommand.self), ("find-max", FindMaxCommand.self), ("report", ReportCommand.self),
        ("compare", CompareCommand.self), ("plan", PlanCommand.self), ("merge", MergeCommand.self),
        ("serve", ServeCommand.self), ("capacity", CapacityCommand.self), ("capacity-usl", CapacityCommand.USL.self),
        ("capacity-mva", CapacityCommand.MVA.self), ("capacity-mmc", CapacityCommand.MMc.self),
        ("audit", AuditCommand.self), ("history", HistoryCommand.self), ("agent", AgentCommand.self),
        ("k8s-manifest", K8sCommand.Manifest.self), ("model", ModelCommand.self), ("profile", ProfileCommand.self),
        ("import-har", ImportCommand.HAR.self), ("import-openapi", ImportCommand.OpenAPI.self),
    ]

    @Test(arguments: commands.map(\.0))
    func help(of name: String) throws {
        let command = try #require(Self.commands.first { $0.0 == name }?.1)
        let text = command == CrmBench.self ? CrmBench.helpMessage(columns: 100)
            : CrmBench.helpMessage(for: command, columns: 100)
        assertSnapshot(of: text, as: .lines, named: name)
    }
}

import ArgumentParser
import BenchCore
import Runner

@main
struct CrmBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crmbench",
        abstract: "Load-test CRM HTTP APIs and turn the measurements into capacity plans.",
        version: BenchCore.toolVersion,
        subcommands: [RunCommand.self, ValidateCommand.self, SweepCommand.self, FindMaxCommand.self,
                      ReportCommand.self, CompareCommand.self, PlanCommand.self, MergeCommand.self, ServeCommand.self, CapacityCommand.self,
                      AgentCommand.self, K8sCommand.self, AuditCommand.self, HistoryCommand.self, ModelCommand.self,
                      ImportCommand.self, ProfileCommand.self]
    )

    static func main() async {
        let arguments = JoinedHeaderArguments.split(Array(CommandLine.arguments.dropFirst()))
        // A Ctrl-C in a run's first milliseconds must still give a partial result: count signals from here on.
        if ["run", "sweep", "find-max", "agent"].contains(arguments.first ?? "") { SignalCapture.install() }
        await main(arguments)
    }
}

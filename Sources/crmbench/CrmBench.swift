import ArgumentParser
import BenchCore

@main
struct CrmBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crmbench",
        abstract: "Load-test CRM HTTP APIs and turn the measurements into capacity plans.",
        version: BenchCore.toolVersion,
        subcommands: [RunCommand.self, ValidateCommand.self, SweepCommand.self, FindMaxCommand.self,
                      ReportCommand.self, CompareCommand.self, PlanCommand.self, MergeCommand.self, ServeCommand.self, CapacityCommand.self]
    )

    static func main() async {
        await main(JoinedHeaderArguments.split(Array(CommandLine.arguments.dropFirst())))
    }
}

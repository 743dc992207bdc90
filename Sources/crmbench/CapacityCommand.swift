import ArgumentParser
import Runner

/// `crmbench capacity`: the capacity calculators. Parsing and printing only; the maths is in `Capacity`.
///
/// Exit codes: 0 success; 66 when the CSV file cannot be read; 64 (EX_USAGE) for any other bad input — bad CSV
/// line, too few points, non-positive values, an unstable queue or a fit that does not converge.
struct CapacityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity",
        abstract: "Capacity calculators: USL fit, Mean Value Analysis, M/M/c (Erlang C).",
        subcommands: [USL.self, MVA.self, MMc.self]
    )

    struct USL: RunnerCommand {
        static let configuration = CommandConfiguration(
            commandName: "usl", abstract: "Fit the Universal Scalability Law to N,X measurements.")

        @Option(name: .long, help: "CSV file with columns N,X (concurrency, throughput); header optional.") var csv: String
        @Flag(name: .long, help: "Print JSON instead of text.") var json = false

        func execute() throws -> ExitCode {
            print(try CapacityRun.usl(csvPath: csv, json: json))
            return ExitCodes.success
        }
    }

    struct MVA: RunnerCommand {
        static let configuration = CommandConfiguration(
            commandName: "mva", abstract: "Solve a closed queueing network by Mean Value Analysis.")

        @Option(name: .customLong("station"), help: "NAME:DEMAND_SECONDS[:SERVERS|:delay]; repeat for each station.")
        var stations: [String] = []
        @Option(name: .long, help: "Think time Z in seconds.") var think: Double = 0
        @Option(name: .long, help: "Population range A..B (or a single N).") var users: String
        @Flag(name: .long, help: "Use Schweitzer's approximate MVA (for large populations).") var approx = false
        @Flag(name: .long, help: "Print JSON instead of text.") var json = false

        func execute() throws -> ExitCode {
            print(try CapacityRun.mva(stations: stations, thinkSeconds: think, users: users, approximate: approx, json: json))
            return ExitCodes.success
        }
    }

    struct MMc: RunnerCommand {
        static let configuration = CommandConfiguration(
            commandName: "mmc", abstract: "M/M/c queue measures (Erlang C).")

        @Option(name: .customLong("arrival-rate"), help: "Arrival rate λ per second.") var arrivalRate: Double
        @Option(name: .customLong("service-time"), help: "Mean service time S in seconds.") var serviceTime: Double
        @Option(name: .long, help: "Number of servers c.") var servers: Int
        @Flag(name: .long, help: "Print JSON instead of text.") var json = false

        func execute() throws -> ExitCode {
            print(try CapacityRun.mmc(arrivalRate: arrivalRate, serviceSeconds: serviceTime, servers: servers, json: json))
            return ExitCodes.success
        }
    }
}

import ArgumentParser
import Runner

/// `crmbench capacity`: the capacity calculators. Parsing and printing only; the maths is in `Capacity`.
///
/// Exit codes: 0 success; 66 when the CSV file cannot be read; 64 (EX_USAGE) for any other bad input — bad CSV
/// line, too few points, a value out of range, an unstable queue or a fit that does not converge.
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
        @OptionGroup var output: CalculatorOutput

        func execute() throws -> ExitCode {
            print(try CapacityRun.usl(csvPath: csv, output: output.value))
            return ExitCodes.success
        }
    }

    struct MVA: RunnerCommand {
        static let configuration = CommandConfiguration(
            commandName: "mva", abstract: "Solve a closed queueing network by Mean Value Analysis.",
            discussion: "Times take a unit (1.43ms, 500us, 2s); a bare number is seconds.\n"
                + "Example: crmbench capacity mva --station cpu:1.43ms:2 --station db:800us --users 1..50 --explain")

        @Option(name: .customLong("station"), parsing: .unconditionalSingleValue,
                help: "NAME:DEMAND[:SERVERS|:delay]: DEMAND the work per request (1ns to 24h), SERVERS 1 to 10000 (e.g. cpu:1.43ms:4); repeat for each station.")
        var stations: [String] = []
        @Option(name: .long, parsing: .unconditional, help: "Think time Z between a user's requests (e.g. 100ms; at most 24h).") var think = "0"
        @Option(name: .long, parsing: .unconditional, help: "Population range A..B (or a single N), 1 to 1000000.") var users: String
        @Flag(name: .long, help: "Use Schweitzer's approximate MVA (for large populations).") var approx = false
        @OptionGroup var output: CalculatorOutput

        func execute() throws -> ExitCode {
            print(try CapacityRun.mva(stations: stations, think: think, users: users, approximate: approx, output: output.value))
            return ExitCodes.success
        }
    }

    struct MMc: RunnerCommand {
        static let configuration = CommandConfiguration(
            commandName: "mmc", abstract: "M/M/c queue measures (Erlang C).",
            discussion: "Example: crmbench capacity mmc --arrival-rate 300 --service-time 5ms --servers 2 --explain")

        @Option(name: .customLong("arrival-rate"), parsing: .unconditional,
                help: "Arrival rate λ per second (above 0, at most 10000000).") var arrivalRate: Double
        @Option(name: .customLong("service-time"), parsing: .unconditional,
                help: "Mean service time S (e.g. 5ms; bare number: seconds; at most 24h).") var serviceTime: String
        @Option(name: .long, parsing: .unconditional, help: "Number of servers c (1 to 10000).") var servers: Int
        @OptionGroup var output: CalculatorOutput

        func execute() throws -> ExitCode {
            print(try CapacityRun.mmc(arrivalRate: arrivalRate, serviceTime: serviceTime, servers: servers, output: output.value))
            return ExitCodes.success
        }
    }
}

/// How the calculators print: text (optionally with a plain-words reading) or JSON.
struct CalculatorOutput: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.") var json = false
    @Flag(name: .long, help: "Add a plain-words reading: what the figures mean and what to change.") var explain = false

    var value: CapacityRun.Output { CapacityRun.Output(json: json, explain: explain) }
}

import ArgumentParser
import Capacity
import Foundation

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

    static let usageExitCode: Int32 = 64

    struct USL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "usl", abstract: "Fit the Universal Scalability Law to N,X measurements.")

        @Option(name: .long, help: "CSV file with columns N,X (concurrency, throughput); header optional.")
        var csv: String

        @Flag(name: .long, help: "Print JSON instead of text.")
        var json = false

        func run() throws {
            try CapacityCommand.report(json: json) {
                guard let data = FileManager.default.contents(atPath: csv) else {
                    FileHandle.standardError.write(Data("error: cannot read file '\(csv)'\n".utf8))
                    throw ExitCodes.unreadableInput
                }
                let report = try USLCalculator.run(csv: String(decoding: data, as: UTF8.self))
                return (report, report.text)
            }
        }
    }

    struct MVA: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mva", abstract: "Solve a closed queueing network by Mean Value Analysis.")

        @Option(name: .customLong("station"), help: "NAME:DEMAND_SECONDS[:SERVERS|:delay]; repeat for each station.")
        var stations: [String] = []

        @Option(name: .long, help: "Think time Z in seconds.")
        var think: Double = 0

        @Option(name: .long, help: "Population range A..B (or a single N).")
        var users: String

        @Flag(name: .long, help: "Use Schweitzer's approximate MVA (for large populations).")
        var approx = false

        @Flag(name: .long, help: "Print JSON instead of text.")
        var json = false

        func run() throws {
            try CapacityCommand.report(json: json) {
                let parsed = try stations.map(MVACalculator.parseStation)
                let range = try MVACalculator.parseRange(users)
                let report = try MVACalculator.run(stations: parsed, thinkTimeSeconds: think, users: range, approximate: approx)
                return (report, report.text)
            }
        }
    }

    struct MMc: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mmc", abstract: "M/M/c queue measures (Erlang C).")

        @Option(name: .customLong("arrival-rate"), help: "Arrival rate λ per second.")
        var arrivalRate: Double

        @Option(name: .customLong("service-time"), help: "Mean service time S in seconds.")
        var serviceTime: Double

        @Option(name: .long, help: "Number of servers c.")
        var servers: Int

        @Flag(name: .long, help: "Print JSON instead of text.")
        var json = false

        func run() throws {
            try CapacityCommand.report(json: json) {
                let report = try MMcCalculator.run(arrivalRatePerSecond: arrivalRate, serviceTimeSeconds: serviceTime, servers: servers)
                return (report, report.text)
            }
        }
    }

    /// Runs `body`, prints its JSON or text to stdout; on a `CapacityError` prints it to stderr and exits 64.
    static func report<R: Encodable>(json: Bool, _ body: () throws -> (R, String)) throws {
        do {
            let (value, text) = try body()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(value), as: UTF8.self))
            } else {
                print(text)
            }
        } catch let error as CapacityError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(usageExitCode)
        } catch let error as EncodingError {
            FileHandle.standardError.write(Data("error: result not representable as JSON: \(error)\n".utf8))
            throw ExitCode(usageExitCode)
        }
    }
}

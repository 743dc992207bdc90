import BenchCore
import Capacity
import Foundation

/// `capacity usl|mva|mmc`: the calculators' reports as text or JSON, their errors as usage failures naming the option.
///
/// Every number typed is checked here, before the maths sees it: times through `OptionChecks.seconds` (a duration
/// with its unit, or a bare number of seconds), counts and rates against `CalculatorLimits` and `InputLimits`.
public enum CapacityRun {
    /// How a calculator prints its report.
    public struct Output: Sendable {
        /// Pretty JSON instead of text.
        public var json = false
        /// Add the plain-words reading to the text (ignored with `json`).
        public var explain = false

        /// Text (and the reading) or JSON.
        public init(json: Bool = false, explain: Bool = false) {
            (self.json, self.explain) = (json, explain)
        }
    }

    /// The USL fit of the N,X points in a CSV file.
    public static func usl(csvPath: String, output: Output) throws -> String {
        guard let data = FileManager.default.contents(atPath: csvPath) else {
            throw RunnerError("cannot read file '\(csvPath)'", kind: .unreadableInput)
        }
        return try render(output, option: "--csv \(csvPath)") {
            let report = try USLCalculator.run(csv: String(decoding: data, as: UTF8.self))
            return (report, report.text, report.explanation)
        }
    }

    /// Mean Value Analysis of `stations` (`NAME:DEMAND[:SERVERS|:delay]`, DEMAND a duration or bare seconds) with
    /// think time `think` over the population range `users`.
    public static func mva(stations: [String], think: String, users: String, approximate: Bool, output: Output) throws -> String {
        if stations.isEmpty { throw RunnerError("give at least one --station NAME:DEMAND[:SERVERS|:delay]", kind: .usage) }
        let thinkSeconds = try OptionChecks.seconds(think, option: "--think", range: CalculatorLimits.thinkSeconds)
        let parsed = try stations.map { spec in
            try usage(option: "--station '\(spec)'") {
                try MVACalculator.parseStation(spec) {
                    try OptionChecks.seconds($0, option: "--station '\(spec)': the demand", range: CalculatorLimits.serviceSeconds)
                }
            }
        }
        let population = try usage(option: "--users") { try MVACalculator.parseRange(users) }
        return try render(output, option: approximate ? "--users with --approx" : "--users") {
            let report = try MVACalculator.run(stations: parsed, thinkTimeSeconds: thinkSeconds, users: population,
                                               approximate: approximate)
            return (report, report.text, report.explanation)
        }
    }

    /// The measures of an M/M/c queue; `serviceTime` is a duration or bare seconds.
    public static func mmc(arrivalRate: Double, serviceTime: String, servers: Int, output: Output) throws -> String {
        if let problem = InputLimits.rateProblem(arrivalRate, option: "--arrival-rate") { throw RunnerError(problem, kind: .usage) }
        let serviceSeconds = try OptionChecks.seconds(serviceTime, option: "--service-time", range: CalculatorLimits.serviceSeconds)
        let count = try OptionChecks.servers(servers, option: "--servers")
        return try render(output, option: "--arrival-rate, --service-time and --servers") {
            let report = try MMcCalculator.run(arrivalRatePerSecond: arrivalRate, serviceTimeSeconds: serviceSeconds, servers: count)
            return (report, report.text, report.explanation)
        }
    }

    /// `body`'s value; a `CapacityError` becomes a usage failure that names `option`.
    private static func usage<T>(option: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as CapacityError {
            throw RunnerError("\(option): \(error.description)", kind: .usage)
        }
    }

    /// The report of `body` as pretty JSON or as its text (and reading); a `CapacityError` is a usage failure.
    private static func render<R: Encodable>(_ output: Output, option: String,
                                             _ body: () throws -> (R, String, String)) throws -> String {
        let (value, text, reading) = try usage(option: option, body)
        guard output.json else { return output.explain && !reading.isEmpty ? text + "\n\n" + reading : text }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { return String(decoding: try encoder.encode(value), as: UTF8.self) } catch {
            throw RunnerError("result not representable as JSON: \(error)", kind: .usage)
        }
    }
}

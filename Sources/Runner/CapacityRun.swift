import Capacity
import Foundation

/// `capacity usl|mva|mmc`: the calculators' reports as text or JSON, their errors as usage failures.
public enum CapacityRun {
    /// The USL fit of the N,X points in a CSV file.
    public static func usl(csvPath: String, json: Bool) throws -> String {
        guard let data = FileManager.default.contents(atPath: csvPath) else {
            throw RunnerError("cannot read file '\(csvPath)'", kind: .unreadableInput)
        }
        return try output(json: json) {
            let report = try USLCalculator.run(csv: String(decoding: data, as: UTF8.self))
            return (report, report.text)
        }
    }

    /// Mean Value Analysis of `stations` (`NAME:DEMAND_SECONDS[:SERVERS|:delay]`) over a population range.
    public static func mva(stations: [String], thinkSeconds: Double, users: String, approximate: Bool, json: Bool) throws -> String {
        try output(json: json) {
            let report = try MVACalculator.run(stations: try stations.map(MVACalculator.parseStation), thinkTimeSeconds: thinkSeconds,
                                               users: try MVACalculator.parseRange(users), approximate: approximate)
            return (report, report.text)
        }
    }

    /// The measures of an M/M/c queue.
    public static func mmc(arrivalRate: Double, serviceSeconds: Double, servers: Int, json: Bool) throws -> String {
        try output(json: json) {
            let report = try MMcCalculator.run(arrivalRatePerSecond: arrivalRate, serviceTimeSeconds: serviceSeconds, servers: servers)
            return (report, report.text)
        }
    }

    /// The report of `body` as pretty JSON or as its text; a `CapacityError` is a usage failure.
    private static func output<R: Encodable>(json: Bool, _ body: () throws -> (R, String)) throws -> String {
        do {
            let (value, text) = try body()
            guard json else { return text }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch let error as CapacityError {
            throw RunnerError(error.description, kind: .usage)
        } catch let error as EncodingError {
            throw RunnerError("result not representable as JSON: \(error)", kind: .usage)
        }
    }
}

import Foundation

/// The ranges the command line accepts for load settings, and the checks that turn a bad value into a message.
///
/// Every number a user types is checked here before it is converted or used, so a NaN, an infinity or a huge
/// value is a usage error rather than a trap in a `Double` → `Int` conversion.
public enum InputLimits {
    /// Arrivals per second (open model): above 0, at most this.
    public static let maxRatePerSecond = 10_000_000.0
    /// Connections or virtual users: 1 to this.
    public static let maxConnections = 100_000
    /// A run, a sweep step or a find-max probe: at most 7 days.
    public static let maxDurationNanos: UInt64 = 7 * 24 * 3_600 * 1_000_000_000

    /// Why `value` is not a usable arrival rate for `option`, or nil when it is.
    public static func rateProblem(_ value: Double, option: String) -> String? {
        guard value.isFinite, value > 0, value <= maxRatePerSecond else {
            return "\(option) must be a number of arrivals per second above 0 and at most 10000000 (got \(value))"
        }
        return nil
    }

    /// Why `value` is not a usable connection or virtual-user count for `option`, or nil when it is.
    public static func countProblem(_ value: Int, option: String) -> String? {
        guard value >= 1, value <= maxConnections else {
            return "\(option) must be between 1 and \(maxConnections) (got \(value))"
        }
        return nil
    }

    /// Why `text` is not a usable duration for `option` (positive, at most 7 days), or nil when it is.
    public static func durationProblem(_ text: String, option: String) -> String? {
        if text.trimmingCharacters(in: .whitespaces).hasPrefix("-") {
            return "\(option) must be positive (got '\(text)')"
        }
        guard let nanos = DurationText.nanos(text) else {
            return "\(option) '\(text)' is not a duration (e.g. 500ms, 30s, 2m)"
        }
        if nanos == 0 { return "\(option) must be positive (got '\(text)')" }
        if nanos > maxDurationNanos { return "\(option) must be at most 7 days (got '\(text)')" }
        return nil
    }

    /// Sweep levels: comma-separated numbers, each above 0, strictly increasing, no empty item. Virtual users
    /// (`integers`) must be whole numbers up to `maxConnections`; rates follow `rateProblem`.
    public static func levels(_ text: String, integers: Bool, option: String) -> Result<[Double], LevelProblem> {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var values: [Double] = []
        for item in items {
            if item.isEmpty { return .failure(LevelProblem("\(option) has an empty item in '\(text)'")) }
            if integers {
                guard let count = Int(item) else {
                    return .failure(LevelProblem("\(option) levels must be whole numbers of virtual users (got '\(item)')"))
                }
                if let problem = countProblem(count, option: option) { return .failure(LevelProblem(problem)) }
                values.append(Double(count))
            } else {
                guard let rate = Double(item) else {
                    return .failure(LevelProblem("\(option) levels must be numbers (got '\(item)')"))
                }
                if let problem = rateProblem(rate, option: option) { return .failure(LevelProblem(problem)) }
                values.append(rate)
            }
            if values.count > 1, values[values.count - 1] <= values[values.count - 2] {
                return .failure(LevelProblem("\(option) levels must be strictly increasing (got '\(text)')"))
            }
        }
        return .success(values)
    }

    /// A message about a list of levels.
    public struct LevelProblem: Error, Equatable, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }
}

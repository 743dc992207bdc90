/// Every way a capacity calculation can refuse its input, as a typed value with a readable message.
///
/// The calculators never return NaN or infinity: an input that would produce one is rejected with one of
/// these cases instead, so the CLI can print ``description`` and exit with a usage error.
public enum CapacityError: Error, Equatable, Sendable, Codable, CustomStringConvertible {
    /// A quantity that must be strictly positive (or non-negative, as `allowsZero` says) was not.
    case nonPositive(name: String, value: Double, allowsZero: Bool)
    /// A value was NaN or infinite.
    case notFinite(name: String)
    /// The USL fit needs at least `required` distinct concurrency levels.
    case tooFewLevels(found: Int, required: Int)
    /// The nonlinear least-squares iteration did not converge.
    case fitDidNotConverge(iterations: Int)
    /// A queue is offered at least as much work as it can serve (ρ ≥ 1).
    case unstableQueue(station: String, utilization: Double)
    /// A line of a CSV input could not be read as two numbers.
    case badCSVLine(line: Int, text: String)
    /// A station specification (`NAME:DEMAND[:SERVERS|:delay]`) could not be parsed.
    case badStationSpec(String)
    /// A population range (`A..B` or `N`) could not be parsed.
    case badRange(String)
    /// Anything else the caller passed that makes no sense, with a message.
    case invalidInput(String)

    public var description: String {
        switch self {
        case let .nonPositive(name, value, allowsZero):
            return "\(name) must be \(allowsZero ? "non-negative" : "positive"), got \(value)"
        case let .notFinite(name):
            return "\(name) must be a finite number"
        case let .tooFewLevels(found, required):
            return "the USL fit needs at least \(required) distinct concurrency levels, got \(found)"
        case let .fitDidNotConverge(iterations):
            return "the USL fit did not converge after \(iterations) iterations; check the data for outliers"
        case let .unstableQueue(station, utilization):
            let shown = (utilization * 1000).rounded() / 1000
            return "queue '\(station)' is unstable: utilization \(shown) ≥ 1 (arrivals outpace service)"
        case let .badCSVLine(line, text):
            return "line \(line): expected two numbers 'N,X', got '\(text)'"
        case let .badStationSpec(spec):
            return "bad station '\(spec)': expected NAME:DEMAND_SECONDS[:SERVERS|:delay]"
        case let .badRange(text):
            return "bad population range '\(text)': expected A..B or N with 1 ≤ A ≤ B ≤ \(CalculatorLimits.maxPopulation)"
        case let .invalidInput(message):
            return message
        }
    }
}

extension CapacityError {
    /// Throws unless `value` is finite and > 0 (or ≥ 0 when `allowsZero`).
    static func requirePositive(_ value: Double, _ name: String, allowsZero: Bool = false) throws {
        guard value.isFinite else { throw CapacityError.notFinite(name: name) }
        if allowsZero ? value < 0 : value <= 0 {
            throw CapacityError.nonPositive(name: name, value: value, allowsZero: allowsZero)
        }
    }
}

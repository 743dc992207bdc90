/// The ranges the capacity calculators accept, so that every typed number is checked before it is used.
///
/// Wide enough for any web system or call centre (a nanosecond to a day of service, ten thousand servers, a
/// million users), narrow enough that every result is a finite, printable number and every run ends in seconds.
public enum CalculatorLimits {
    /// Service demands and service times: 1 ns to 24 h, in seconds.
    public static let serviceSeconds: ClosedRange<Double> = 1e-9...86_400
    /// Think time: 0 (none) to 24 h, in seconds.
    public static let thinkSeconds: ClosedRange<Double> = 0...86_400
    /// Servers of a station or an M/M/c queue.
    public static let servers: ClosedRange<Int> = 1...10_000
    /// Users of a closed network.
    public static let maxPopulation = 1_000_000
    /// Exact MVA's work grows with users × servers of the widest station; past this, `--approx` is the tool.
    public static let maxExactWork = 20_000_000
    /// Populations solved one by one by Schweitzer's fixed point in one call.
    public static let maxApproximatePopulations = 10_000

    /// A seconds range of these limits as text: "1ns to 24h (86400 s)".
    public static func describe(_ range: ClosedRange<Double>) -> String {
        "\(range.lowerBound == 0 ? "0" : "1ns") to 24h (\(Format.number(range.upperBound)) s)"
    }
}

extension CapacityError {
    /// Throws unless `seconds` is finite and within `range`.
    static func requireSeconds(_ seconds: Double, _ name: String, in range: ClosedRange<Double>) throws {
        guard seconds.isFinite else { throw CapacityError.notFinite(name: name) }
        guard range.contains(seconds) else {
            throw CapacityError.invalidInput("\(name) must be from \(CalculatorLimits.describe(range)), got \(Format.seconds(seconds))")
        }
    }

    /// Throws unless `servers` is within `CalculatorLimits.servers`.
    static func requireServers(_ servers: Int, _ name: String) throws {
        let range = CalculatorLimits.servers
        guard range.contains(servers) else {
            throw CapacityError.invalidInput("\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(servers)")
        }
    }
}

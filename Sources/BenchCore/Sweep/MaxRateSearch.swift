/// The saturation search of `find-max`: ramps the arrival rate up (×`growth`) while probes meet the SLO, then
/// bisects between the last rate that met it and the first that did not. A state machine: give it each probe's
/// verdict, it answers with the next rate to probe or the result.
public struct MaxRateSearch: Sendable, Equatable {
    public enum Next: Sendable, Equatable {
        case probe(ratePerSecond: Double)
        /// The highest rate that met the SLO (nil if even the first probe failed).
        case done(maxRatePerSecond: Double?)
    }

    public let growth: Double
    /// Stop bisecting when the bracket is narrower than this fraction of the passing rate.
    public let precision: Double
    public let maxProbes: Int
    public private(set) var lowestFailing: Double?
    public private(set) var highestPassing: Double?
    public private(set) var probes = 0
    private var current: Double

    public init(startRatePerSecond: Double, growth: Double = 2, precision: Double = 0.05, maxProbes: Int = 12) {
        current = max(startRatePerSecond, 0.1)
        self.growth = max(growth, 1.1)
        self.precision = max(precision, 0.001)
        self.maxProbes = max(maxProbes, 1)
    }

    /// Whether a probe sent the rate it asked: `sent` requests over the `seconds` of its schedule, short of
    /// `asked` × `seconds` by at most 1 % (and never by less than one arrival, which rounding may take).
    public static func sentAskedRate(askedPerSecond asked: Double, sentRequests sent: UInt64, seconds: Double) -> Bool {
        let expected = asked * seconds
        return Double(sent) >= expected - max(0.01 * expected, 1)
    }

    /// The first rate to probe.
    public var first: Next { .probe(ratePerSecond: current) }

    /// Records the verdict of the probe at the current rate and decides what comes next.
    public mutating func record(met: Bool) -> Next {
        probes += 1
        if met { highestPassing = max(highestPassing ?? 0, current) } else { lowestFailing = min(lowestFailing ?? .infinity, current) }
        if probes >= maxProbes { return .done(maxRatePerSecond: highestPassing) }
        switch (highestPassing, lowestFailing) {
        case (_, nil):
            current *= growth
        case (nil, let fail?):
            // Even the first probe failed: search below it, down to a floor.
            guard fail > 1 else { return .done(maxRatePerSecond: nil) }
            current = fail / growth
        case (let pass?, let fail?):
            if (fail - pass) / pass <= precision { return .done(maxRatePerSecond: pass) }
            current = (pass + fail) / 2
        }
        return .probe(ratePerSecond: current)
    }
}

/// A pass/fail criterion on one metric, such as `http.latency.p95 < 200ms`.
public struct Threshold: Hashable, Sendable {
    /// A comparison operator.
    public enum Operator: String, Hashable, Sendable, CaseIterable {
        /// `<`
        case lessThan = "<"
        /// `<=`
        case lessThanOrEqual = "<="
        /// `>`
        case greaterThan = ">"
        /// `>=`
        case greaterThanOrEqual = ">="
        /// `==`
        case equal = "=="

        /// Whether `observed OP limit` holds.
        public func holds(_ observed: Double, _ limit: Double) -> Bool {
            switch self {
            case .lessThan: return observed < limit
            case .lessThanOrEqual: return observed <= limit
            case .greaterThan: return observed > limit
            case .greaterThanOrEqual: return observed >= limit
            case .equal: return observed == limit
            }
        }
    }

    /// The expression as written.
    public let expression: String
    /// The metric tested.
    public let metric: ThresholdMetric
    /// The comparison.
    public let op: Operator
    /// The limit, in the metric's internal unit (microseconds, fraction, plain).
    public let limit: Double
    /// When true, the engine stops the run as soon as the threshold fails.
    public let abortOnFail: Bool

    /// Parses `METRIC OP VALUE`; VALUE is a number, a duration (`200ms`) or a percentage (`1%`).
    /// Throws a `TextParseError` whose offset points at the bad part of the expression.
    public static func parse(_ expression: String, abortOnFail: Bool = false) throws -> Threshold {
        let chars = Array(expression)
        guard let opStart = chars.firstIndex(where: { "<>=".contains($0) }) else {
            throw TextParseError(message: "threshold '\(expression)' has no operator (< <= > >= ==)", offset: 0)
        }
        var opEnd = opStart
        while opEnd < chars.count, "<>=!".contains(chars[opEnd]) { opEnd += 1 }
        let opText = String(chars[opStart..<opEnd])
        guard let op = Operator(rawValue: opText) else {
            throw TextParseError(message: "unknown operator '\(opText)' in threshold '\(expression)'", offset: opStart)
        }
        let metricText = String(chars[..<opStart]).trimmingSpaces()
        guard let metric = ThresholdMetric.parse(metricText) else {
            throw TextParseError(message: "unknown metric '\(metricText)' in threshold '\(expression)'", offset: 0)
        }
        let valueText = String(chars[opEnd...]).trimmingSpaces()
        let limit = try parseLimit(valueText, metric: metric, expression: expression, offset: opEnd)
        return Threshold(expression: expression, metric: metric, op: op, limit: limit, abortOnFail: abortOnFail)
    }

    private static func parseLimit(_ text: String, metric: ThresholdMetric, expression: String, offset: Int) throws -> Double {
        let bad = { (why: String) in TextParseError(message: "threshold '\(expression)': \(why)", offset: offset) }
        if text.hasSuffix("%") {
            guard let percent = Double(text.dropLast().trimmingSpaces()), percent.isFinite else {
                throw bad("'\(text)' is not a percentage")
            }
            guard metric.unit == .fraction else { throw bad("\(metric) is not a rate; a percentage does not apply") }
            return percent / 100
        }
        if let number = Double(text), number.isFinite, text.first != "+" {
            guard metric.unit != .micros else { throw bad("\(metric) is a duration; give a unit such as 200ms") }
            return number
        }
        if let nanos = DurationText.parseNanos(text) {
            guard metric.unit == .micros else { throw bad("\(metric) is not a duration; '\(text)' does not apply") }
            return Double(nanos) / 1_000
        }
        throw bad("'\(text)' is not a number, duration or percentage")
    }

    /// Evaluates against the run's metrics; a metric with no data fails with a reason.
    public func evaluate(_ lookup: (ThresholdMetric) -> Double?) -> ThresholdVerdict {
        guard let observed = lookup(metric), !observed.isNaN else {
            return ThresholdVerdict(threshold: self, passed: false, observed: nil, reason: "\(metric) has no data")
        }
        let passed = op.holds(observed, limit)
        let reason = passed ? nil : "\(metric) was \(format(observed)), limit \(op.rawValue) \(format(limit))"
        return ThresholdVerdict(threshold: self, passed: passed, observed: observed, reason: reason)
    }

    /// Formats a value in the metric's unit for messages.
    public func format(_ value: Double) -> String {
        switch metric.unit {
        case .micros:
            guard value.isFinite, abs(value) < 9e15 else { return "\(value)us" }
            return DurationText.format(micros: Int64(value.rounded()))
        case .fraction: return "\((value * 10_000).rounded() / 100)%"
        case .plain:
            guard value.isFinite, abs(value) < 1e15 else { return String(value) }
            let hundredths = (value * 100).rounded() / 100
            return hundredths == hundredths.rounded() ? String(Int64(hundredths)) : String(hundredths)
        }
    }
}

/// The outcome of one threshold.
public struct ThresholdVerdict: Hashable, Sendable {
    /// The threshold evaluated.
    public let threshold: Threshold
    /// Whether it held.
    public let passed: Bool
    /// The observed value in internal units, nil when the metric had no data.
    public let observed: Double?
    /// Why it failed.
    public let reason: String?
}

extension Array where Element == Threshold {
    /// Evaluates every threshold.
    public func evaluate(_ lookup: (ThresholdMetric) -> Double?) -> [ThresholdVerdict] {
        map { $0.evaluate(lookup) }
    }
}

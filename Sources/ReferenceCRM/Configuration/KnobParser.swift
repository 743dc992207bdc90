import Foundation

/// Parses the text forms of the serve knobs: durations (`500us`, `20ms`, `1.5s`), ranges (`10ms..30ms`),
/// stalls (`1s@5s`) and switches (`on`/`off`).
public enum KnobParser {
    /// A knob value that could not be read; `message` names the expected form.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        /// What was wrong and what was expected.
        public var message: String
        public var description: String { message }
    }

    private static let unitNanos: [(suffix: String, nanos: Double)] = [
        ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9),
    ]

    /// Parses `0`, or a non-negative decimal followed by `us`, `ms` or `s`.
    public static func duration(_ text: String) throws -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "0" { return .zero }
        for (suffix, nanos) in unitNanos where trimmed.hasSuffix(suffix) {
            let number = trimmed.dropLast(suffix.count)
            // "ms" also ends in "s": only accept a suffix whose remainder is a plain number.
            guard let value = Double(number), value.isFinite, value >= 0, number.allSatisfy({ $0.isNumber || $0 == "." })
            else { continue }
            // Past a day no knob makes sense, and past 2⁶³ ns the conversion below would trap.
            guard value * nanos <= 86_400e9 else {
                throw ParseError(message: "'\(text)' is too long; durations go up to 24h (86400s)")
            }
            return .nanoseconds(Int64((value * nanos).rounded()))
        }
        throw ParseError(message: "'\(text)' is not a duration; use a number with us, ms or s, e.g. 20ms")
    }

    /// Parses a fixed duration (`20ms`) or a range (`10ms..30ms`).
    public static func durationRange(_ text: String) throws -> DurationRange {
        let parts = text.components(separatedBy: "..")
        switch parts.count {
        case 1: return DurationRange(fixed: try duration(parts[0]))
        case 2: return DurationRange(lower: try duration(parts[0]), upper: try duration(parts[1]))
        default: throw ParseError(message: "'\(text)' is not a duration or range; use 20ms or 10ms..30ms")
        }
    }

    /// Parses `STALL@PERIOD`, e.g. `1s@5s`.
    public static func stall(_ text: String) throws -> StallSchedule {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw ParseError(message: "'\(text)' is not a stall; use DURATION@PERIOD, e.g. 1s@5s")
        }
        return StallSchedule(stall: try duration(String(parts[0])), every: try duration(String(parts[1])))
    }

    /// Parses a timeout: a duration (`10s`), or `off` for none (nil inside the optional).
    public static func timeout(_ text: String) throws -> Duration? {
        if text.lowercased() == "off" { return nil }
        return try duration(text)
    }

    /// Parses `on` or `off` (also `true`/`false`, `yes`/`no`, `1`/`0`).
    public static func onOff(_ text: String) throws -> Bool {
        switch text.lowercased() {
        case "on", "true", "yes", "1": return true
        case "off", "false", "no", "0": return false
        default: throw ParseError(message: "'\(text)' is not on or off")
        }
    }
}

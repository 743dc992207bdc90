/// Parses and prints durations written as `500us`, `20ms`, `1.5s`, `2m`, `1h` (or a combination like `1m30s`).
public enum DurationText {
    /// Nanoseconds for a duration text, or nil when it is not one. A bare number is not accepted: a unit is required.
    public static func nanos(_ text: String) -> UInt64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        var total: Double = 0
        var rest = Substring(trimmed)
        while !rest.isEmpty {
            let numberEnd = rest.firstIndex { !($0.isNumber || $0 == ".") } ?? rest.endIndex
            guard numberEnd != rest.startIndex, let value = Double(rest[rest.startIndex..<numberEnd]) else { return nil }
            rest = rest[numberEnd...]
            let unitEnd = rest.firstIndex { $0.isNumber || $0 == "." } ?? rest.endIndex
            let unit = rest[rest.startIndex..<unitEnd]
            rest = rest[unitEnd...]
            let scale: Double
            switch unit {
            case "ns": scale = 1
            case "us", "µs": scale = 1e3
            case "ms": scale = 1e6
            case "s": scale = 1e9
            case "m": scale = 60e9
            case "h": scale = 3_600e9
            default: return nil
            }
            total += value * scale
        }
        guard total.isFinite, total >= 0, total < 1e19 else { return nil }
        return UInt64(total.rounded())
    }

    /// Nanoseconds as a signed value (scenario files), or nil when the text is not a duration.
    public static func parseNanos(_ text: String) -> Int64? {
        guard let nanos = nanos(text), nanos < UInt64(Int64.max) else { return nil }
        return Int64(nanos)
    }

    /// A signed latency in microseconds (negative values print as 0).
    public static func format(micros: Int64) -> String { format(micros: UInt64(max(0, micros))) }

    /// A short human form: `850µs`, `12.3ms`, `1.50s`, `2m05s`.
    public static func format(nanos: UInt64) -> String {
        let value = Double(nanos)
        if value < 1e3 { return "\(nanos)ns" }
        if value < 1e6 { return trim(value / 1e3) + "µs" }
        if value < 1e9 { return trim(value / 1e6) + "ms" }
        if value < 60e9 { return trim(value / 1e9) + "s" }
        let seconds = Int(value / 1e9)
        return "\(seconds / 60)m" + (seconds % 60 < 10 ? "0" : "") + "\(seconds % 60)s"
    }

    /// A latency given in microseconds, printed in the best unit.
    public static func format(micros: UInt64) -> String { format(nanos: micros &* 1_000) }

    private static func trim(_ value: Double) -> String {
        if value >= 100 { return String(Int(value.rounded())) }
        if value >= 10 { return String(Double(Int((value * 10).rounded())) / 10) }
        return String(Double(Int((value * 100).rounded())) / 100)
    }
}

private extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}

private extension Set where Element == Character {
    static var whitespaces: Set<Character> { [" ", "\t", "\n", "\r"] }
}

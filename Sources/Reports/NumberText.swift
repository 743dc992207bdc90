import BenchCore

/// Number formatting for reports, without Foundation's formatters: fast, locale-independent and identical on
/// every platform, so reports of the same result are byte-for-byte the same.
public enum NumberText {
    /// `value` with exactly `decimals` digits after the point ("12.30"); "-" when not finite.
    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return String(value) }
        let n = Int64(scaled)
        let sign = value < 0 && n != 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(n) }
        let whole = n / Int64(scale)
        var fraction = String(n % Int64(scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        return sign + String(whole) + "." + fraction
    }

    /// About three significant digits, no trailing zeros ("1234", "12.3", "0.05").
    public static func short(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        let a = abs(value)
        let text: String
        if a >= 100 || a == 0 { text = fixed(value, 0) } else if a >= 10 { text = fixed(value, 1) } else if a >= 1 {
            text = fixed(value, 2)
        } else { text = fixed(value, 3) }
        return trimZeros(text)
    }

    /// A compact axis label: "950", "1.2k", "3M".
    public static func compact(_ value: Double) -> String {
        let a = abs(value)
        if a >= 1e6 { return trimZeros(fixed(value / 1e6, 2)) + "M" }
        if a >= 1e4 { return trimZeros(fixed(value / 1e3, 1)) + "k" }
        return short(value)
    }

    /// A fraction as a percentage with two decimals ("0.25%").
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "-" }
        return fixed(fraction * 100, 2) + "%"
    }

    /// A signed relative change as a percentage ("+4.2%", "−1.0%").
    public static func signedPercent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return fraction > 0 ? "+∞" : (fraction < 0 ? "−∞" : "-") }
        let text = fixed(abs(fraction) * 100, 1)
        if text == "0.0" { return "0.0%" }
        return (fraction < 0 ? "−" : "+") + text + "%"
    }

    /// A latency in microseconds in its best unit ("850µs", "12.3ms").
    public static func micros(_ value: Double) -> String {
        guard value.isFinite, value >= 0 else { return "-" }
        return DurationText.format(micros: UInt64(value.rounded()))
    }

    /// A byte count in binary units.
    public static func bytes(_ count: UInt64) -> String {
        let value = Double(count)
        if value >= 1_073_741_824 { return short(value / 1_073_741_824) + " GiB" }
        if value >= 1_048_576 { return short(value / 1_048_576) + " MiB" }
        if value >= 1_024 { return short(value / 1_024) + " KiB" }
        return "\(count) B"
    }

    static func trimZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var t = Substring(text)
        while t.last == "0" { t.removeLast() }
        if t.last == "." { t.removeLast() }
        return String(t)
    }

    /// The given percentiles of a transaction's durations, formatted; "–" for each when none completed (a
    /// transaction whose every iteration failed has no duration, not a duration of 0).
    static func durations(_ summary: PercentileSummary, _ values: KeyPath<PercentileSummary, UInt64>...) -> [String] {
        values.map { summary.count == 0 ? "–" : DurationText.format(micros: summary[keyPath: $0]) }
    }
}

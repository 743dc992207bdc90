import Foundation

/// Tick positions and display units for chart axes.
enum AxisTicks {
    /// "Nice" ticks (1, 2, 2.5 or 5 × 10^k) covering 0...max (or min...max), about `target` of them.
    static func linear(min lower: Double, max upper: Double, target: Int = 5) -> (ticks: [Double], top: Double) {
        let low = lower.isFinite ? lower : 0
        var high = upper.isFinite ? upper : 1
        if high <= low { high = low + (low == 0 ? 1 : abs(low) * 0.1) }
        let raw = (high - low) / Double(max(1, target))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = floor(low / step) * step
        let top = ceil(high / step - 1e-9) * step
        var ticks: [Double] = []
        var t = first
        while t <= top + step * 1e-6 && ticks.count < 50 {
            ticks.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return (ticks, top)
    }

    /// The unit to show latencies in: the divisor from microseconds and its symbol.
    static func latencyUnit(maxMicros: Double) -> (divisor: Double, symbol: String) {
        if maxMicros >= 10_000_000 { return (1_000_000, "s") }
        if maxMicros >= 5_000 { return (1_000, "ms") }
        return (1, "µs")
    }

    /// The unit to show run time in: seconds up to five minutes, then minutes.
    static func timeUnit(maxSeconds: Double) -> (divisor: Double, symbol: String) {
        maxSeconds > 300 ? (60, "min") : (1, "s")
    }

    /// Position of a percentile (0–100) on a "nines" axis: 0 at 0%, 1 at 90%, 2 at 99%, 3 at 99.9%.
    static func nines(percentile: Double, cap: Double) -> Double {
        let tail = Swift.max(1 - percentile / 100, Foundation.pow(10, -cap))
        return -log10(tail)
    }

    /// Label of a nines position: "0%", "90%", "99%", "99.9%".
    static func ninesLabel(_ position: Int) -> String {
        if position == 0 { return "0%" }
        if position == 1 { return "90%" }
        return position == 2 ? "99%" : "99." + String(repeating: "9", count: position - 2) + "%"
    }
}

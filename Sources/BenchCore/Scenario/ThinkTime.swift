import Foundation

/// A pause between steps.
public enum ThinkTime: Hashable, Sendable {
    /// Always the same pause.
    case fixed(nanos: Int64)
    /// Uniform between the bounds, inclusive.
    case uniform(minNanos: Int64, maxNanos: Int64)
    /// Exponentially distributed with the given mean (a Poisson process of user actions).
    case exponential(meanNanos: Int64)

    /// Draws one pause from the injected random source.
    public func sampleNanos(using random: inout SplitMix64) -> Int64 {
        switch self {
        case .fixed(let nanos):
            return nanos
        case .uniform(let minNanos, let maxNanos):
            return maxNanos <= minNanos ? minNanos : Int64.random(in: minNanos...maxNanos, using: &random)
        case .exponential(let meanNanos):
            // Inverse transform; 1 - u is in (0, 1] so the log is finite. Capped at 20 means.
            let u = 1 - random.nextUnitDouble()
            let sample = -Double(meanNanos) * log(u)
            return Int64(min(sample, Double(meanNanos) * 20, 4e18))
        }
    }
}

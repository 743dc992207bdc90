/// Decides when a capacity sweep has seen enough: errors or latency past a limit, or throughput that stopped
/// rising (saturation). Pure: the sweep loop asks after each level.
public struct SweepPolicy: Sendable, Equatable {
    /// Stop once a level's error rate exceeds this fraction.
    public var maxErrorRate: Double = 0.05
    /// Stop once a level's p99 latency exceeds this (microseconds); nil: no latency limit.
    public var maxP99Micros: Double?
    /// A level "gains" only if its throughput beats the best so far by this factor.
    public var minimumGain: Double = 1.05
    /// Stop after this many levels in a row without gain (past saturation).
    public var levelsWithoutGain: Int = 2

    public init(maxErrorRate: Double = 0.05, maxP99Micros: Double? = nil, minimumGain: Double = 1.05, levelsWithoutGain: Int = 2) {
        self.maxErrorRate = maxErrorRate
        self.maxP99Micros = maxP99Micros
        self.minimumGain = minimumGain
        self.levelsWithoutGain = levelsWithoutGain
    }

    /// Why the sweep should stop after `levels`, or nil to go on.
    public func stopReason(after levels: [SweepLevel]) -> String? {
        guard let last = levels.last else { return nil }
        if last.summary.errorRate > maxErrorRate {
            return "error rate \(percent(last.summary.errorRate)) at level \(format(last.level)) passed the limit \(percent(maxErrorRate))"
        }
        if let limit = maxP99Micros, Double(last.summary.latencyMicros.p99) > limit {
            return "p99 \(DurationText.format(micros: last.summary.latencyMicros.p99)) at level \(format(last.level)) passed the limit "
                + DurationText.format(micros: UInt64(limit))
        }
        guard levels.count > levelsWithoutGain else { return nil }
        let earlier = levels.dropLast(levelsWithoutGain)
        let best = earlier.map(\.summary.requestsPerSecond).max() ?? 0
        let recent = levels.suffix(levelsWithoutGain)
        if best > 0 && recent.allSatisfy({ $0.summary.requestsPerSecond < best * minimumGain }) {
            return "throughput stopped rising at about \(format(best)) req/s (saturated): "
                + "\(levelsWithoutGain) levels without a \(Int(((minimumGain - 1) * 100).rounded()))% gain"
        }
        return nil
    }

    private func percent(_ x: Double) -> String { "\(Double(Int((x * 10_000).rounded())) / 100)%" }
    private func format(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(Double(Int(x * 10)) / 10) }
}

/// A plan's prediction checked against a sweep measured after the change was made.
///
/// The predicted curve of a change with predicted peak P' against today's fitted peak P is the fitted USL with its
/// parallel capacity scaled by k = P'/P — σ/k and κ/k², the same λ (Gunther 2007 §4.5: k times the servers moves the
/// contention ceiling λ/σ and the peak N* by k) — capped at P'. Its interval is the delta-method interval of that
/// curve over the fit's covariance, capped at the interval of P'.
public struct PlanValidation: Equatable, Sendable, Codable {
    /// One measured level against the prediction.
    public struct Row: Equatable, Sendable, Codable {
        public let level: Double
        public let concurrency: Double
        public let measuredThroughputPerSecond: Double
        public let predictedThroughputPerSecond: Estimate
        /// (predicted − measured) / measured × 100.
        public var errorPercent: Double { (predictedThroughputPerSecond.value - measuredThroughputPerSecond) / measuredThroughputPerSecond * 100 }
        /// Whether the measurement lies inside the prediction's interval.
        public var inside: Bool { predictedThroughputPerSecond.contains(measuredThroughputPerSecond) }
    }

    /// The change whose prediction is checked (empty: today's deployment).
    public let options: [CapacityOption]
    public let rows: [Row]
    /// The highest throughput measured after the change against the predicted peak.
    public let measuredPeakThroughputPerSecond: Double
    public let predictedPeakThroughputPerSecond: Estimate

    /// Compares `after` (levels and their USL points, as the new sweep measured them) with the prediction.
    public static func compare(fit: USLFit, baselinePeakPerSecond: Double, predicted: PredictedEvaluation,
                               after: [(level: Double, point: USLPoint)]) throws -> PlanValidation {
        guard baselinePeakPerSecond > 0, baselinePeakPerSecond.isFinite else {
            throw CapacityError.invalidInput("the plan's baseline peak must be a positive number")
        }
        guard !after.isEmpty else { throw CapacityError.invalidInput("the run after the change has no usable levels") }
        let peak = predicted.peakThroughputPerSecond
        let k = peak.value / baselinePeakPerSecond
        let rows = after.sorted { $0.point.concurrency < $1.point.concurrency }.map { entry -> Row in
            let n = entry.point.concurrency
            let curve = fit.interval { m in USLModel(sigma: m.sigma / k, kappa: m.kappa / (k * k), lambda: m.lambda).throughput(atConcurrency: n) }
                ?? Estimate(value: fit.model.throughput(atConcurrency: n))
            let capped = Estimate(value: min(curve.value, peak.value),
                                  lower: curve.lower.map { min($0, peak.lower ?? $0) }.map { max($0, 0) },
                                  upper: curve.upper.map { min($0, peak.upper ?? $0) }, level: curve.level)
            return Row(level: entry.level, concurrency: n, measuredThroughputPerSecond: entry.point.throughput,
                       predictedThroughputPerSecond: capped)
        }
        return PlanValidation(options: predicted.options, rows: rows,
                              measuredPeakThroughputPerSecond: after.map(\.point.throughput).max() ?? 0,
                              predictedPeakThroughputPerSecond: peak)
    }

    /// Whether every level lies inside its interval.
    public var holds: Bool { rows.allSatisfy(\.inside) }
}

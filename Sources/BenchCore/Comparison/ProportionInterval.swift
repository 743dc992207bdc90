/// Confidence intervals for proportions (error rates) and their differences.
public enum ProportionInterval {
    /// Wilson's score interval for `successes` out of `trials` (E. B. Wilson, JASA 1927). Well-behaved at 0 and
    /// at small counts, where the textbook Wald interval collapses.
    public static func wilson(_ successes: UInt64, of trials: UInt64, z: Double) -> (low: Double, high: Double) {
        guard trials > 0 else { return (0, 1) }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / (1 + z2 / n)
        return (max(0, centre - half), min(1, centre + half))
    }

    /// The difference of two proportions (candidate − baseline) with Newcombe's hybrid score interval
    /// (R. G. Newcombe, Statistics in Medicine 1998, method 10), built from the two Wilson intervals.
    public static func difference(baselineEvents: UInt64, baselineTrials: UInt64, candidateEvents: UInt64,
                                  candidateTrials: UInt64, confidence: Double) -> ChangeEstimate {
        let z = NormalDistribution.criticalValue(confidence: confidence)
        let p1 = baselineTrials > 0 ? Double(baselineEvents) / Double(baselineTrials) : 0
        let p2 = candidateTrials > 0 ? Double(candidateEvents) / Double(candidateTrials) : 0
        let (l1, u1) = wilson(baselineEvents, of: baselineTrials, z: z)
        let (l2, u2) = wilson(candidateEvents, of: candidateTrials, z: z)
        let d = p2 - p1
        let low = d - ((p2 - l2) * (p2 - l2) + (u1 - p1) * (u1 - p1)).squareRoot()
        let high = d + ((u2 - p2) * (u2 - p2) + (p1 - l1) * (p1 - l1)).squareRoot()
        return ChangeEstimate(change: d, low: low, high: high)
    }
}

/// Finds the runs where a metric shifted in a series of runs: E-Divisive means (Matteson and James, "A
/// Nonparametric Approach for Multiple Change Point Analysis of Multivariate Data", JASA 2014, with α = 1), the
/// detector MongoDB's signal-processing service and Apache Otava (Hunter) run over their performance history
/// (Daly et al., "The Use of Change Point Detection to Identify Software Performance Regressions in a Continuous
/// Integration System", ICPE 2020).
///
/// Divisive: the best split of the whole series is tested with a permutation test (the observations shuffled
/// within each segment found so far, the statistic's maximum recomputed), kept when significant, and the search
/// goes on in every segment until no split is significant. The permutations draw from a seeded generator, so the
/// same series and seed give the same change points. Pure: no clock, no I/O.
public struct ChangePointDetector: Sendable {
    /// Permutations of the significance test; the smallest p-value it can give is 1/(permutations + 1).
    public var permutations: Int
    /// A split is kept when its permutation p-value is at most this.
    public var significance: Double
    /// The fewest runs a segment may have on either side of a change point (at least 2).
    public var minimumSegment: Int
    /// Seed of the permutations.
    public var seed: UInt64

    /// A detector; the defaults give a p-value resolution of 0.005 against a 1 % level.
    public init(permutations: Int = 199, significance: Double = 0.01, minimumSegment: Int = 3, seed: UInt64 = 1) {
        self.permutations = permutations
        self.significance = significance
        self.minimumSegment = max(2, minimumSegment)  // one run alone has no within-segment distance
        self.seed = seed
    }

    /// A change found: the index of the first run after the shift, with the means of the segments around it.
    public struct ChangePoint: Sendable, Equatable {
        public var index: Int
        /// The permutation p-value of the split when it was found.
        public var pValue: Double
        public var meanBefore: Double
        public var meanAfter: Double
        /// (after − before) / before; nil when before is 0.
        public var relativeChange: Double? { meanBefore == 0 ? nil : (meanAfter - meanBefore) / meanBefore }
    }

    /// The change points of `values`, in order of index. The caller gives finite figures (the history
    /// stores only finite ones).
    public func changePoints(_ values: [Double]) -> [ChangePoint] {
        guard values.count >= 2 * minimumSegment, permutations > 0 else { return [] }
        var random = SplitMix64(seed: seed)
        var cuts: [Int] = []  // sorted indices where a new segment starts
        var pValues: [Int: Double] = [:]
        while true {
            let bounds = [0] + cuts + [values.count]
            var best: (tau: Int, q: Double)?
            for s in 0..<(bounds.count - 1) {
                if let found = bestSplit(values, from: bounds[s], to: bounds[s + 1]), found.q > (best?.q ?? -1) {
                    best = (found.tau, found.q)
                }
            }
            guard let best else { break }
            // The permutation test: shuffle inside every segment and take the largest statistic anywhere.
            var exceed = 0
            var shuffled = values
            for _ in 0..<permutations {
                var largest = -Double.infinity
                for s in 0..<(bounds.count - 1) {
                    let (low, high) = (bounds[s], bounds[s + 1])
                    if high - low > 1 {
                        for i in stride(from: high - 1, to: low, by: -1) {
                            shuffled.swapAt(i, low + random.nextIndex(below: i - low + 1))
                        }
                    }
                    if let found = bestSplit(shuffled, from: low, to: high) { largest = max(largest, found.q) }
                }
                if largest >= best.q { exceed += 1 }
                // Once the p-value cannot reach the level any more, the remaining permutations cannot change the
                // decision: stop (most tests of a steady stretch end after a few permutations).
                if Double(exceed + 1) / Double(permutations + 1) > significance { break }
            }
            let p = Double(exceed + 1) / Double(permutations + 1)
            guard p <= significance else { break }
            cuts.append(best.tau)
            cuts.sort()
            pValues[best.tau] = p
        }
        let bounds = [0] + cuts + [values.count]
        return cuts.enumerated().map { n, cut in
            ChangePoint(index: cut, pValue: pValues[cut] ?? 1, meanBefore: Self.mean(values[bounds[n]..<cut]),
                        meanAfter: Self.mean(values[cut..<bounds[n + 2]]))
        }
    }

    /// The split of `values[low..<high]` with the largest divergence statistic q̂ (Matteson and James eq. 5, κ the
    /// segment's end, as Otava does), or nil when the segment is too short to split. O(n²): the within and between
    /// sums are updated as the split moves instead of being recomputed.
    public func bestSplit(_ values: [Double], from low: Int, to high: Int) -> (tau: Int, q: Double)? {
        let count = high - low
        guard count >= 2 * minimumSegment else { return nil }
        return values.withUnsafeBufferPointer { all in
            let x = UnsafeBufferPointer(rebasing: all[low..<high])
            // Split at 0: everything is in Y.
            var withinLeft = 0.0, withinRight = 0.0, between = 0.0
            for i in 0..<count { for j in (i + 1)..<count { withinRight += abs(x[i] - x[j]) } }
            var best: (tau: Int, q: Double)?
            for tau in 0..<(count - minimumSegment) {
                // Move x[tau] from the right part to the left one.
                var toLeft = 0.0, toRight = 0.0
                for i in 0..<tau { toLeft += abs(x[i] - x[tau]) }
                for j in (tau + 1)..<count { toRight += abs(x[tau] - x[j]) }
                withinLeft += toLeft
                withinRight -= toRight
                between += toRight - toLeft
                let m = Double(tau + 1), n = Double(count - tau - 1)
                guard tau + 1 >= minimumSegment else { continue }
                let divergence = 2 * between / (m * n) - 2 * withinLeft / (m * (m - 1)) - 2 * withinRight / (n * (n - 1))
                let q = m * n / (m + n) * divergence
                if q > (best?.q ?? -.infinity) { best = (low + tau + 1, q) }
            }
            return best
        }
    }

    private static func mean(_ slice: ArraySlice<Double>) -> Double {
        slice.isEmpty ? 0 : slice.reduce(0, +) / Double(slice.count)
    }
}

/// When a chart's y axis should stop short of its highest points: a few spikes (a GC pause, one slow second)
/// would otherwise squeeze every other line into the bottom few pixels.
///
/// The rule: take the 90th percentile (nearest rank) of every plotted value; when the highest value is more than
/// `ratio` times it, the axis stops at `headroom` times it. A plateau that covers more than 10 % of the points
/// moves the percentile itself, so only short spikes are clipped (a short sweep has few seconds: two slow seconds
/// of 8 on two p99 lines are 4 values of 40); a chart with fewer than `minimumPoints` values is never clipped.
enum SpikeClip {
    static let ratio = 4.0
    static let headroom = 2.0
    static let minimumPoints = 10

    /// The top of the axis, or nil when every value fits readably.
    static func top(_ values: [Double]) -> Double? {
        let sorted = values.filter { $0.isFinite && $0 >= 0 }.sorted()
        guard sorted.count >= minimumPoints, let highest = sorted.last else { return nil }
        // Nearest rank: the smallest value with at least 90 % of the values at or below it.
        let rank = Int((0.9 * Double(sorted.count)).rounded(.up))
        let typical = sorted[max(0, rank - 1)]
        guard typical > 0, highest > ratio * typical else { return nil }
        return headroom * typical
    }
}

/// Thins a long series for drawing while keeping its spikes: the points are split into buckets and each bucket
/// keeps its lowest and highest point, in time order. Linear in the number of points.
enum Downsampler {
    /// At most about `maxPoints` points of `points` (x ascending).
    static func minMax(_ points: [(x: Double, y: Double)], maxPoints: Int = 1_000) -> [(x: Double, y: Double)] {
        guard points.count > maxPoints, maxPoints >= 4 else { return points }
        let buckets = maxPoints / 2
        var out: [(x: Double, y: Double)] = []
        out.reserveCapacity(buckets * 2)
        for b in 0..<buckets {
            let start = b * points.count / buckets
            let end = (b + 1) * points.count / buckets
            guard start < end else { continue }
            var lowIndex = start
            var highIndex = start
            for i in start..<end {
                if points[i].y < points[lowIndex].y { lowIndex = i }
                if points[i].y > points[highIndex].y { highIndex = i }
            }
            if lowIndex == highIndex {
                out.append(points[lowIndex])
            } else {
                out.append(points[min(lowIndex, highIndex)])
                out.append(points[max(lowIndex, highIndex)])
            }
        }
        return out
    }
}

import BenchCore

/// k-means clustering (Lloyd's algorithm with k-means++ seeding, Arthur & Vassilvitskii 2007) with a fixed seed, and
/// the choice of k by the mean silhouette (Rousseeuw 1987).
public enum KMeans {
    /// A clustering: centroids and each point's cluster.
    public struct Clustering: Sendable, Equatable {
        public var centroids: [[Double]]
        public var assignments: [Int]
        /// Mean silhouette, -1…1 (0 for a single cluster).
        public var silhouette: Double
    }

    /// Clusters `points` into `k` groups (k ≤ the number of distinct points).
    public static func cluster(_ points: [[Double]], k: Int, seed: UInt64, iterations: Int = 50) -> Clustering {
        guard !points.isEmpty else { return Clustering(centroids: [], assignments: [], silhouette: 0) }
        var random = SplitMix64(seed: seed)
        var centroids = [points[random.nextIndex(below: points.count)]]
        while centroids.count < min(k, points.count) {
            let weights = points.map { p in centroids.map { distance2(p, $0) }.min() ?? 0 }
            let total = weights.reduce(0, +)
            guard total > 0 else { break }
            var draw = random.nextUnitDouble() * total
            var chosen = points.count - 1
            for (index, weight) in weights.enumerated() {
                draw -= weight
                if draw <= 0 { chosen = index; break }
            }
            centroids.append(points[chosen])
        }
        var assignments = [Int](repeating: 0, count: points.count)
        for _ in 0..<iterations {
            let next = points.map { nearest($0, centroids) }
            let changed = next != assignments
            assignments = next
            for c in centroids.indices {
                let members = points.indices.filter { assignments[$0] == c }
                guard !members.isEmpty else { continue }
                var mean = [Double](repeating: 0, count: points[0].count)
                for m in members { for d in mean.indices { mean[d] += points[m][d] } }
                centroids[c] = mean.map { $0 / Double(members.count) }
            }
            if !changed { break }
        }
        return Clustering(centroids: centroids, assignments: assignments,
                          silhouette: silhouette(points, assignments, clusters: centroids.count))
    }

    /// The clustering with the best silhouette for k in 2…maxK, or one cluster when no split is clear (silhouette
    /// at most `minimumSilhouette`, or fewer than 10 points). 0.5 is where Kaufman & Rousseeuw (*Finding Groups in
    /// Data*, 1990, §2.2.3) put "a reasonable structure"; below it even a uniform blob splits.
    public static func best(_ points: [[Double]], maxK: Int = 4, seed: UInt64, minimumSilhouette: Double = 0.5) -> Clustering {
        let single = cluster(points, k: 1, seed: seed)
        guard points.count >= 10 else { return single }
        var best = single
        for k in 2...max(2, maxK) {
            let candidate = cluster(points, k: k, seed: seed)
            if candidate.centroids.count == k, candidate.silhouette > max(best.silhouette, minimumSilhouette) { best = candidate }
        }
        return best
    }

    /// Index of the nearest centroid.
    public static func nearest(_ point: [Double], _ centroids: [[Double]]) -> Int {
        var (best, bestDistance) = (0, Double.infinity)
        for (index, centroid) in centroids.enumerated() {
            let d = distance2(point, centroid)
            if d < bestDistance { (best, bestDistance) = (index, d) }
        }
        return best
    }

    static func distance2(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { let d = a[i] - b[i]; sum += d * d }
        return sum
    }

    /// Mean silhouette s = (b − a) / max(a, b) over the points (a: mean distance within the own cluster, b: to the
    /// nearest other cluster); 0 for one cluster.
    static func silhouette(_ points: [[Double]], _ assignments: [Int], clusters: Int) -> Double {
        guard clusters > 1, points.count > 1 else { return 0 }
        var total = 0.0
        for i in points.indices {
            var sums = [Double](repeating: 0, count: clusters), counts = [Int](repeating: 0, count: clusters)
            for j in points.indices where j != i {
                sums[assignments[j]] += distance2(points[i], points[j]).squareRoot()
                counts[assignments[j]] += 1
            }
            let own = assignments[i]
            guard counts[own] > 0 else { continue }  // a singleton's silhouette is 0
            let a = sums[own] / Double(counts[own])
            let b = (0..<clusters).filter { $0 != own && counts[$0] > 0 }.map { sums[$0] / Double(counts[$0]) }.min() ?? 0
            let denominator = max(a, b)
            total += denominator > 0 ? (b - a) / denominator : 0
        }
        return total / Double(points.count)
    }
}

import Foundation

/// The Kolmogorov–Smirnov statistics: the largest distance between two cumulative distribution functions.
///
/// Two-sample D = sup |F₁(x) − F₂(x)| of the empirical CDFs; one-sample D against a model CDF; the asymptotic
/// p-value from the Kolmogorov distribution Q(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²), with Stephens' correction
/// λ = (√n + 0.12 + 0.11/√n)·D (Press et al., *Numerical Recipes*, 3rd ed., §14.3.3).
public enum KolmogorovSmirnov {
    /// The two-sample statistic; 0 when either sample is empty (nothing to tell apart).
    public static func statistic(_ a: [Double], _ b: [Double]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let x = a.sorted(), y = b.sorted()
        var (i, j, d) = (0, 0, 0.0)
        let (n, m) = (Double(x.count), Double(y.count))
        while i < x.count, j < y.count {
            let value = min(x[i], y[j])
            while i < x.count, x[i] <= value { i += 1 }
            while j < y.count, y[j] <= value { j += 1 }
            d = max(d, abs(Double(i) / n - Double(j) / m))
        }
        return d
    }

    /// The two-sample statistic of a sample against a distribution given as a weighted step CDF (values with
    /// weights, e.g. a histogram's buckets).
    public static func statistic(_ sample: [Double], weighted: [(value: Double, weight: Double)]) -> Double {
        let total = weighted.reduce(0) { $0 + $1.weight }
        guard !sample.isEmpty, total > 0 else { return 0 }
        let x = sample.sorted(), y = weighted.filter { $0.weight > 0 }.sorted { $0.value < $1.value }
        var (i, j, d, cumulative) = (0, 0, 0.0, 0.0)
        let n = Double(x.count)
        while i < x.count || j < y.count {
            let value = min(i < x.count ? x[i] : .infinity, j < y.count ? y[j].value : .infinity)
            while i < x.count, x[i] <= value { i += 1 }
            while j < y.count, y[j].value <= value { cumulative += y[j].weight; j += 1 }
            d = max(d, abs(Double(i) / n - cumulative / total))
        }
        return d
    }

    /// The one-sample statistic of a sample against a model CDF.
    public static func statistic(_ sample: [Double], cdf: (Double) -> Double) -> Double {
        let x = sample.sorted()
        let n = Double(x.count)
        var d = 0.0
        for (index, value) in x.enumerated() {
            let f = cdf(value)
            d = max(d, Double(index + 1) / n - f, f - Double(index) / n)
        }
        return d
    }

    /// Q_KS(λ), the probability that the Kolmogorov distribution exceeds λ.
    public static func kolmogorovQ(_ lambda: Double) -> Double {
        guard lambda > 0.001 else { return 1 }
        var sum = 0.0, sign = 1.0
        for k in 1...100 {
            let term = exp(-2 * Double(k * k) * lambda * lambda)
            sum += sign * term
            if term < 1e-12 { break }
            sign = -sign
        }
        return min(max(2 * sum, 0), 1)
    }

    /// The asymptotic p-value of a two-sample statistic for samples of sizes n and m.
    public static func pValue(statistic d: Double, n: Int, m: Int) -> Double {
        guard n > 0, m > 0 else { return 1 }
        let effective = (Double(n) * Double(m) / Double(n + m)).squareRoot()
        return kolmogorovQ((effective + 0.12 + 0.11 / effective) * d)
    }
}

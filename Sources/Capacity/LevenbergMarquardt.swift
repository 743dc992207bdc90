/// Bounded nonlinear least squares by Levenberg–Marquardt with projected steps.
///
/// Minimises S(p) = Σ rᵢ(p)² with rᵢ = yᵢ − f(xᵢ; p) subject to lower ≤ p ≤ upper. Each step solves the
/// damped normal equations (JᵀJ + μ·diag(JᵀJ))·δ = Jᵀr (Marquardt 1963, *J. SIAM* 11(2):431–441, eq. 2.6 with
/// his diagonal scaling), projects p + δ onto the box, and accepts it only if S decreases. Parameters sitting
/// on a bound whose gradient points out of the box are held fixed for that step (an active-set projection,
/// as in Kanzow, Yamashita & Fukushima 2004, *J. Comput. Appl. Math.* 172:375–397).
struct LevenbergMarquardt: Sendable {
    struct Problem {
        let lower: [Double]
        let upper: [Double]
        /// Residuals rᵢ = yᵢ − f(xᵢ; p).
        let residuals: ([Double]) -> [Double]
        /// Rows ∂f(xᵢ; p)/∂p (note: of the model, so ∂rᵢ/∂p = −row).
        let jacobian: ([Double]) -> [[Double]]
    }

    struct Solution: Sendable {
        let parameters: [Double]
        let sumOfSquares: Double
        let iterations: Int
        let converged: Bool
    }

    var maxIterations = 500
    var tolerance = 1e-12

    func minimize(_ problem: Problem, from start: [Double]) -> Solution {
        let n = start.count
        var p = project(start, problem)
        var r = problem.residuals(p)
        var s = sumOfSquares(r)
        guard s.isFinite else { return Solution(parameters: p, sumOfSquares: s, iterations: 0, converged: false) }
        var mu = 1e-3
        for iteration in 1...maxIterations {
            let rows = problem.jacobian(p)
            let jtj = Matrix.gram(rows, size: n)
            var gradient = Array(repeating: 0.0, count: n)
            for (row, residual) in zip(rows, r) { for j in 0..<n { gradient[j] += row[j] * residual } }
            // Hold parameters on a bound whose descent direction leaves the box.
            let free = (0..<n).filter { j in
                !((p[j] <= problem.lower[j] && gradient[j] < 0) || (p[j] >= problem.upper[j] && gradient[j] > 0))
            }
            let projectedGradient = free.map { abs(gradient[$0]) * max(abs(p[$0]), 1e-12) }.max() ?? 0
            if projectedGradient <= tolerance * max(s, 1e-300) {
                return Solution(parameters: p, sumOfSquares: s, iterations: iteration, converged: true)
            }
            var improved = false
            while mu < 1e16 {
                var damped = Matrix.zero(free.count)
                for (a, i) in free.enumerated() {
                    for (b, j) in free.enumerated() { damped[a, b] = jtj[i, j] }
                    damped[a, a] += mu * max(jtj[i, i], 1e-300)
                }
                guard let delta = damped.solve(free.map { gradient[$0] }) else { mu *= 10; continue }
                var candidate = p
                for (a, i) in free.enumerated() { candidate[i] += delta[a] }
                candidate = project(candidate, problem)
                let rc = problem.residuals(candidate)
                let sc = sumOfSquares(rc)
                if sc.isFinite && sc < s {
                    let relativeDrop = (s - sc) / max(s, 1e-300)
                    let step = zip(candidate, p).map { abs($0 - $1) / max(abs($1), 1e-12) }.max() ?? 0
                    p = candidate; r = rc; s = sc
                    mu = max(mu / 10, 1e-12)
                    improved = true
                    if relativeDrop < tolerance || step < 1e-12 {
                        return Solution(parameters: p, sumOfSquares: s, iterations: iteration, converged: true)
                    }
                    break
                }
                mu *= 10
            }
            // No damping gives a decrease: p is a (projected) stationary point to machine precision.
            if !improved {
                return Solution(parameters: p, sumOfSquares: s, iterations: iteration, converged: s.isFinite)
            }
        }
        return Solution(parameters: p, sumOfSquares: s, iterations: maxIterations, converged: false)
    }

    private func project(_ p: [Double], _ problem: Problem) -> [Double] {
        p.indices.map { min(max(p[$0], problem.lower[$0]), problem.upper[$0]) }
    }

    private func sumOfSquares(_ r: [Double]) -> Double { r.reduce(0) { $0 + $1 * $1 } }
}

/// How far a capacity plan can be trusted: intervals on every predicted figure, a verdict that admits
/// "insufficient evidence", the run that would settle it, and a backtest.
///
/// Intervals: the predicted figures are functions of θ = (σ, κ, λ, D₁…D_k), the USL coefficients (covariance
/// s²(JᵀJ)⁻¹ from the fit) and the measured demands (variance: the standard error of their per-level values,
/// independent of the fit). Each figure's interval is value ± t·√(∇fᵀΣ∇f) (the delta method, see
/// ``USLFit/interval(level:of:)``), ∇f by central differences through ``WhatIf``.
public struct PlanAssessment: Equatable, Sendable, Codable {
    public let verdict: PlanVerdict
    /// Why the evidence is insufficient (empty otherwise).
    public let reasons: [String]
    /// The measurement that would settle it, e.g. "sweep up to 64 VUs".
    public let settleBy: String?
    public let baseline: PredictedEvaluation
    /// Intervals of the plan's ranked options (or its best achievable), in the plan's order.
    public let options: [PredictedEvaluation]
    /// Intervals of the `--what-if` evaluations, in the order asked.
    public let whatIf: [PredictedEvaluation]
    /// λ/σ, the asymptote contention alone imposes (ignores coherency), with its interval.
    public let amdahlLimit: Estimate?
    /// The fitted peak X(N*) with its interval.
    public let peakThroughput: Estimate?
    /// The left-out-highest-level check; nil with `backtestNote` saying why.
    public let backtest: Backtest?
    public let backtestNote: String?
    /// The highest throughput any level measured, req/s.
    public let highestMeasuredThroughputPerSecond: Double
    /// Whether the sweep reached the part of the curve that bends (see ``saturationSeen(_:)``).
    public let saturationSeen: Bool
    /// What the latency predictions assume about arrivals.
    public let arrivalAssumption: String

    /// R² below this is a poor fit.
    public static let minimumRSquared = 0.9

    /// Assesses `plan` made from `inputs`, with the `whatIf` evaluations asked besides.
    public static func assess(plan: CapacityPlan, inputs: PlanInputs, whatIf: [WhatIfEvaluation] = [],
                              costs: CostTable = CostTable()) -> PlanAssessment {
        let slo = plan.slo
        let predict = { (e: WhatIfEvaluation) in predicted(e.options, inputs: inputs, slo: slo, costs: costs, fallback: e) }
        let baseline = predict(plan.baseline)
        let shown = plan.ranked.isEmpty ? (plan.bestAchievable.map { [$0] } ?? []) : plan.ranked
        let options = shown.map(predict)
        let highest = inputs.points.map(\.throughputPerSecond).max() ?? 0
        let saturated = saturationSeen(inputs)
        var reasons: [String] = []
        var settle: [String] = []
        let target = slo.targetThroughputPerSecond
        let reach = suggestedReach(inputs, target: target, highest: highest)
        if let fit = inputs.fit {
            if fit.rSquared < minimumRSquared {
                reasons.append("the USL fit is poor: R² \(short(fit.rSquared)) < \(minimumRSquared)")
                settle.append("repeat the sweep with at least 8 levels of 30 s or more \(reach)")
            }
            if fit.covariance == nil {
                reasons.append("the fit has no covariance (\(fit.degreesOfFreedom) residual degrees of freedom), so no interval")
                settle.append("sweep more levels \(reach)")
            }
        } else {
            reasons.append("no USL fit of the sweep")
            settle.append("sweep at least 6 levels \(reach)")
        }
        if target > 2 * highest, !saturated {
            reasons.append("the target \(rps(target)) lies beyond twice the highest measured throughput (\(rps(highest))) and the sweep saw no saturation")
            settle.append("sweep \(reach)")
        }
        let decisive = options.first ?? baseline
        if let flip = flips(decisive, met: plan.status == .met, slo: slo) {
            reasons.append(flip)
            settle.append("sweep \(reach), or run at \(rps(target)) after the change to measure it")
        }
        if !inputs.coresKnown, [plan.baseline.limitedBy, (shown.first ?? plan.baseline).limitedBy].contains(where: { name in
            inputs.model.stations.contains { $0.role == .cpu && $0.name == name } }) {
            reasons.append("the answer hangs on the server's CPU, and its cores are unknown")
            settle.append("give `cores:` in the capacity file (or export crm_server_cores on /metrics)")
        }
        let verdict: PlanVerdict = !reasons.isEmpty ? .insufficientEvidence : (plan.status == .met ? .met : .notMet)
        var seen = Set<String>()
        let settleBy = settle.filter { seen.insert($0).inserted }.joined(separator: "; ")
        let (backtest, note) = Self.backtest(inputs)
        return PlanAssessment(
            verdict: verdict, reasons: reasons, settleBy: settleBy.isEmpty ? nil : settleBy, baseline: baseline,
            options: options, whatIf: whatIf.map(predict), amdahlLimit: inputs.fit?.amdahlLimitInterval,
            peakThroughput: inputs.fit?.peakThroughputInterval, backtest: backtest, backtestNote: note,
            highestMeasuredThroughputPerSecond: highest, saturationSeen: saturated,
            arrivalAssumption: "latency predicted for Poisson arrivals and exponential service (M/M/c); the sweep offered \(inputs.arrivalProcess)")
    }

    /// Whether the decision changes inside the intervals: a "met" whose pessimistic end misses, or a "not met" whose
    /// optimistic end meets. Nil when it holds.
    static func flips(_ e: PredictedEvaluation, met: Bool, slo: ServiceLevelObjective) -> String? {
        let target = slo.targetThroughputPerSecond, bound = slo.latencyBoundSeconds
        guard let peakLow = e.peakThroughputPerSecond.lower, let peakHigh = e.peakThroughputPerSecond.upper else {
            return "the prediction has no interval"
        }
        let name = e.options.isEmpty ? "today's deployment" : e.options.map(\.description).joined(separator: " + ")
        let peakText = "peak \(rps(e.peakThroughputPerSecond.value)) [\(rps(peakLow)), \(rps(peakHigh))]"
        if met {
            if peakLow <= target {
                return "\(name) meets the target at the fitted values, but its \(peakText) reaches below the target \(rps(target))"
            }
            if let upper = e.percentileLatencySeconds?.upper, upper > bound {
                return "\(name) meets the target at the fitted values, but its latency interval reaches \(ms(upper)) past the bound \(ms(bound))"
            }
            return nil
        }
        if peakHigh > target, let latency = e.percentileLatencySeconds, (latency.lower ?? latency.value) <= bound {
            return "\(name) misses the target at the fitted values, but its \(peakText) and latency interval reach the target"
        }
        return nil
    }

    /// Saturation is seen when the fitted peak lies within 1.5× the highest measured concurrency, or the last step's
    /// throughput gain per unit of concurrency fell below half the first level's throughput per unit.
    static func saturationSeen(_ inputs: PlanInputs) -> Bool {
        let points = inputs.points.map(\.uslPoint).sorted { $0.concurrency < $1.concurrency }
        guard let first = points.first, let last = points.last, points.count >= 2 else { return false }
        if let peakN = inputs.fit?.model.peakConcurrency, peakN <= 1.5 * last.concurrency { return true }
        let previous = points[points.count - 2]
        guard last.concurrency > previous.concurrency else { return false }
        let marginal = (last.throughput - previous.throughput) / (last.concurrency - previous.concurrency)
        return marginal < 0.5 * first.throughput / first.concurrency
    }

    /// "up to 64 VUs" (double the sweep, or the concurrency the target needs at the measured latency) or
    /// "up to 600 req/s" for a rate sweep.
    static func suggestedReach(_ inputs: PlanInputs, target: Double, highest: Double) -> String {
        let top = inputs.levels.max() ?? 1
        if inputs.levelUnit == "VUs" {
            var goal = top * 2
            if highest > 0 { goal = max(goal, top * target / highest * 1.25) }
            if let peak = inputs.fit?.model.peakConcurrency, peak.isFinite { goal = max(goal, min(peak * 1.5, top * 8)) }
            // A power of two: sweeps double their levels.
            var vus = 1.0
            while vus < goal { vus *= 2 }
            return "up to \(Int(vus)) VUs"
        }
        return "up to \(Int(max(top * 2, target * 1.25).rounded())) req/s"
    }

    /// Refits without the highest level and predicts it.
    static func backtest(_ inputs: PlanInputs) -> (Backtest?, String?) {
        let pairs = zip(inputs.levels, inputs.points.map(\.uslPoint)).map { ($0, $1) }
        guard let top = pairs.max(by: { $0.1.concurrency < $1.1.concurrency }) else { return (nil, "no levels") }
        let rest = pairs.filter { $0.1.concurrency < top.1.concurrency }.map(\.1)
        guard Set(rest.map(\.concurrency)).count >= USLFit.minimumLevels else {
            return (nil, "no backtest: leaving out the highest level leaves fewer than \(USLFit.minimumLevels) levels to fit")
        }
        do {
            let refit = try USLFit.fit(rest)
            return (Backtest(leftOutLevel: top.0, concurrency: top.1.concurrency, measuredThroughputPerSecond: top.1.throughput,
                             predictedThroughputPerSecond: refit.throughputInterval(atConcurrency: top.1.concurrency)), nil)
        } catch {
            return (nil, "no backtest: the fit without the highest level failed (\(error))")
        }
    }

    /// The evaluation of `options` with intervals; `fallback` gives the point values when θ cannot be perturbed.
    static func predicted(_ options: [CapacityOption], inputs: PlanInputs, slo: ServiceLevelObjective, costs: CostTable,
                          fallback: WhatIfEvaluation) -> PredictedEvaluation {
        let model = inputs.model
        var theta: [Double] = []
        var variances: [[Double]] = []
        if let usl = model.usl, let fit = inputs.fit, let covariance = fit.covariance {
            theta = [usl.sigma, usl.kappa, usl.lambda]
            variances = (0..<3).map { i in (0..<3).map { covariance[i * 3 + $0] } }
        }
        let uslCount = theta.count
        for station in model.stations {
            theta.append(station.demandSeconds)
            let se = inputs.demandStandardErrors[station.name] ?? 0
            variances.append([se * se])
        }
        let k = theta.count
        var covariance = Array(repeating: 0.0, count: k * k)
        for i in 0..<uslCount { for j in 0..<uslCount { covariance[i * k + j] = variances[i][j] } }
        for i in uslCount..<k { covariance[i * k + i] = variances[i][0] }
        func evaluate(_ p: [Double]) -> WhatIfEvaluation? {
            var changed = model
            if uslCount == 3 {
                guard p[0] >= 0, p[1] >= 0, p[2] > 0 else { return nil }
                changed.usl = USLModel(sigma: p[0], kappa: p[1], lambda: p[2])
            }
            for (index, offset) in (uslCount..<k).enumerated() {
                guard p[offset] > 0 else { return nil }
                changed.stations[index].demandSeconds = p[offset]
            }
            return try? WhatIf.evaluate(changed, options: options, targetThroughputPerSecond: slo.targetThroughputPerSecond,
                                        latencyPercentile: slo.latencyPercentile, costs: costs)
        }
        let t = inputs.fit?.tQuantile() ?? 1.96
        func estimate(scatter: Double = 0, _ figure: (WhatIfEvaluation) -> Double?) -> Estimate? {
            guard let value = figure(fallback) else { return nil }
            guard uslCount == 3 || inputs.fit == nil,
                  let g = DeltaMethod.gradient(of: { evaluate($0).flatMap(figure) }, at: theta) else { return Estimate(value: value) }
            let fitError = DeltaMethod.standardError(gradient: g, covariance: covariance)
            return Estimate(value: value, standardError: (fitError * fitError + scatter * scatter).squareRoot(), t: t, level: 0.95)
                .clamped(atLeast: 0)
        }
        // The peak is checked against a sweep measured later, so its interval is one for a new measurement (a
        // prediction interval): the fit's uncertainty plus the scatter of measured levels around the fitted curve
        // (the residual standard error), scaled from today's peak to the predicted one.
        var scatter = 0.0
        if let fit = inputs.fit, let today = model.usl?.peakThroughput, today > 0, fit.residualStandardError.isFinite {
            scatter = fit.residualStandardError * fallback.peakThroughputPerSecond / today
        }
        return PredictedEvaluation(
            options: options,
            peakThroughputPerSecond: estimate(scatter: scatter) { $0.peakThroughputPerSecond }
                ?? Estimate(value: fallback.peakThroughputPerSecond),
            percentileLatencySeconds: estimate { $0.percentileLatencySeconds },
            bottleneckUtilization: estimate { $0.bottleneck.utilization } ?? Estimate(value: fallback.bottleneck.utilization))
    }

    static func rps(_ x: Double) -> String { CapacityPlanner.rps(x) }
    static func ms(_ seconds: Double) -> String { CapacityPlanner.ms(seconds) }
    static func short(_ x: Double) -> String { String((x * 1000).rounded() / 1000) }
}

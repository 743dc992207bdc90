import BenchCore
import Capacity

/// `plan.md`: the capacity plan in words and tables.
public enum PlanMarkdown {
    public static func render(plan: CapacityPlan, inputs: PlanInputs, runName: String, assessment: PlanAssessment? = nil) -> String {
        var out: [String] = ["# Capacity plan — \(runName)", ""]
        let slo = plan.slo
        let status = assessment?.verdict.rawValue ?? (plan.status == .met ? "met" : "not met")
        out.append("Target: **\(n(slo.targetThroughputPerSecond)) req/s** with p\(Int((slo.latencyPercentile * 100).rounded())) ≤ "
                   + "**\(ms(slo.latencyBoundSeconds))**. Status: **\(status)** "
                   + "(\(plan.evaluatedCombinations) combinations evaluated; intervals are 95 %).")
        out.append("")
        if let assessment {
            for reason in assessment.reasons { out.append("- Insufficient evidence: \(reason).") }
            if let settle = assessment.settleBy { out.append("- To settle it: \(settle).") }
            out.append("- Assumed: \(assessment.arrivalAssumption).")
            if let b = assessment.backtest {
                out.append("- Backtest: fitted without the highest level (\(n(b.leftOutLevel)) \(inputs.levelUnit)), the model predicts "
                           + "\(interval(b.predictedThroughputPerSecond, unit: " req/s")) there; measured \(n(b.measuredThroughputPerSecond)) req/s: "
                           + "error \(signed(b.errorPercent)) %\(b.predictedThroughputPerSecond.contains(b.measuredThroughputPerSecond) ? " (inside the interval)" : " (outside the interval)").")
            } else if let note = assessment.backtestNote {
                out.append("- Backtest: \(note).")
            }
            out.append("")
        }
        if let fit = inputs.fit {
            let m = fit.model
            let ci = fit.confidenceIntervals()
            func range(_ i: ClosedInterval?, _ f: (Double) -> String) -> String { i.map { " [\(f(max($0.lower, 0))), \(f($0.upper))]" } ?? " (no interval)" }
            out.append("## Measured scalability (USL fit)")
            out.append("")
            out.append("| σ (contention) | κ (coherency) | λ (req/s at N=1) | R² | peak concurrency | peak throughput | Amdahl limit λ/σ (ignores coherency) |")
            out.append("| --- | --- | --- | --- | --- | --- | --- |")
            out.append("| \(g(m.sigma))\(range(ci?.sigma, g)) | \(g(m.kappa))\(range(ci?.kappa, g)) | "
                       + "\(n(m.lambda))\(range(ci?.lambda, n)) | \(g(fit.rSquared))\(fit.rSquared < PlanAssessment.minimumRSquared ? " (poor)" : "") | "
                       + "\(m.peakConcurrency.map(n) ?? "∞") | \(assessment?.peakThroughput.map { interval($0, unit: " req/s") } ?? m.peakThroughput.map { n($0) + " req/s" } ?? "unbounded") | "
                       + "\(assessment?.amdahlLimit.map { interval($0, unit: " req/s") } ?? m.amdahlLimit.map { n($0) + " req/s" } ?? "none (σ = 0)") |")
            out.append("")
            out.append("Levels used (\(inputs.levels.count)): \(inputs.levels.map(n).joined(separator: ", ")) \(inputs.levelUnit).")
            out.append("")
            out.append("| level | measured req/s | USL req/s |")
            out.append("| --- | --- | --- |")
            for p in inputs.points {
                let level = p.concurrency ?? p.offeredRatePerSecond ?? 0
                let x = p.uslPoint.concurrency
                out.append("| \(n(level)) | \(n(p.throughputPerSecond)) | \(n(m.throughput(atConcurrency: x))) |")
            }
            out.append("")
        }
        out.append("## Resources today")
        out.append("")
        out.append("| station | demand per request | servers | saturates at |")
        out.append("| --- | --- | --- | --- |")
        for s in inputs.model.stations {
            out.append("| \(s.name) | \(ms(s.demandSeconds)) | \(s.servers) | \(n(Double(s.servers) / s.demandSeconds)) req/s |")
        }
        out.append("")
        let basePeak = assessment.map { interval($0.baseline.peakThroughputPerSecond, unit: " req/s") } ?? n(plan.baseline.peakThroughputPerSecond) + " req/s"
        out.append("Baseline prediction: peak \(basePeak), limited by "
                   + "\(plan.baseline.limitedBy); at the target the busiest resource is \(plan.baseline.bottleneck.name) "
                   + "(utilization \(assessment.map { percentInterval($0.baseline.bottleneckUtilization) } ?? pct(plan.baseline.bottleneck.utilization)))"
                   + (plan.baseline.stations.contains { $0.name == plan.baseline.limitedBy } ? "." : ", below full: the measured curve, not that resource, sets the peak."))
        out.append("")
        out.append(plan.ranked.isEmpty ? "## Best achievable" : "## Options that meet the target, cheapest first")
        out.append("")
        out.append("| options | cost | peak req/s [95 %] | p\(Int((slo.latencyPercentile * 100).rounded())) at target [95 %] | bottleneck | utilization |")
        out.append("| --- | --- | --- | --- | --- | --- |")
        let shown = plan.ranked.isEmpty ? (plan.bestAchievable.map { [$0] } ?? []) : plan.ranked
        for (i, e) in shown.enumerated() {
            let p = assessment.flatMap { i < $0.options.count ? $0.options[i] : nil }
            out.append("| \(e.options.isEmpty ? "no change" : e.options.map(\.description).joined(separator: " + ")) | \(n(e.cost)) | "
                       + "\(p.map { interval($0.peakThroughputPerSecond, unit: "") } ?? n(e.peakThroughputPerSecond)) | "
                       + "\(latency(e, p)) | \(e.bottleneck.name) | \(p.map { percentInterval($0.bottleneckUtilization) } ?? pct(e.bottleneck.utilization)) |")
        }
        out.append("")
        out.append("## In words")
        out.append("")
        for line in plan.explanations { out.append("- " + line) }
        if !inputs.notes.isEmpty {
            out.append("")
            out.append("## Notes")
            out.append("")
            for note in inputs.notes { out.append("- " + note) }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The `--what-if` predictions as a table.
    public static func whatIfSection(_ predictions: [WhatIfEvaluation], slo: ServiceLevelObjective, assessment: PlanAssessment? = nil) -> String {
        var out = ["", "## What-if", "", "| change | peak req/s [95 %] | limited by | p\(Int((slo.latencyPercentile * 100).rounded())) at \(n(slo.targetThroughputPerSecond)) req/s [95 %] | cost |",
                   "| --- | --- | --- | --- | --- |"]
        for (i, e) in predictions.enumerated() {
            let p = assessment.flatMap { i < $0.whatIf.count ? $0.whatIf[i] : nil }
            out.append("| \(e.options.isEmpty ? "no change" : e.options.map(\.description).joined(separator: " + ")) | "
                       + "\(p.map { interval($0.peakThroughputPerSecond, unit: "") } ?? n(e.peakThroughputPerSecond)) | \(e.limitedBy) | \(latency(e, p)) | \(n(e.cost)) |")
        }
        if let assessment { out.append(""); out.append("Assumed: \(assessment.arrivalAssumption).") }
        return out.joined(separator: "\n") + "\n"
    }

    /// `plan --validate`: the prediction against each level measured after the change.
    public static func validationText(_ v: PlanValidation, levelUnit: String) -> String {
        let change = v.options.isEmpty ? "today's deployment" : v.options.map(\.description).joined(separator: " + ")
        var out = ["# Plan check — \(change)", "",
                   "Predicted peak \(interval(v.predictedPeakThroughputPerSecond, unit: " req/s")); measured peak \(n(v.measuredPeakThroughputPerSecond)) req/s"
                   + (v.predictedPeakThroughputPerSecond.contains(v.measuredPeakThroughputPerSecond) ? " (inside the interval)." : " (outside the interval)."), "",
                   "| level (\(levelUnit)) | concurrency | measured req/s | predicted req/s [95 %] | error | inside |", "| --- | --- | --- | --- | --- | --- |"]
        for r in v.rows {
            out.append("| \(n(r.level)) | \(n(r.concurrency)) | \(n(r.measuredThroughputPerSecond)) | \(interval(r.predictedThroughputPerSecond, unit: "")) | "
                       + "\(signed(r.errorPercent)) % | \(r.inside ? "yes" : "no") |")
        }
        out.append("")
        out.append(v.holds ? "Every level lies inside the prediction's interval." : "\(v.rows.filter { !$0.inside }.count) of \(v.rows.count) levels lie outside the prediction's interval.")
        return out.joined(separator: "\n") + "\n"
    }

    /// "480 [430, 530] req/s", or "480 req/s (no interval)".
    static func interval(_ e: Estimate, unit: String) -> String {
        guard let lower = e.lower, let upper = e.upper else { return "\(n(e.value))\(unit) (no interval)" }
        return "\(n(e.value)) [\(n(lower)), \(n(upper))]\(unit)"
    }

    static func percentInterval(_ e: Estimate) -> String {
        guard let lower = e.lower, let upper = e.upper else { return pct(e.value) }
        return "\(pct(e.value)) [\(pct(lower)), \(pct(upper))]"
    }

    static func latency(_ e: WhatIfEvaluation, _ p: PredictedEvaluation?) -> String {
        guard let seconds = e.percentileLatencySeconds else { return "saturated" }
        guard let estimate = p?.percentileLatencySeconds, let lower = estimate.lower, let upper = estimate.upper else { return ms(seconds) }
        return "\(ms(seconds)) [\(ms(lower)), \(ms(upper))] (Poisson)"
    }

    static func signed(_ x: Double) -> String { (x >= 0 ? "+" : "") + String((x * 10).rounded() / 10) }

    static func n(_ x: Double) -> String {
        guard x.isFinite else { return "∞" }
        if x >= 100 || x == x.rounded() { return String(Int(min(x, 1e15).rounded())) }
        return String((x * 10).rounded() / 10)
    }
    static func g(_ x: Double) -> String { x.isFinite ? String(format4(x)) : "-" }
    static func format4(_ x: Double) -> String {
        if x == 0 { return "0" }
        let magnitude = abs(x) >= 1 ? 10_000.0 : 1e6
        return String((x * magnitude).rounded() / magnitude)
    }
    static func ms(_ seconds: Double) -> String { DurationText.format(nanos: UInt64(max(0, min(seconds, 1e6)) * 1e9)) }
    static func pct(_ x: Double) -> String { String(Int((x * 100).rounded())) + "%" }
}

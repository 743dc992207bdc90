import BenchCore
import Capacity

/// `plan.md`: the capacity plan in words and tables.
public enum PlanMarkdown {
    public static func render(plan: CapacityPlan, inputs: PlanInputs, runName: String) -> String {
        var out: [String] = ["# Capacity plan — \(runName)", ""]
        let slo = plan.slo
        out.append("Target: **\(n(slo.targetThroughputPerSecond)) req/s** with p\(Int((slo.latencyPercentile * 100).rounded())) ≤ "
                   + "**\(ms(slo.latencyBoundSeconds))**. Status: **\(plan.status == .met ? "met" : "not met by any option searched")** "
                   + "(\(plan.evaluatedCombinations) combinations evaluated).")
        out.append("")
        if let fit = inputs.fit {
            let m = fit.model
            out.append("## Measured scalability (USL fit)")
            out.append("")
            out.append("| σ (contention) | κ (coherency) | λ (req/s at N=1) | R² | peak concurrency | peak throughput |")
            out.append("| --- | --- | --- | --- | --- | --- |")
            out.append("| \(g(m.sigma)) ± \(g(fit.standardErrors.sigma)) | \(g(m.kappa)) ± \(g(fit.standardErrors.kappa)) | "
                       + "\(n(m.lambda)) ± \(n(fit.standardErrors.lambda)) | \(g(fit.rSquared)) | "
                       + "\(m.peakConcurrency.map(n) ?? "∞") | \(m.peakThroughput.map { n($0) + " req/s" } ?? "unbounded") |")
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
        out.append("Baseline prediction: peak \(n(plan.baseline.peakThroughputPerSecond)) req/s, limited by "
                   + "\(plan.baseline.limitedBy); at the target the bottleneck is \(plan.baseline.bottleneck.name) "
                   + "(utilization \(pct(plan.baseline.bottleneck.utilization))).")
        out.append("")
        out.append(plan.ranked.isEmpty ? "## Best achievable" : "## Options that meet the target, cheapest first")
        out.append("")
        out.append("| options | cost | peak req/s | p\(Int((slo.latencyPercentile * 100).rounded())) at target | bottleneck | utilization |")
        out.append("| --- | --- | --- | --- | --- | --- |")
        for e in plan.ranked.isEmpty ? (plan.bestAchievable.map { [$0] } ?? []) : plan.ranked {
            out.append("| \(e.options.isEmpty ? "no change" : e.options.map(\.description).joined(separator: " + ")) | \(n(e.cost)) | "
                       + "\(n(e.peakThroughputPerSecond)) | \(e.percentileLatencySeconds.map(ms) ?? "unstable") | "
                       + "\(e.bottleneck.name) | \(pct(e.bottleneck.utilization)) |")
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
    public static func whatIfSection(_ predictions: [WhatIfEvaluation], slo: ServiceLevelObjective) -> String {
        var out = ["", "## What-if", "", "| change | peak req/s | limited by | p\(Int((slo.latencyPercentile * 100).rounded())) at \(n(slo.targetThroughputPerSecond)) req/s | cost |",
                   "| --- | --- | --- | --- | --- |"]
        for e in predictions {
            out.append("| \(e.options.isEmpty ? "no change" : e.options.map(\.description).joined(separator: " + ")) | "
                       + "\(n(e.peakThroughputPerSecond)) | \(e.limitedBy) | \(e.percentileLatencySeconds.map(ms) ?? "saturated") | \(n(e.cost)) |")
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func n(_ x: Double) -> String {
        guard x.isFinite else { return "∞" }
        return x >= 100 ? String(Int(x.rounded())) : String((x * 10).rounded() / 10)
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

extension CapacityPlanner {
    /// Plain-words reasoning: what limits today's deployment, and for each top combination what it
    /// achieves and whether each of its options alone would have helped.
    static func explain(model: CapacityModel, slo: ServiceLevelObjective, baseline: WhatIfEvaluation,
                        ranked: [WhatIfEvaluation], best: WhatIfEvaluation?,
                        evaluate: ([CapacityOption]) throws -> WhatIfEvaluation) throws -> [String] {
        let target = slo.targetThroughputPerSecond
        let p = "p\(CapacityOption.number(slo.latencyPercentile * 100))"
        var lines: [String] = []
        if slo.isMet(by: baseline) {
            lines.append("Today's deployment already meets the SLO: \(p) \(ms(baseline.percentileLatencySeconds)) at \(rps(target)); "
                + "the \(baseline.limitedBy) would saturate at \(rps(baseline.peakThroughputPerSecond)).")
        } else if baseline.peakThroughputPerSecond <= target {
            lines.append("Today the \(baseline.limitedBy) saturates at \(rps(baseline.peakThroughputPerSecond)), "
                + "below the target of \(rps(target)).")
        } else {
            lines.append("Today the \(baseline.limitedBy) saturates at \(rps(baseline.peakThroughputPerSecond)); at \(rps(target)) "
                + "\(p) would be \(ms(baseline.percentileLatencySeconds)) against a bound of \(ms(slo.latencyBoundSeconds))"
                + busiest(baseline) + ".")
        }
        for (index, candidate) in ranked.prefix(3).enumerated() where !candidate.options.isEmpty {
            var line = "Option \(index + 1) (cost \(CapacityOption.number(candidate.cost))): \(names(candidate.options)) — peak "
                + "\(rps(candidate.peakThroughputPerSecond)) (set by the \(candidate.limitedBy)), \(p) "
                + "\(ms(candidate.percentileLatencySeconds)) at \(rps(target))."
            if candidate.options.count > 1 {
                for option in candidate.options {
                    line += " " + (try alone(option, baseline: baseline, slo: slo, evaluate: evaluate))
                }
            }
            lines.append(line)
        }
        if ranked.isEmpty {
            var line = "No combination searched meets the SLO (\(rps(target)) with \(p) ≤ \(ms(slo.latencyBoundSeconds)))."
            if let best {
                let what = best.options.isEmpty ? "today's deployment" : names(best.options)
                line += " Best achievable: \(what) — peak \(rps(best.peakThroughputPerSecond)), set by the \(best.limitedBy)"
                line += best.percentileLatencySeconds.map { "; \(p) \(ms($0)) at the target." } ?? "."
            }
            lines.append(line)
        }
        return lines
    }

    private static func alone(_ option: CapacityOption, baseline: WhatIfEvaluation, slo: ServiceLevelObjective,
                              evaluate: ([CapacityOption]) throws -> WhatIfEvaluation) throws -> String {
        let single = try evaluate([option])
        let name = option.description.prefix(1).uppercased() + option.description.dropFirst()
        if single.peakThroughputPerSecond <= baseline.peakThroughputPerSecond * (1 + 1e-9),
           baseline.peakThroughputPerSecond <= slo.targetThroughputPerSecond {
            return "\(name) alone does not help: the \(single.limitedBy) still saturates at \(rps(single.peakThroughputPerSecond))."
        }
        if slo.isMet(by: single) { return "\(name) alone would meet the SLO, at cost \(CapacityOption.number(single.cost))." }
        return "\(name) alone reaches \(rps(single.peakThroughputPerSecond)) (set by the \(single.limitedBy)) but misses the SLO."
    }

    /// The busiest resource at the target, worded so it cannot read as a contradiction of the peak: when the measured
    /// curve (USL) sets the peak, no resource is near full at the target, and the text says the limit is elsewhere.
    static func busiest(_ e: WhatIfEvaluation) -> String {
        let name = e.bottleneck.name, busy = percent(e.bottleneck.utilization)
        guard !e.stations.contains(where: { $0.name == e.limitedBy }) else { return " (busiest: \(name) at \(busy))" }
        return " (the measured throughput curve flattens before any resource fills: \(name) would be only \(busy) busy at the target, "
            + "so the limit is contention or a cap the metrics do not show, not \(name))"
    }

    private static func names(_ options: [CapacityOption]) -> String {
        options.map(\.description).joined(separator: " + ")
    }

    static func rps(_ x: Double) -> String { "\(Int(x.rounded())) rps" }

    static func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }

    static func ms(_ seconds: Double?) -> String {
        guard let seconds else { return "unbounded (saturated)" }
        let tenths = (seconds * 10_000).rounded() / 10
        return "\(tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)) ms"
    }
}

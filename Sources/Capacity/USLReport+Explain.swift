extension USLReport {
    /// A plain-words reading of the fit for someone who does not work with the USL: what σ, κ, λ, the peak and R²
    /// mean for this system, and which overhead to attack (Gunther, *Guerrilla Capacity Planning*, 2007, ch. 4).
    public var explanation: String {
        var lines = [
            "What this means",
            "- lambda \(Format.rate(lambda)): throughput with one request at a time; with no overheads N at a time would "
                + "give N × that.",
            "- sigma \(Format.percent(sigma)) (contention): the share of the work that has to happen one request at a "
                + "time (a lock, a hot row, a single-threaded step)."
                + (sigma > 0 ? " On its own it caps throughput at lambda ÷ sigma = \(Format.rate(lambda / sigma))." : ""),
            "- kappa \(Format.short(kappa)) (coherency): the cost of keeping shared data consistent between concurrent "
                + "requests (cache invalidation, lock hand-offs); it grows with the square of concurrency and is what "
                + "makes throughput fall past a peak.",
        ]
        if let peakConcurrency, let peakThroughput {
            lines.append("- Peak: about \(Format.short(peakConcurrency)) requests in flight give the most throughput, "
                         + "\(Format.rate(peakThroughput)); more concurrency than that lowers throughput.")
        } else if let peakThroughput {
            lines.append("- No peak: throughput keeps rising with concurrency but flattens towards \(Format.rate(peakThroughput)).")
        }
        lines.append("- R² \(Format.short(r2)): how closely the curve follows the measurements (1 is perfect; below 0.9 "
                     + "do not rely on its predictions).")
        lines.append("What to change")
        if let peakConcurrency {
            let n = peakConcurrency
            // Which overhead costs more at the peak: σ(N−1) for contention, κN(N−1) for coherency (eq. 4.31).
            let contention = sigma * (n - 1), coherency = kappa * n * (n - 1)
            lines.append("- Keep concurrency near \(Format.short(n)) (size worker and connection pools to it); past it, "
                         + "queue requests rather than run them at once.")
            lines.append(contention >= coherency
                ? "- Contention costs more than coherency at the peak: shorten or split the serialised work to raise the ceiling."
                : "- Coherency costs more than contention at the peak: cut the data shared and kept in step between requests.")
        } else if sigma > 0 {
            lines.append("- Contention is the limit: shorten or split the serialised work to raise the ceiling.")
        } else {
            lines.append("- No overhead was measured: more concurrency should keep helping; measure higher to be sure.")
        }
        return lines.joined(separator: "\n")
    }
}

import BenchCore

/// `throughput=1000,p95<200ms` into a capacity file's SLO.
public enum SLOText {
    /// Sets the SLO of `file` from `--slo` text.
    public static func apply(_ text: String, to file: inout CapacityFile) throws {
        for part in text.split(separator: ",").map({ $0.filter { $0 != " " } }) {
            if part.hasPrefix("throughput=") || part.hasPrefix("rps=") {
                guard let x = Double(part.split(separator: "=").last ?? ""), InputLimits.rateProblem(x, option: "throughput") == nil else {
                    throw RunnerError("--slo: '\(part)': throughput must be a rate above 0 and at most 10000000 per second", kind: .usage)
                }
                file.sloThroughputPerSecond = x
            } else if let lt = part.firstIndex(of: "<"), let p = CapacityFile.percentile(String(part[..<lt])),
                      let nanos = DurationText.nanos(String(part[part.index(after: lt)...]).replacingOccurrences(of: "=", with: "")),
                      nanos > 0, nanos <= InputLimits.maxDurationNanos {
                file.sloPercentile = p
                file.sloLatencyMicros = nanos / 1_000
            } else {
                throw RunnerError("--slo: cannot read '\(part)' (e.g. throughput=1000,p95<200ms)", kind: .usage)
            }
        }
    }
}

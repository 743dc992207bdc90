/// What a run's result means: the one decision behind both the CLI's exit code and `junit.xml`, so that a CI job
/// reading either sees the same verdict.
public enum RunVerdict: Equatable, Sendable {
    /// The run completed, received responses, and every threshold (or the find-max SLO) passed.
    case passed
    /// One or more thresholds failed; for find-max, no probed rate met the SLO. Holds the failed expressions.
    case thresholdsFailed([String])
    /// An `abortOnFail` threshold stopped the run.
    case abortedOnThreshold(String)
    /// A `unique` feeder ran out of rows and the run ended early.
    case feederExhausted(String)
    /// The run was stopped (Ctrl-C, SIGTERM) before its end.
    case interrupted(String)
    /// Not a single response was received: every request ended in a transport error (or none was sent).
    case nothingReceived(requests: UInt64)

    /// The verdict of a result.
    public init(_ result: RunResult) {
        if result.partial {
            let reason = result.partialReason ?? "stopped early"
            if reason.contains("abortOnFail") { self = .abortedOnThreshold(reason); return }
            if let feeder = result.scenario?.feederExhausted { self = .feederExhausted(feeder); return }
            self = .interrupted(reason)
            return
        }
        let overall = result.summary.overall
        if overall.requests <= (overall.statusCodes["0"] ?? 0) {
            self = .nothingReceived(requests: overall.requests)
            return
        }
        var failed = result.thresholdRecords.filter { !$0.passed }.map(\.expression)
        if let sweep = result.sweep, let slo = sweep.slo, sweep.maxRatePerSecond == nil {
            failed.append(slo)
        }
        self = failed.isEmpty ? .passed : .thresholdsFailed(failed)
    }

    /// Whether the run's pass criteria were met.
    public var passed: Bool { self == .passed }

    /// One line saying why the run did not pass (nil when it did).
    public var problem: String? {
        switch self {
        case .passed: return nil
        case .thresholdsFailed(let expressions): return "failed: " + expressions.joined(separator: ", ")
        case .abortedOnThreshold(let reason): return reason
        case .feederExhausted(let feeder): return "the run ended early: feeder '\(feeder)' ran out of unique rows"
        case .interrupted(let reason): return "partial run: \(reason)"
        case .nothingReceived(let requests):
            return requests == 0
                ? "no request was sent: nothing was measured"
                : "no response received: all \(requests) requests ended in a transport error (see errorsByKind)"
        }
    }
}

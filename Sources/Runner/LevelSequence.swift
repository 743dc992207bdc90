import BenchCore
import LoadEngine
import Reports

/// The levels of a sweep or the probes of a find-max, one after another: which level comes first, how a measured
/// level is judged, what comes next.
protocol LevelSequence {
    /// Arrival rates (open model) or virtual users (closed).
    var open: Bool { get }
    /// The first level, or nil when there is none.
    var first: Double? { get }
    /// Judges a measured level (find-max marks whether it met the SLO) and says what comes next: the next level,
    /// or nil with the reason the sequence stopped early (nil reason: it ran out of levels).
    mutating func next(after level: inout SweepLevel, done: [SweepLevel]) -> (next: Double?, stoppedEarly: String?)
    /// One line on a level, for the user.
    func note(on level: SweepLevel) -> String?
    /// The sweep section of the result.
    func results(levels: [SweepLevel], stoppedEarly: String?) -> SweepResults
}

/// A sweep's levels, stopping once errors or latency pass a limit or throughput stops rising.
struct SweepSequence: LevelSequence {
    let levels: [Double]
    let open: Bool
    let policy: SweepPolicy
    private var index = 0

    init(levels: [Double], open: Bool, policy: SweepPolicy) {
        self.levels = levels
        self.open = open
        self.policy = policy
    }

    var first: Double? { levels.first }

    mutating func next(after level: inout SweepLevel, done: [SweepLevel]) -> (next: Double?, stoppedEarly: String?) {
        index += 1
        guard index < levels.count else { return (nil, nil) }
        if let reason = policy.stopReason(after: done) { return (nil, reason) }
        return (levels[index], nil)
    }

    func note(on level: SweepLevel) -> String? { nil }

    func results(levels: [SweepLevel], stoppedEarly: String?) -> SweepResults {
        SweepResults(dimension: open ? .rate : .vus, levels: levels, stoppedEarly: stoppedEarly)
    }
}

/// find-max's probes: a ramp, then bisection, for the highest arrival rate that meets an SLO.
struct FindMaxSequence: LevelSequence {
    var search: MaxRateSearch
    let objective: ServiceLevel
    let slo: String
    var open: Bool { true }
    private var failedClause: String?

    init(search: MaxRateSearch, objective: ServiceLevel, slo: String) {
        self.search = search
        self.objective = objective
        self.slo = slo
    }

    var first: Double? {
        guard case .probe(let rate) = search.first, rate <= InputLimits.maxRatePerSecond else { return nil }
        return rate
    }

    /// A probe is judged on the SLO and on whether it sent the rate it asked (within 1 %): one that could not,
    /// because every slot of the in-flight limit was taken by a slow target, misses. A probe whose generator's CPU
    /// saturated measured the generator: it is not judged, and the search ends with what it found below it.
    mutating func next(after level: inout SweepLevel, done: [SweepLevel]) -> (next: Double?, stoppedEarly: String?) {
        if level.generatorSaturated {
            level.metSLO = nil
            return (nil, "the load generator's CPU saturated at \(NumberText.short(level.level))/s: the target was not measured "
                         + "there, so the answer is a lower bound set by the generator")
        }
        let verdict = objective.evaluate(level.summary)
        let sent = level.sentAskedRate ?? true
        level.metSLO = verdict.met && sent
        failedClause = verdict.reason
        if verdict.met && !sent {
            let limited = level.generatorCauses?.contains(.inFlightLimit) == true ? " (the in-flight limit was reached)" : ""
            failedClause = "sent \(NumberText.short(level.sentRatePerSecond ?? 0))/s of the \(NumberText.short(level.level))/s asked\(limited)"
        }
        // The ramp doubles: past the highest rate the engine takes, the search ends with what it found.
        guard case .probe(let rate) = search.record(met: level.metSLO == true), rate <= InputLimits.maxRatePerSecond else {
            return (nil, nil)
        }
        return (rate, nil)
    }

    func note(on level: SweepLevel) -> String? {
        guard let met = level.metSLO else {
            return level.generatorSaturated ? "generator-bound (its CPU saturated), not judged" : "interrupted, not judged"
        }
        return met ? "meets SLO" : "misses SLO" + (failedClause.map { ": \($0)" } ?? "")
    }

    func results(levels: [SweepLevel], stoppedEarly: String?) -> SweepResults {
        SweepResults(dimension: .rate, levels: levels.sorted { $0.level < $1.level }, stoppedEarly: stoppedEarly,
                     maxRatePerSecond: search.highestPassing, slo: slo)
    }
}

/// What a load model asks of a generator: how many slots at once, for how long, how many iterations, and the
/// profile the engine follows. The engine, the command line's overrides and the reports all read the one
/// `LoadModel` through these, so no second description of the load exists anywhere.
extension LoadModel {
    /// The default of a run that states no load: 10 virtual users for 10 s.
    public static let defaultRun = LoadModel.closed(.constant(vus: 10, durationNanos: 10_000_000_000))

    /// An open model at a constant rate.
    public static func open(ratePerSecond: Double, durationNanos: Int64 = 10_000_000_000, maxInFlight: Int = 1000,
                            arrivals: ArrivalProcess = .uniform) -> LoadModel {
        .open(OpenLoad(rate: .constant(perSecond: ratePerSecond, durationNanos: durationNanos), arrivals: arrivals,
                       maxInFlight: maxInFlight))
    }

    /// The slots the load needs at once: a closed model's virtual users (its stages' peak), an open model's
    /// in-flight limit. Setting it resizes the model: users for a closed model, the in-flight limit for an open one;
    /// a closed model's stages keep their shape (a count below their peak is refused by `EngineConfiguration`).
    public var slots: Int {
        get {
            switch self {
            case .closed(.constant(let vus, _)), .closed(.iterations(let vus, _)): return vus
            case .closed(.stages(let stages)): return Self.peakUsers(stages)
            case .open(let open): return open.maxInFlight
            }
        }
        set {
            switch self {
            case .closed(.constant(_, let duration)): self = .closed(.constant(vus: newValue, durationNanos: duration))
            case .closed(.iterations(_, let count)): self = .closed(.iterations(vus: newValue, count: count))
            case .closed(.stages): break
            case .open(var open):
                open.maxInFlight = newValue
                self = .open(open)
            }
        }
    }

    /// How long the load lasts; 0 for `{vus, iterations}`, which lasts until its iterations are done. Setting it
    /// keeps the shape: a constant load gets the new length, `{vus, iterations}` becomes `{vus, duration}`, and
    /// stages are cut at the new length or held at their last target until it.
    public var durationNanos: UInt64 {
        get {
            switch self {
            case .closed(.constant(_, let duration)): return UInt64(max(0, duration))
            case .closed(.iterations): return 0
            case .closed(.stages(let stages)): return Self.length(stages)
            case .open(let open):
                switch open.rate {
                case .constant(_, let duration): return UInt64(max(0, duration))
                case .stages(let stages): return Self.length(stages)
                }
            }
        }
        set {
            let nanos = Int64(min(newValue, UInt64(Int64.max)))
            switch self {
            case .closed(.constant(let vus, _)), .closed(.iterations(let vus, _)):
                self = .closed(.constant(vus: vus, durationNanos: nanos))
            case .closed(.stages(let stages)): self = .closed(.stages(Self.stages(stages, lasting: nanos)))
            case .open(var open):
                switch open.rate {
                case .constant(let perSecond, _): open.rate = .constant(perSecond: perSecond, durationNanos: nanos)
                case .stages(let stages): open.rate = .stages(Self.stages(stages, lasting: nanos))
                }
                self = .open(open)
            }
        }
    }

    /// The iterations a `{vus, iterations}` load shares out; nil for every other shape.
    public var iterationCount: UInt64? {
        if case .closed(.iterations(_, let count)) = self { return UInt64(max(0, count)) }
        return nil
    }

    /// An open model's arrival rate over time; nil for a closed model.
    public var rateProfile: StageProfile? {
        guard case .open(let open) = self else { return nil }
        switch open.rate {
        case .constant(let perSecond, let duration): return .constant(perSecond, durationNanos: UInt64(max(0, duration)))
        case .stages(let stages): return Self.profile(stages)
        }
    }

    /// A closed model's virtual users over time when they follow stages; nil for a constant population.
    public var userProfile: StageProfile? {
        guard case .closed(.stages(let stages)) = self else { return nil }
        return Self.profile(stages)
    }

    /// The rate an open model asks, as a result records it: the constant rate, or the stages' peak.
    public var recordedRatePerSecond: Double? {
        guard case .open(let open) = self else { return nil }
        switch open.rate {
        case .constant(let perSecond, _): return perSecond
        case .stages: return rateProfile?.peak
        }
    }

    /// An open model's arrival process; nil for a closed model.
    public var arrivals: ArrivalProcess? {
        if case .open(let open) = self { return open.arrivals }
        return nil
    }

    private static func profile(_ stages: [LoadStage]) -> StageProfile {
        StageProfile(initial: 0, stages: stages.map { .init(durationNanos: UInt64(max(0, $0.durationNanos)), target: $0.target) })
    }

    private static func length(_ stages: [LoadStage]) -> UInt64 {
        stages.reduce(0) { $0 &+ UInt64(max(0, $1.durationNanos)) }
    }

    private static func peakUsers(_ stages: [LoadStage]) -> Int {
        let peak = stages.map(\.target).max() ?? 0
        guard peak.isFinite else { return 1 }
        // Clamped before Int(): stage targets are validated, but a conversion must never be what checks them.
        return max(1, Int(min(peak.rounded(.up), Double(Int32.max))))
    }

    /// `stages` cut at `nanos` (the cut stage ends at the value it has there), or held at the last target until it.
    private static func stages(_ stages: [LoadStage], lasting nanos: Int64) -> [LoadStage] {
        let total = Int64(min(length(stages), UInt64(Int64.max)))
        guard nanos != total else { return stages }
        if nanos > total {
            return stages + [LoadStage(durationNanos: nanos - total, target: stages.last?.target ?? 0)]
        }
        let profile = profile(stages)
        var kept: [LoadStage] = []
        var start: Int64 = 0
        for stage in stages where start < nanos {
            let length = max(0, stage.durationNanos)
            if start + length <= nanos {
                kept.append(stage)
            } else {
                kept.append(LoadStage(durationNanos: nanos - start, target: profile.value(atNanos: UInt64(nanos))))
            }
            start += length
        }
        return kept
    }
}

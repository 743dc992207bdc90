import BenchCore

extension StageProfile {
    /// The profile as a scenario's stages: a zero-length first stage reaches a non-zero initial value.
    var loadStages: [LoadStage] {
        (initial != 0 ? [LoadStage(durationNanos: 0, target: initial)] : [])
            + stages.map { LoadStage(durationNanos: Int64($0.durationNanos), target: $0.target) }
    }
}

import BenchCore
import LoadEngine

/// One level of a sweep or find-max as the level loop asks for it: its place, its load and the workloads that
/// carry it. A `RunPlan.levelRunner` measures it (a distributed coordinator over its agents).
public struct LevelStep: Sendable {
    /// The level's place in the run, from 0.
    public var index: Int
    /// Virtual users (closed model) or arrivals per second (open model).
    public var level: Double
    public var open: Bool
    public var stepNanos: UInt64
    public var workloads: [LevelWorkload]
}

extension LevelWorkload {
    /// The one workload of a sweep level or find-max probe of `source`: `level` virtual users or arrivals per second
    /// for `stepNanos`, over the scenario's only workload (or all its flows). An agent builds its level the same way.
    public static func level(_ level: Double, open: Bool, stepNanos: UInt64, threads: ThreadCount,
                             of source: LoadSource) throws -> LevelWorkload {
        let config = try LoadSettings.level(level, open: open, stepNanos: stepNanos, threads: threads, client: source.info.client)
        return LevelWorkload(config: config, workload: source.workloads.count == 1 ? 0 : nil)
    }
}

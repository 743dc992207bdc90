import BenchCore
import LoadEngine
import Runner

/// Cuts one agent's part out of a workload's engine settings: its share of the users, rate, in-flight limit and
/// iterations, and its own arrival seed. The shares of all agents add up to the whole exactly (`LoadSegment`).
enum AgentSegmenter {
    static func share(_ config: EngineConfiguration, of segment: LoadSegment, threads: ThreadCount? = nil) throws -> EngineConfiguration {
        var part = config
        do {
            part.model = try segment.share(of: config.model)
            if let cap = config.iterationCap { part.iterationCap = try segment.share(ofIterations: cap) }
        } catch let refusal as LoadSegment.Refusal {
            throw RunnerError(refusal.message, kind: .usage)
        }
        part.arrivalSeed = segment.seed(from: config.arrivalSeed)
        part.keepsSecondHistograms = true  // the coordinator merges the fleet's latency from them
        if let threads { part.threads = threads.resolved(connections: part.connections) }
        return part
    }
}

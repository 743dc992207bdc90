import BenchCore
import Foundation
import LoadEngine
import Runner

/// A sweep or find-max over the fleet. The plan's own level loop runs it, as it runs one process's sweep: setup
/// once here before the first level, teardown once after the last, and every level judged by the same rules (early
/// stop, find-max's SLO, generator health). Only the measuring differs: each level is split over the agents still
/// there, started together, and their results merged exactly (histograms bucket by bucket) into the level's output.
extension Coordinator {
    func runLevels(_ plan: RunPlan, in lifecycle: RunLifecycle, onLevel: (SweepLevel, String?) -> Void) throws -> RunPlan.Written {
        var plan = plan
        let failures = FailureList()
        plan.levelRunner = { [self] step in
            try measure(step, lifecycle: lifecycle, failures: failures)
        }
        let writing = plan.beforeWrite
        plan.beforeWrite = { [self] result in
            result.distributed = distributedRecord
            result.failures = FailureCauses.merged(failures.all)
            // Lost agents make the run partial; a level cut short by a stop order already ends the sweep early.
            if !partialReasons.isEmpty {
                result.partial = true
                result.partialReason = ([result.partialReason].compactMap { $0 } + partialReasons).joined(separator: "; ")
            }
            writing?(&result)
        }
        do {
            let written = try plan.execute(in: lifecycle, onLevel: onLevel)
            dismiss("every level is done")
            return written
        } catch {
            dismiss("the coordinator failed: \(error)")
            throw error
        }
    }

    /// One level over the fleet: the output merged from every agent that delivered it, with their merged health.
    private func measure(_ step: LevelStep, lifecycle: RunLifecycle, failures: FailureList) throws -> LevelOutput {
        let level = FleetLevel(index: step.index, level: step.level, open: step.open, stepNanos: step.stepNanos)
        runAgents(step.workloads, level: level, lifecycle: lifecycle)
        guard let merged = try gather() else {
            let reason = "no agent delivered level \(step.index + 1)"
            partialReasons.append(reason)
            lifecycle.requestStop(reason: reason)
            return LevelOutput(output: .empty(endpointNames: source.info.endpointNames, stopReason: reason), server: nil, started: false)
        }
        if let causes = merged.failures { failures.append(causes) }
        let output: EngineOutput
        do { output = try EngineOutput(result: merged) } catch {
            throw RunnerError("the agents' results of level \(step.index + 1) cannot be read back: \(error)", kind: .runInvalid)
        }
        return LevelOutput(output: output, server: merged.server, health: merged.generator)
    }

    /// Tells every agent still there that the run is over (they poll for the next level), waiting up to 3 s for
    /// each to hear it before the server stops.
    private func dismiss(_ reason: String) {
        board.cancel(reason)
        let deadline = DispatchTime.now().uptimeNanoseconds + 3_000_000_000
        while !board.everyAgentDismissed && DispatchTime.now().uptimeNanoseconds < deadline { Thread.sleep(forTimeInterval: 0.05) }
    }
}

/// Why requests failed, level by level, collected by the level runner for the result.
private final class FailureList {
    private(set) var all: [FailureCauses] = []
    func append(_ causes: FailureCauses) { all.append(causes) }
}

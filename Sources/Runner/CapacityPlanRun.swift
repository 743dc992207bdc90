import BenchCore
import Capacity
import Foundation
import Reports

/// `plan`: fits the capacity model to a sweep's result, ranks the changes that meet the objective, predicts the
/// `--what-if` changes, and writes plan.json, plan.md and the report with its plan section into the run folder.
public enum CapacityPlanRun {
    /// What a plan produced: its text, its JSON and whether the objective is met.
    public struct Outcome {
        public var text: String
        public var json: Data
        public var met: Bool
    }

    /// Makes and writes the plan of the run at `runFolder` (a folder or its result.json).
    public static func make(runFolder: String, capacityPath: String?, slo: String?, whatIf: [String]) throws -> Outcome {
        let result = try ResultFile.load(runFolder).result
        var file = CapacityFile()
        if let capacityPath {
            guard let text = try? String(contentsOfFile: capacityPath, encoding: .utf8) else {
                throw RunnerError("cannot read \(capacityPath)", kind: .unreadableInput)
            }
            do { file = try CapacityFile.parse(text, file: capacityPath) } catch {
                throw RunnerError("\(error)", kind: .invalidInput)
            }
        }
        if let slo { try SLOText.apply(slo, to: &file) }
        guard let throughput = file.sloThroughputPerSecond, let latency = file.sloLatencyMicros else {
            throw RunnerError("no target: give --slo 'throughput=1000,p95<200ms' or `slo:` in a capacity file", kind: .usage)
        }
        let inputs: PlanInputs
        do { inputs = try PlanBuilder.build(from: result, file: file) } catch { throw RunnerError("\(error)", kind: .usage) }
        let objective = ServiceLevelObjective(targetThroughputPerSecond: throughput, latencyPercentile: file.sloPercentile ?? 0.95,
                                              latencyBoundSeconds: Double(latency) / 1e6)
        var space = PlanSearchSpace()
        if file.readFraction == nil { space.readReplicas = [0] }
        let plan: CapacityPlan
        do {
            plan = try CapacityPlanner.plan(model: inputs.model, slo: objective, space: space, costs: PlanBuilder.costs(file))
        } catch {
            throw RunnerError("cannot plan: \(error)", kind: .usage)
        }
        var predictions: [WhatIfEvaluation] = []
        for text in whatIf {
            let options = try WhatIfText.parse(text)
            do {
                predictions.append(try WhatIf.evaluate(inputs.model, options: options, targetThroughputPerSecond: throughput,
                                                       latencyPercentile: objective.latencyPercentile, costs: PlanBuilder.costs(file)))
            } catch {
                throw RunnerError("--what-if '\(text)': \(error)", kind: .usage)
            }
        }
        let folder = runFolder.hasSuffix(".json") ? (runFolder as NSString).deletingLastPathComponent : runFolder
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let view = PlanView(plan: plan, inputs: inputs, whatIf: predictions)
        let planJSON = try encoder.encode(view)
        var text = PlanMarkdown.render(plan: plan, inputs: inputs, runName: result.meta.name)
        if !predictions.isEmpty { text += PlanMarkdown.whatIfSection(predictions, slo: objective) }
        try FileOutput.writeAtomically(planJSON, to: folder + "/plan.json")
        try FileOutput.writeAtomically(text, to: folder + "/plan.md")
        // The run's report, re-rendered with the plan's section.
        try FileOutput.writeAtomically(HTMLReport.render(result, sweep: result.sweep.map(SweepSeries.init), plan: view),
                                       to: folder + "/report.html")
        return Outcome(text: text, json: planJSON, met: plan.status == .met)
    }
}

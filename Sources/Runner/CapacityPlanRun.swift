import BenchCore
import Capacity
import Foundation
import Reports

/// `plan`: fits the capacity model to a sweep's result, ranks the changes that meet the objective, predicts the
/// `--what-if` changes, and writes plan.json, plan.md and the report with its plan section into the run folder.
public enum CapacityPlanRun {
    /// What a plan produced: its text, its JSON and its verdict.
    public struct Outcome {
        public var text: String
        public var json: Data
        public var verdict: PlanVerdict
        public var met: Bool { verdict == .met }
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
        if let workers = inputs.model.stations.first(where: { $0.role == .workers })?.servers {
            space.workerCounts = [workers, workers * 2, workers * 4]
        }
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
        let assessment = PlanAssessment.assess(plan: plan, inputs: inputs, whatIf: predictions, costs: PlanBuilder.costs(file))
        let view = PlanView(plan: plan, inputs: inputs, whatIf: predictions, assessment: assessment)
        let planJSON = try encoder.encode(view)
        var text = PlanMarkdown.render(plan: plan, inputs: inputs, runName: result.meta.name, assessment: assessment)
        if !predictions.isEmpty { text += PlanMarkdown.whatIfSection(predictions, slo: objective, assessment: assessment) }
        try FileOutput.writeAtomically(planJSON, to: folder + "/plan.json")
        try FileOutput.writeAtomically(text, to: folder + "/plan.md")
        // The run's report, re-rendered with the plan's section.
        try FileOutput.writeAtomically(HTMLReport.render(result, sweep: result.sweep.map(SweepSeries.init), plan: view),
                                       to: folder + "/report.html")
        return Outcome(text: text, json: planJSON, verdict: assessment.verdict)
    }

    /// `plan RUN --validate AFTER`: the plan in RUN's folder against the sweep in AFTER, measured after the change.
    /// The prediction checked is the plan's only `--what-if`, else its first ranked option, else today's deployment.
    public static func validate(runFolder: String, after: String) throws -> (text: String, validation: PlanValidation) {
        let folder = try ResultFile.load(runFolder).folder
        guard let view = try ResultFile.plan(folder: folder) else {
            throw RunnerError("\(folder)/plan.json: no plan; run `crmbench plan \(runFolder) --slo …` first", kind: .unreadableInput)
        }
        guard let fit = view.fit, let assessment = view.assessment else {
            throw RunnerError("\(folder)/plan.json: the plan has no USL fit or intervals to check", kind: .invalidInput)
        }
        let measured = try ResultFile.load(after).result
        let inputs: PlanInputs
        do { inputs = try PlanBuilder.build(from: measured, file: CapacityFile()) } catch { throw RunnerError("\(after): \(error)", kind: .usage) }
        let predicted = assessment.whatIf.count == 1 ? assessment.whatIf[0] : (assessment.options.first ?? assessment.baseline)
        let validation: PlanValidation
        do {
            validation = try PlanValidation.compare(fit: fit, baselinePeakPerSecond: view.plan.baseline.peakThroughputPerSecond,
                                                    predicted: predicted, after: zip(inputs.levels, inputs.points.map(\.uslPoint)).map { ($0, $1) })
        } catch { throw RunnerError("cannot validate: \(error)", kind: .usage) }
        return (PlanMarkdown.validationText(validation, levelUnit: inputs.levelUnit), validation)
    }
}

import ArgumentParser
import BenchCore
import Capacity
import Foundation
import Reports

/// `crmbench plan RUN_DIR`: what load the target will take and what to change to meet a target.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Fit the capacity model to a sweep and rank hardware/software/architecture changes against an SLO.",
        discussion: "Example: crmbench plan results/20261124-120000-sweep-browse --slo 'throughput=1000,p95<200ms' --capacity capacity.yaml"
    )

    @Argument(help: "A sweep or find-max run folder (or its result.json).") var runFolder: String
    @Option(help: "Capacity file (YAML): cores, nodes, readFraction, slo, costs.") var capacity: String?
    @Option(help: "The target, e.g. 'throughput=1000,p95<200ms' (overrides the capacity file's slo).") var slo: String?
    @Option(help: "Also predict these changes, e.g. 'cores=2' or 'cache=0.8,nodes=2' (keys: cores, speedup, cache, nodes, replicas, pool, contention, reduce:STATION). Repeatable.")
    var whatIf: [String] = []
    @Flag(help: "Print plan.json instead of the text.") var json = false

    func run() throws {
        do {
            let result = try ResultFile.load(runFolder).result
            var file = CapacityFile()
            if let capacity {
                guard let text = try? String(contentsOfFile: capacity, encoding: .utf8) else {
                    throw CLIFailure(message: "cannot read \(capacity)", code: ExitCodes.unreadableInput)
                }
                do { file = try CapacityFile.parse(text, file: capacity) } catch {
                    throw CLIFailure(message: "\(error)", code: ExitCodes.invalidScenario)
                }
            }
            if let slo { try SLOText.apply(slo, to: &file) }
            guard let throughput = file.sloThroughputPerSecond, let latency = file.sloLatencyMicros else {
                throw CLIFailure(message: "no target: give --slo 'throughput=1000,p95<200ms' or `slo:` in a capacity file",
                                 code: ExitCodes.usage)
            }
            let inputs: PlanBuilder.Inputs
            do { inputs = try PlanBuilder.build(from: result, file: file) } catch {
                throw CLIFailure(message: "\(error)", code: ExitCodes.usage)
            }
            let objective = ServiceLevelObjective(targetThroughputPerSecond: throughput, latencyPercentile: file.sloPercentile ?? 0.95,
                                                  latencyBoundSeconds: Double(latency) / 1e6)
            var space = PlanSearchSpace()
            if file.readFraction == nil { space.readReplicas = [0] }
            let plan: CapacityPlan
            do {
                plan = try CapacityPlanner.plan(model: inputs.model, slo: objective, space: space, costs: PlanBuilder.costs(file))
            } catch {
                throw CLIFailure(message: "cannot plan: \(error)", code: ExitCodes.usage)
            }
            var predictions: [WhatIfEvaluation] = []
            for text in whatIf {
                let options = try WhatIfText.parse(text)
                do {
                    predictions.append(try WhatIf.evaluate(inputs.model, options: options, targetThroughputPerSecond: throughput,
                                                           latencyPercentile: objective.latencyPercentile, costs: PlanBuilder.costs(file)))
                } catch {
                    throw CLIFailure(message: "--what-if '\(text)': \(error)", code: ExitCodes.usage)
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
            if json { print(String(decoding: planJSON, as: UTF8.self)) } else { print(text) }
            throw plan.status == .met ? ExitCodes.success : ExitCodes.thresholdsFailed
        } catch let failure as CLIFailure {
            FileHandle.standardError.write(Data("crmbench: \(failure.message)\n".utf8))
            throw failure.code
        }
    }
}

/// `cores=2,cache=0.8` into capacity options.
enum WhatIfText {
    static func parse(_ text: String) throws -> [CapacityOption] {
        var options: [CapacityOption] = []
        for part in text.split(separator: ",").map({ $0.filter { $0 != " " } }) {
            let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pieces.count == 2, let value = Double(pieces[1]), value.isFinite else {
                throw CLIFailure(message: "--what-if: '\(part)' must look like KEY=NUMBER (e.g. cores=2)", code: ExitCodes.usage)
            }
            let key = pieces[0]
            switch key {
            case "cores": options.append(.cpuCores(multiplier: value))
            case "speedup": options.append(.fasterCPU(speedup: value))
            case "cache": options.append(.cache(hitRatio: value))
            case "nodes": options.append(.appNodes(count: Int(value)))
            case "replicas": options.append(.readReplicas(count: Int(value)))
            case "pool": options.append(.connectionPool(size: Int(value)))
            case "contention": options.append(.lowerContention(fraction: value))
            default:
                if key.hasPrefix("reduce:") {
                    options.append(.reduceDemand(station: String(key.dropFirst(7)), fraction: value))
                } else {
                    throw CLIFailure(message: "--what-if: unknown change '\(key)' (cores, speedup, cache, nodes, replicas, pool, contention, reduce:STATION)",
                                     code: ExitCodes.usage)
                }
            }
        }
        return options
    }
}

/// `throughput=1000,p95<200ms` into a capacity file's SLO.
enum SLOText {
    static func apply(_ text: String, to file: inout CapacityFile) throws {
        for part in text.split(separator: ",").map({ $0.filter { $0 != " " } }) {
            if part.hasPrefix("throughput=") || part.hasPrefix("rps=") {
                guard let x = Double(part.split(separator: "=").last ?? ""), x > 0 else {
                    throw CLIFailure(message: "--slo: '\(part)': throughput must be a positive rate", code: ExitCodes.usage)
                }
                file.sloThroughputPerSecond = x
            } else if let lt = part.firstIndex(of: "<"), let p = CapacityFile.percentile(String(part[..<lt])),
                      let nanos = DurationText.nanos(String(part[part.index(after: lt)...]).replacingOccurrences(of: "=", with: "")), nanos > 0 {
                file.sloPercentile = p
                file.sloLatencyMicros = nanos / 1_000
            } else {
                throw CLIFailure(message: "--slo: cannot read '\(part)' (e.g. throughput=1000,p95<200ms)", code: ExitCodes.usage)
            }
        }
    }
}

/// The `plan.json` a run folder may hold (written by `plan`), for re-rendering its report.
enum PlanFile {
    static func load(folder: String) -> PlanView? {
        guard let data = FileManager.default.contents(atPath: folder + "/plan.json") else { return nil }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try? decoder.decode(PlanView.self, from: data)
    }
}

import BenchCore
import Foundation
import WorkloadModel

/// `crmbench model`: reads access logs into a behaviour model, writes the scenario, `model.json` and the Markdown
/// summary; `--check` compares a run with the log. The file side of ``WorkloadModel``.
public enum ModelRun {
    /// What to read and write.
    public struct Request: Sendable {
        public var logs: [String]
        public var format: LogFormat = .combined
        public var options = ModelOptions()
        public var scale = 1.0
        /// The scenario to write; the model and summary go beside it.
        public var scenarioPath: String
        public var writer = ScenarioWriter.Options()
        /// A JSON object of request bodies by endpoint template.
        public var bodiesPath: String?

        public init(logs: [String], scenarioPath: String) { (self.logs, self.scenarioPath) = (logs, scenarioPath) }
    }

    /// What was written.
    public struct Written: Sendable {
        public var model: BehaviourModel
        public var scenario: String
        public var modelJSON: String
        public var summary: String
        public var feeders: [String]
    }

    /// Reads every log into one accumulator, sessions closed.
    public static func accumulate(_ logs: [String], format: LogFormat, options: ModelOptions) throws -> ModelAccumulator {
        var accumulator = ModelAccumulator(options: options)
        for path in logs {
            do {
                let reader = try LogFileReader(path: path)
                try reader.forEachLine { accumulator.add(line: $0, format: format) }
            } catch let problem as LogFileReader.Problem {
                switch problem {
                case .unreadable(let why): throw RunnerError("cannot read \(path): \(why)", kind: .unreadableInput)
                case .binary:
                    throw RunnerError("\(path): a binary file, not a text access log (NUL bytes in its first 64 KiB)", kind: .invalidInput)
                case .corruptGzip(let why): throw RunnerError("\(path): corrupt gzip data: \(why)", kind: .invalidInput)
                }
            } catch {
                throw RunnerError("cannot read \(path): \(error)", kind: .unreadableInput)
            }
        }
        accumulator.finishSessions()
        return accumulator
    }

    /// The model of the logs, or an input error naming them.
    public static func model(_ accumulator: ModelAccumulator, logs: [String], scale: Double) throws -> BehaviourModel {
        do { return try accumulator.model(scale: scale) } catch let problem as ModelProblem {
            throw RunnerError("\(logs.joined(separator: ", ")): \(problem.description)", kind: .invalidInput)
        } catch {
            throw RunnerError("\(logs.joined(separator: ", ")): \(error)", kind: .invalidInput)
        }
    }

    /// Models the logs and writes the scenario, its feeders, `STEM.model.json` and `STEM.model.md`.
    public static func write(_ request: Request) throws -> Written {
        var writer = request.writer
        if let bodiesPath = request.bodiesPath { writer.bodies = try bodies(bodiesPath) }
        let model = try model(accumulate(request.logs, format: request.format, options: request.options),
                              logs: request.logs, scale: request.scale)
        let folder = (request.scenarioPath as NSString).deletingLastPathComponent
        let stem = ((request.scenarioPath as NSString).lastPathComponent as NSString).deletingPathExtension
        let base = folder.isEmpty ? stem : folder + "/" + stem
        let source = request.logs.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
        writer.source = source
        writer.feederPrefix = stem
        if writer.name == "modelled" { writer.name = stem }
        let (yaml, feeders) = ScenarioWriter.write(model, options: writer)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            for (file, text) in feeders { try FileOutput.writeAtomically(text, to: folder.isEmpty ? file : folder + "/" + file) }
            try FileOutput.writeAtomically(encoder.encode(model), to: base + ".model.json")
            try FileOutput.writeAtomically(ModelSummaryText.markdown(model, source: source), to: base + ".model.md")
            try FileOutput.writeAtomically(yaml, to: request.scenarioPath)
        } catch {
            throw RunnerError("cannot write \(request.scenarioPath): \(FileOutput.reason(error))", kind: .cannotCreateOutput)
        }
        return Written(model: model, scenario: request.scenarioPath, modelJSON: base + ".model.json",
                       summary: base + ".model.md", feeders: feeders.keys.sorted())
    }

    /// `--bodies FILE`: a JSON object whose keys are endpoint templates and values the bodies to send.
    static func bodies(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunnerError("cannot read --bodies \(path)", kind: .unreadableInput)
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw RunnerError("--bodies \(path): expected a JSON object of endpoint → body, e.g. {\"POST /api/v1/customers\": {\"name\": \"x\"}}", kind: .invalidInput)
        }
        return object.mapValues { "\n" + YAMLFlow.block($0, indent: 10).joined(separator: "\n") }
    }

    /// Compares the run in `runFolder` with the logs: the mix per endpoint (the run's per-step request counts, the
    /// steps named by endpoint as `model` names them) and the session durations (the run's flow durations); with the
    /// server's log of the run (`runLogs`), also pauses and session lengths in requests.
    public static func check(
        runFolder: String, logs: [String], runLogs: [String], format: LogFormat, options: ModelOptions,
        limits: FidelityCheck.Limits = .init()
    ) throws -> [FidelityCheck.Figure] {
        let (result, _, _) = try ResultFile.load(runFolder)
        let logSide = try accumulate(logs, format: format, options: options)
        _ = try model(logSide, logs: logs, scale: 1)
        var runMix: [String: Int] = [:]
        for endpoint in result.summary.endpoints { runMix[endpoint.name, default: 0] += Int(endpoint.requests) }
        var figures = FidelityCheck.mix(log: logSide.requestsByTemplate, run: runMix, limits: limits)
        let buckets = (result.scenario?.flows ?? []).flatMap(\.histogram.buckets).compactMap { pair -> (value: Double, weight: Double)? in
            pair.count == 2 ? (Double(pair[0]) / 1_000, Double(pair[1])) : nil
        }
        let logSamples = logSide.samples
        figures.append(FidelityCheck.distribution("session duration", log: logSamples.durationsMillis, runBuckets: buckets, limits: limits))
        guard !runLogs.isEmpty else { return figures }
        let runSide = try accumulate(runLogs, format: format, options: options)
        _ = try model(runSide, logs: runLogs, scale: 1)
        let runSamples = runSide.samples
        let floor = ThinkTimeFit.noiseFloorMillis
        func floored(_ x: [Double]) -> [Double] { x.map { $0 < floor ? 0 : $0 } }
        figures.append(FidelityCheck.distribution("session length (requests)", log: logSamples.lengths, run: runSamples.lengths, limits: limits))
        figures.append(FidelityCheck.distribution("think time", log: floored(logSamples.thinkMillis), run: floored(runSamples.thinkMillis), limits: limits))
        return figures
    }
}

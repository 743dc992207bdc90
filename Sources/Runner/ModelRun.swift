import BenchCore
import Foundation
import Reports
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
        /// The chart page, `STEM.model.html`.
        public var chart: String
        /// The feeder files written beside the scenario (paths, like the others).
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
        let accumulator = try accumulate(request.logs, format: request.format, options: request.options)
        let model = try model(accumulator, logs: request.logs, scale: request.scale)
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
            try FileOutput.writeAtomically(ModelHTML.render(chartInput(model, accumulator: accumulator, source: source)),
                                           to: base + ".model.html")
            try FileOutput.writeAtomically(yaml, to: request.scenarioPath)
        } catch {
            throw RunnerError("cannot write \(request.scenarioPath): \(FileOutput.reason(error))", kind: .cannotCreateOutput)
        }
        return Written(model: model, scenario: request.scenarioPath, modelJSON: base + ".model.json",
                       summary: base + ".model.md", chart: base + ".model.html", feeders: feeders.keys.sorted().map { folder.isEmpty ? $0 : folder + "/" + $0 })
    }

    /// What the chart page shows: classes, mix, a 40-bin histogram of the pauses (≥ the noise floor, up to their
    /// 99th percentile) against the best fit's expected counts, and arrivals against the generated stages.
    static func chartInput(_ model: BehaviourModel, accumulator: ModelAccumulator, source: String) -> ModelHTML.Input {
        let f = ScenarioWriter.format
        let pauses = accumulator.samples.thinkMillis.filter { $0 >= ThinkTimeFit.noiseFloorMillis }.sorted()
        var observed: [(x: Double, y: Double)] = [], fitted: [(x: Double, y: Double)] = []
        let best = model.thinkTime?.best
        if let top = pauses.isEmpty ? nil : pauses[Int(Double(pauses.count - 1) * 0.99)], top > 0 {
            let bins = 40, width = top / Double(bins)
            var counts = [Double](repeating: 0, count: bins)
            for pause in pauses where pause <= top { counts[min(Int(pause / width), bins - 1)] += 1 }
            for bin in 0..<bins {
                let low = Double(bin) * width, middle = low + width / 2
                observed.append((middle, counts[bin]))
                if let best { fitted.append((middle, (best.cdf(low + width) - best.cdf(low)) * Double(pauses.count))) }
            }
        }
        var generated: [(x: Double, y: Double)] = [(0, 0)]
        var clock = 0.0
        for stage in model.arrivalStages {
            clock += stage.durationSeconds
            generated.append((clock, stage.targetPerSecond / max(model.scale, 1e-9)))
        }
        let arrivals = accumulator.arrivals
        var perSecond: [(x: Double, y: Double)] = []
        if let last = arrivals.offsetsSeconds.max(), !arrivals.offsetsSeconds.isEmpty {
            let width = max(1, (last / 60).rounded(.up))
            var counts = [Double](repeating: 0, count: Int(last / width) + 1)
            let weight = Double(arrivals.sessions) / Double(arrivals.offsetsSeconds.count)
            for offset in arrivals.offsetsSeconds { counts[min(Int(offset / width), counts.count - 1)] += weight }
            perSecond = counts.enumerated().map { (Double($0.offset) * width + width / 2, $0.element / width) }
        }
        return ModelHTML.Input(
            title: "Workload model of \(source)",
            facts: ["\(model.input.requests) requests, \(model.sessions) sessions (key \(model.sessionKey)), " +
                    "\(model.endpoints.count) endpoints, \(model.classes.count) classes (silhouette \(f(model.silhouette)))",
                    "Think time: \(pauses.count) pauses of \(Int(ThinkTimeFit.noiseFloorMillis)) ms or more; best fit " +
                    (best.map { "\($0.family), KS \(f($0.ksDistance))" } ?? "none")],
            classes: model.classes.map { c in
                .init(name: c.name, sessions: c.sessions, share: c.share,
                      top: c.topEndpoints.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) ×\(f($0.value))" }
                        .joined(separator: ", "))
            },
            mix: model.endpoints.map { ($0.template, $0.share) }, thinkObserved: observed, thinkFitted: fitted,
            fitName: best?.family ?? "no", arrivalsObserved: perSecond, arrivalsGenerated: generated)
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
    /// steps named by endpoint as `model` names them). With the server's log of the run (`runLogs`), the rest
    /// compares the two logs, measured the same way on both sides: session lengths in requests, session durations,
    /// pauses, and the arrival of sessions (when they started, and how many per second, `scale` times the log's).
    /// Without it, session durations are compared with the run's flow-iteration durations (the client's clock,
    /// which also holds the first request's and the last response's way over the network).
    public static func check(
        runFolder: String, logs: [String], runLogs: [String], format: LogFormat, options: ModelOptions,
        scale: Double = 1, limits: FidelityCheck.Limits = .init()
    ) throws -> [FidelityCheck.Figure] {
        let (result, _, _) = try ResultFile.load(runFolder)
        let logSide = try accumulate(logs, format: format, options: options)
        _ = try model(logSide, logs: logs, scale: 1)
        var runMix: [String: Int] = [:]
        for endpoint in result.summary.endpoints { runMix[endpoint.name, default: 0] += Int(endpoint.requests) }
        var figures = FidelityCheck.mix(log: logSide.requestsByTemplate, run: runMix, limits: limits)
        let logSamples = logSide.samples
        guard !runLogs.isEmpty else {
            let buckets = (result.scenario?.flows ?? []).flatMap(\.histogram.buckets).compactMap { pair -> (value: Double, weight: Double)? in
                pair.count == 2 ? (Double(pair[0]) / 1_000, Double(pair[1])) : nil
            }
            figures.append(FidelityCheck.distribution("session duration (run's iterations)", log: logSamples.durationsMillis,
                                                      runBuckets: buckets, limits: limits))
            return figures
        }
        let runSide = try accumulate(runLogs, format: format, options: options)
        _ = try model(runSide, logs: runLogs, scale: 1)
        let runSamples = runSide.samples
        let floor = ThinkTimeFit.noiseFloorMillis
        func floored(_ x: [Double]) -> [Double] { x.map { $0 < floor ? 0 : $0 } }
        figures.append(FidelityCheck.distribution("session length (requests)", log: logSamples.lengths, run: runSamples.lengths, limits: limits))
        figures.append(FidelityCheck.distribution("session duration", log: logSamples.durationsMillis, run: runSamples.durationsMillis, limits: limits))
        figures.append(FidelityCheck.distribution("think time", log: floored(logSamples.thinkMillis), run: floored(runSamples.thinkMillis), limits: limits))
        figures += FidelityCheck.arrivals(log: logSide.arrivals, run: runSide.arrivals, scale: scale, limits: limits)
        return figures
    }
}

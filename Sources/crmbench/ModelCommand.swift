import ArgumentParser
import BenchCore
import Foundation
import Runner
import WorkloadModel

/// `crmbench model LOG… --out SCENARIO.yaml`, and `crmbench model --check RUN_DIR LOG…`.
struct ModelCommand: RunnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Infer a workload (scenario, model.json, summary) from access logs, or check a run against them.",
        discussion: """
            Reads combined-format (optionally with a µs duration and a quoted session header after the user agent, \
            as `serve --access-log` writes) or JSON-line logs, plain or gzip. Exit status: 0 ok, 65 a log that gives \
            no model (binary, empty, no sessions), 66 unreadable, 73 cannot write, 99 a --check figure failed.
            """
    )

    @Argument(help: "Access log files (plain or .gz).") var logs: [String] = []
    @Option(help: "Line format: combined or json.") var format = "combined"
    @Option(help: "Session key: ip+ua, or header:NAME (e.g. header:X-Session-Id).") var sessionKey = "ip+ua"
    @Option(help: "Inactivity that ends a session (e.g. 30m, 90s).") var timeout = "30m"
    @Option(help: "Multiply the arrival rates, e.g. 2x (with --check: the scale the run was modelled with).") var scale = "1x"
    @Option(help: "Scenario file to write (the model and summary go beside it).") var out: String?
    @Option(help: "Target URL written into the scenario.") var target = "http://127.0.0.1:8080"
    @Option(name: [.customShort("H"), .customLong("header")], help: "Default header 'Name: value' for the scenario (repeatable).") var headers: [String] = []
    @Option(help: "JSON object of request bodies by endpoint, e.g. {\"POST /api/v1/customers\": {...}}.") var bodies: String?
    @Option(help: "Compare the run in RUN_DIR with the logs instead of writing a scenario.") var check: String?
    @Option(help: "With --check: the server's access log of that run (pauses and session lengths; repeatable).") var runLog: [String] = []

    var parsed: (LogFormat, ModelOptions, Double)? {
        guard let format = LogFormat(rawValue: format), let key = SessionKey(text: sessionKey),
              let timeoutNanos = DurationText.nanos(timeout), timeoutNanos >= 1_000_000_000,
              let factor = Double(scale.hasSuffix("x") ? String(scale.dropLast()) : scale), factor > 0, factor.isFinite
        else { return nil }
        var options = ModelOptions()
        options.sessionKey = key
        options.inactivityTimeoutMillis = Int64(timeoutNanos / 1_000_000)
        return (format, options, factor)
    }

    func validate() throws {
        if logs.isEmpty { throw ValidationError("give at least one access log") }
        if LogFormat(rawValue: format) == nil { throw ValidationError("--format: expected combined or json, found '\(format)'") }
        if SessionKey(text: sessionKey) == nil { throw ValidationError("--session-key: expected ip+ua or header:NAME, found '\(sessionKey)'") }
        if parsed == nil { throw ValidationError("--timeout: expected a duration of at least 1s (e.g. 30m); --scale: a factor above 0 (e.g. 2x)") }
        if check == nil, out == nil { throw ValidationError("--out SCENARIO.yaml is required (or --check RUN_DIR)") }
        if headers.contains(where: { ScenarioWriter.header($0) == nil }) {
            throw ValidationError("--header: expected 'Name: value'")
        }
    }

    func execute() throws -> ExitCode {
        guard let parsed else { return ExitCodes.usage }
        let (format, options, factor) = parsed
        if let check {
            let figures = try ModelRun.check(runFolder: check, logs: logs, runLogs: runLog, format: format, options: options,
                                             scale: factor)
            for figure in figures {
                print("\(figure.passed ? "PASS" : "FAIL")  \(figure.name): \(String(format: "%.3f", figure.distance)) (limit \(figure.limit)) — \(figure.detail)")
            }
            if runLog.isEmpty { print("not checked: think time, session length and duration, arrivals (give --run-log, the server's log of the run)") }
            return figures.allSatisfy(\.passed) ? ExitCodes.success : ExitCodes.thresholdsFailed
        }
        var request = ModelRun.Request(logs: logs, scenarioPath: out ?? "")
        (request.format, request.options, request.scale, request.bodiesPath) = (format, options, factor, bodies)
        request.writer.target = target
        request.writer.headers = headers.compactMap(ScenarioWriter.header)
        let written = try ModelRun.write(request)
        let model = written.model
        print("\(model.input.requests) requests, \(model.input.malformedLines) malformed lines, \(model.sessions) sessions, " +
              "\(model.endpoints.count) endpoints, \(model.classes.count) classes")
        for path in [written.scenario, written.modelJSON, written.summary, written.chart] + written.feeders { print("wrote \(path)") }
        return ExitCodes.success
    }
}

import BenchCore
import Foundation
import Reports
import Runner

/// What the commands do with the history: record a run or a comparison as it ends, backfill from run folders, and
/// read a metric's trend with its change points.
public enum RunHistory {
    /// The history file when neither `--history` nor `--no-history` is given.
    public static let defaultPath = "results/history.sqlite"
    /// The environment variable that overrides the default: a path, or `off` to record nothing (the tests set it).
    public static let environmentVariable = "CRMBENCH_HISTORY"

    /// The history file to use: `--no-history` or `CRMBENCH_HISTORY=off` give nil; `--history` wins over the
    /// environment, which wins over the default.
    public static func path(option: String?, disabled: Bool,
                            environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if disabled { return nil }
        if let option { return option }
        if let value = environment[environmentVariable], !value.isEmpty { return value == "off" ? nil : value }
        return defaultPath
    }

    /// Records a finished run or sweep; the build it measured is the working directory's git commit.
    public static func record(_ result: RunResult, folder: String, path: String, label: String?) throws {
        let store = try HistoryStore(path: path)
        try store.record([HistoryRecord(result: result, folder: folder, revision: GitRevision.current(), label: label,
                                        recordedAt: FileOutput.iso8601(Date()))])
    }

    /// Records a comparison of run folders (and the runs themselves, when not yet recorded).
    public static func recordComparison(paths: [String], regressions: Int, path: String, label: String?) throws {
        let store = try HistoryStore(path: path)
        let now = FileOutput.iso8601(Date()), revision = GitRevision.current()
        let runs = paths.compactMap { try? ResultFile.load($0) }
        try store.record(runs.map { HistoryRecord(result: $0.result, folder: $0.folder, revision: nil, label: label, recordedAt: now) })
        try store.recordComparison(baseline: paths[0], candidates: Array(paths.dropFirst()), regressions: regressions,
                                   revision: revision, label: label, recordedAt: now)
    }

    /// Backfills the history from run folders (or folders of run folders, such as `results/`): each run found is
    /// recorded once, in one transaction. Returns how many were added and how many were already there.
    public static func importRuns(_ paths: [String], into store: HistoryStore, label: String?) throws -> (added: Int, known: Int) {
        var records: [HistoryRecord] = []
        let now = FileOutput.iso8601(Date())
        for path in paths {
            for folder in try runFolders(path) {
                let loaded = try ResultFile.load(folder)
                records.append(HistoryRecord(result: loaded.result, folder: loaded.folder, revision: nil, label: label, recordedAt: now))
            }
        }
        let added = try store.record(records)
        return (added, records.count - added)
    }

    /// A run folder or result.json as it is; otherwise the folder's subfolders that hold a result.json.
    static func runFolders(_ path: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw RunnerError("--import: cannot read \(path): no such file or folder", kind: .unreadableInput)
        }
        if !isFolder.boolValue || FileManager.default.fileExists(atPath: path + "/result.json") { return [path] }
        let children = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
            .map { path + "/" + $0 }.filter { FileManager.default.fileExists(atPath: $0 + "/result.json") }
        if children.isEmpty { throw RunnerError("--import: \(path) holds no result.json, nor run folders with one", kind: .unreadableInput) }
        return children
    }

    /// The trend of `metric` for each scenario (one, or every scenario recorded), with its change points.
    public static func trends(in store: HistoryStore, scenario: String?, metric: String, last: Int?,
                              detector: ChangePointDetector = ChangePointDetector()) throws -> [TrendReport] {
        guard let measure = HistoryRecord.metrics[metric] else {
            throw RunnerError("--metric: unknown metric '\(metric)' (use \(HistoryRecord.metrics.keys.sorted().joined(separator: ", ")))", kind: .usage)
        }
        let runs = try store.runs(scenario: scenario)
        let scenarios = scenario.map { [$0] } ?? Array(Set(runs.map(\.scenario))).sorted()
        return scenarios.compactMap { name in
            var mine = runs.filter { $0.scenario == name }
            if let last { mine = Array(mine.suffix(last)) }
            guard !mine.isEmpty else { return nil }
            let points = mine.map { run in
                TrendReport.Point(startTime: run.startTime, build: run.label ?? run.revision.map { String($0.prefix(12)) } ?? "",
                                  value: measure.value(run), flagged: !run.healthy || run.partial)
            }
            let changes = detector.changePoints(points.map(\.value).map { $0.isFinite ? $0 : 0 })
            return TrendReport(scenario: name, metric: metric, unit: measure.unit, points: points, changes: changes)
        }
    }

    /// Whether a change point in `trend` makes its metric worse (latency or errors up, throughput down).
    public static func worsens(_ change: ChangePointDetector.ChangePoint, metric: String) -> Bool {
        metric == "rps" ? change.meanAfter < change.meanBefore : change.meanAfter > change.meanBefore
    }
}

extension RunHistory {
    /// What `crmbench history` shows: the import line, each trend's text, where the chart went, and each change
    /// point that made its metric worse (for `--fail-on-change`).
    public struct Shown {
        public var text: String
        public var worse: [String]
    }

    /// Imports `imports` (when any), reads the trends of `metric` and writes their chart to `html` (default:
    /// history.html next to the database).
    public static func show(path: String, scenario: String?, metric: String, last: Int?, imports: [String],
                            label: String?, html: String?) throws -> Shown {
        let store = try HistoryStore(path: path)
        var text = ""
        if !imports.isEmpty {
            let (added, known) = try importRuns(imports, into: store, label: label)
            text += "imported \(added) run(s) into \(path)" + (known > 0 ? " (\(known) already recorded)" : "") + "\n"
        }
        let trends = try trends(in: store, scenario: scenario, metric: metric, last: last)
        if trends.isEmpty { return Shown(text: text + "no runs recorded in \(path)" + (scenario.map { " for scenario '\($0)'" } ?? "") + "\n", worse: []) }
        text += trends.map { $0.text() }.joined()
        let page = html ?? ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("history.html")
        try FileOutput.writeAtomically(TrendReport.page(trends), to: page)
        text += "chart:   \(page)\n"
        let worse = trends.flatMap { trend in
            trend.changes.filter { worsens($0, metric: metric) }
                .map { "\(trend.scenario): \(metric) changed at run #\($0.index + 1): \(trend.describe($0))" }
        }
        return Shown(text: text, worse: worse)
    }
}

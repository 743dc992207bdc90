import BenchCore
import Foundation
import LoadEngine
import Reports

/// `crmbench profile`: reads each collection page by page through the API (one kept-alive connection, one
/// request at a time: a profile is a read of the data, not a load), profiles it, judges the `profile.*`
/// thresholds and writes `profile.json` and `report.html` into the output folder.
public enum ProfileRun {
    /// Where and how to read.
    public struct Settings: Sendable {
        /// Base URL the collection paths are joined to.
        public var target: String
        /// Header lines sent with every request (`Authorization: Bearer …`).
        public var headers: [String] = []
        public var client = ClientOptions()
        public var timeoutMillis = 30_000
        /// `profile.*` thresholds to judge.
        public var thresholds: [Threshold] = []

        /// Settings for `target`.
        public init(target: String) { self.target = target }
    }

    /// Progress after each page: the collection, its records so far, and every collection's records so far.
    public typealias Progress = (_ collection: String, _ records: Int, _ pages: Int) -> Void

    /// Reads and profiles every collection of `spec`; `now` is the instant ages are measured from. Throws a
    /// ``RunnerError``: `.unavailable` when the target does not answer or answers an error status, `.usage` when an
    /// answer does not fit the options (not a list, a cursor path that never matches, an unknown declared field).
    public static func profile(spec: ProfileSpec, settings: Settings, now: Date = Date(),
                               progress: Progress = { _, _, _ in }) throws -> DataProfile {
        let fetcher = KeptAliveFetch(client: settings.client, timeoutMillis: settings.timeoutMillis)
        var profiler = DataProfiler(spec: spec)
        var pages: [String: Int] = [:]
        var truncated: Set<String> = []
        var problems: [String] = []
        let base = settings.target.hasSuffix("/") ? String(settings.target.dropLast()) : settings.target
        for collection in spec.collections {
            var reader = PageWalk(spec: spec, base: base, path: collection.path)
            while let url = reader.nextURL {
                let root = try fetch(url, collection: collection, fetcher: fetcher, settings: settings)
                let items: [Any]
                switch ProfilePage.items(root, itemsPath: spec.itemsPath) {
                case .success(let list): items = list
                case .failure(let problem):
                    throw RunnerError("profile \(collection.name): GET \(URLRedaction.redact(url)): \(problem.message)", kind: .usage)
                }
                let room = spec.maxRecords - profiler.records(in: collection.name)
                profiler.add(Array(items.prefix(room)), to: collection.name)
                pages[collection.name, default: 0] += 1
                progress(collection.name, profiler.records(in: collection.name), pages[collection.name] ?? 0)
                do {
                    try reader.advance(root: root, items: items)
                } catch {
                    let problem = error
                    throw RunnerError("profile \(collection.name): GET \(URLRedaction.redact(url)): \(problem.message)", kind: .usage)
                }
                if let note = reader.note { problems.append("\(collection.name): \(note)") }
                if items.count >= room, reader.nextURL != nil || items.count > room {
                    truncated.insert(collection.name)
                    break
                }
            }
        }
        do {
            var profile = try profiler.profile(target: URLRedaction.redact(settings.target), profiledAt: FileOutput.iso8601(now),
                                               nowSeconds: now.timeIntervalSince1970, pages: pages, truncated: truncated)
            profile.problems = problems + profile.problems
            if !settings.thresholds.isEmpty { profile.thresholds = judge(settings.thresholds, profile) }
            return profile
        } catch let error as ProfileSpecError {
            throw RunnerError(error.problems.joined(separator: "\n"), kind: .usage)
        }
    }

    /// The thresholds' verdicts on `profile` (a figure with no data fails, saying so).
    public static func judge(_ thresholds: [Threshold], _ profile: DataProfile) -> [ThresholdRecord] {
        var lookup = ThresholdLookup(overall: EndpointMetrics(name: "all"), endpoints: [], tally: nil, durationSeconds: 0)
        lookup.profile = profile
        return thresholds.map { threshold in
            let verdict = threshold.evaluate(lookup.value)
            let detail = verdict.reason ?? verdict.observed.map { "\(threshold.metric) was \(threshold.format($0))" } ?? ""
            return ThresholdRecord(expression: threshold.expression, passed: verdict.passed, observed: verdict.observed, detail: detail)
        }
    }

    /// Writes `profile.json` and `report.html` into `folder` (each atomically); returns their paths.
    public static func write(_ profile: DataProfile, to folder: String) throws -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let json = folder + "/profile.json", html = folder + "/report.html"
            try FileOutput.writeAtomically(try encoder.encode(profile), to: json)
            try FileOutput.writeAtomically(ProfileReport.html(profile), to: html)
            return [json, html]
        } catch {
            throw RunnerError("cannot write the profile into \(folder): \(FileOutput.reason(error))", kind: .cannotCreateOutput)
        }
    }

    private static func fetch(_ url: String, collection: ProfileSpec.Collection, fetcher: KeptAliveFetch,
                              settings: Settings) throws -> Any {
        let shown = URLRedaction.redact(url)
        switch fetcher.request(url, headers: settings.headers) {
        case .failure(let failure):
            throw RunnerError("profile \(collection.name): \(URLRedaction.redact(failure.message))", kind: .unavailable)
        case .success(let response) where !(200..<300).contains(response.status):
            let hint = response.status == 401 || response.status == 403 ? " (give the credentials with -H 'Authorization: …')" : ""
            throw RunnerError("profile \(collection.name): GET \(shown) answered \(response.status)\(hint)", kind: .unavailable)
        case .success(let response):
            switch ProfilePage.document(response.body) {
            case .success(let root): return root
            case .failure(let problem): throw RunnerError("profile \(collection.name): GET \(shown): \(problem.message)", kind: .usage)
            }
        }
    }
}

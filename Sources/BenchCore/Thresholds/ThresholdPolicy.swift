/// The thresholds a run is judged by: the scenario's, the command line's (`--threshold`), and the defaults for
/// every metric neither of them states, so that a run whose requests or flows fail does not pass silently.
///
/// The defaults are those a release gate needs whatever the scenario: fewer than 1 % of requests failed
/// (`http.errors.rate < 1%`) and, for a scenario, fewer than 1 % of iterations failed
/// (`iterations.failed.rate < 1%`). A threshold of the run's own on the same metric replaces the default (for
/// iterations, `iterations.rate` and `iterations.failed.rate` are the same metric); `--no-default-thresholds`
/// switches them off.
public struct ThresholdPolicy: Sendable {
    /// One threshold to judge, and whether it is a default (shown as "(default)").
    public struct Entry: Sendable, Equatable {
        public var threshold: Threshold
        public var isDefault: Bool
    }

    /// The default thresholds' expressions, for help texts and the README.
    public static let defaultExpressions = ["http.errors.rate < 1%", "iterations.failed.rate < 1%"]

    /// What is judged, in order: the scenario's, the command line's, then the defaults.
    public let entries: [Entry]

    /// - Parameters:
    ///   - hasIterations: the run has flows (a scenario); a `--url` run's iteration is its one request, which
    ///     `http.errors.rate` already judges.
    public init(scenario: [Threshold], commandLine: [Threshold], defaults: Bool, hasIterations: Bool) {
        var entries = (scenario + commandLine).map { Entry(threshold: $0, isDefault: false) }
        if defaults {
            let stated = Set(entries.map { Self.family($0.threshold.metric) })
            for expression in Self.defaultExpressions {
                // The expressions are constants of this file; one that did not parse would be a bug caught by the tests.
                guard let threshold = try? Threshold.parse(expression) else { continue }
                if threshold.metric == .iterationFailureRate && !hasIterations { continue }
                if stated.contains(Self.family(threshold.metric)) { continue }
                entries.append(Entry(threshold: threshold, isDefault: true))
            }
        }
        self.entries = entries
    }

    /// Judges every entry against the run's figures.
    public func judge(_ lookup: (ThresholdMetric) -> Double?) -> [ThresholdRecord] {
        entries.map { entry in
            let verdict = entry.threshold.evaluate(lookup)
            let detail = verdict.reason ?? verdict.observed.map { "observed \(entry.threshold.format($0))" } ?? ""
            return ThresholdRecord(expression: entry.threshold.expression, passed: verdict.passed, observed: verdict.observed,
                                   detail: detail, isDefault: entry.isDefault ? true : nil)
        }
    }

    /// Metrics that state the same thing: a threshold on one replaces the default on the other.
    static func family(_ metric: ThresholdMetric) -> String {
        metric == .iterationSuccessRate ? ThresholdMetric.iterationFailureRate.description : metric.description
    }
}

/// One metric of one subject (overall, an endpoint, a flow or a group) compared between two runs.
public struct MetricComparison: Codable, Sendable, Equatable {
    public var metric: ComparedMetric
    /// The baseline's value: requests per second, an error rate as a fraction, or microseconds.
    public var baseline: Double
    /// The candidate's value, in the same unit.
    public var candidate: Double
    /// The change and its confidence interval: relative (fraction) for throughput and latency, absolute
    /// difference of the fractions for the error rate.
    public var estimate: ChangeEstimate
    public var verdict: Verdict
    /// How the interval was obtained, for readers who want to check.
    public var method: String
    /// The two-sided p-value of "no change", read from the interval (nil without data).
    public var pValue: Double?
    /// `pValue` adjusted over every row of the comparison (Benjamini–Hochberg); a row can be "improved" or
    /// "regressed" only when it is at most the settings' false discovery rate.
    public var adjustedPValue: Double?

    public init(metric: ComparedMetric, baseline: Double, candidate: Double, estimate: ChangeEstimate,
                verdict: Verdict, method: String) {
        self.metric = metric
        self.baseline = baseline
        self.candidate = candidate
        self.estimate = estimate
        self.verdict = verdict
        self.method = method
    }
}

/// The compared metrics of one subject.
public struct SubjectComparison: Codable, Sendable, Equatable {
    /// What is compared.
    public enum Kind: String, Codable, Sendable { case overall, endpoint, flow, group }
    public var kind: Kind
    public var name: String
    public var metrics: [MetricComparison]

    public init(kind: Kind, name: String, metrics: [MetricComparison]) {
        self.kind = kind
        self.name = name
        self.metrics = metrics
    }

    /// The comparison of one metric, when present.
    public func metric(_ metric: ComparedMetric) -> MetricComparison? {
        metrics.first { $0.metric == metric }
    }
}

/// A candidate run compared with the baseline.
public struct RunComparison: Codable, Sendable {
    public var baselineName: String
    public var candidateName: String
    /// Where each came from (run folder or file), as given on the command line.
    public var baselineSource: String
    public var candidateSource: String
    public var comparability: Comparability
    public var subjects: [SubjectComparison]
    /// The settings the verdicts were reached with.
    public var settings: ComparisonSettings

    public init(baselineName: String, candidateName: String, baselineSource: String, candidateSource: String,
                comparability: Comparability, subjects: [SubjectComparison], settings: ComparisonSettings) {
        self.baselineName = baselineName
        self.candidateName = candidateName
        self.baselineSource = baselineSource
        self.candidateSource = candidateSource
        self.comparability = comparability
        self.subjects = subjects
        self.settings = settings
    }

    /// Every compared metric with its subject.
    public var allMetrics: [(subject: SubjectComparison, metric: MetricComparison)] {
        subjects.flatMap { s in s.metrics.map { (s, $0) } }
    }
}

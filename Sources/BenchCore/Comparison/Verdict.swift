/// The outcome of comparing one metric.
public enum Verdict: String, Codable, Sendable {
    case improved
    case regressed
    case noSignificantChange = "no significant change"
    /// Too little data on one side to say anything (e.g. no request).
    case insufficientData = "insufficient data"
}

/// What one live output of a run (`--out prometheus-rw=URL`, `--out json=FILE`) delivered: a destination that is
/// slow or unreachable never holds the run back, so what it missed is counted here instead.
public struct LiveOutputReport: Codable, Sendable, Equatable {
    /// `prometheus-rw` or `json`.
    public var kind: String
    /// The URL (credentials redacted) or file.
    public var destination: String
    /// Per-second samples delivered.
    public var samplesSent: Int
    /// Samples dropped: the bounded queue was full, or a send failed.
    public var samplesDropped: Int
    /// The last failure, when there was one.
    public var lastError: String?

    /// A report.
    public init(kind: String, destination: String, samplesSent: Int, samplesDropped: Int, lastError: String? = nil) {
        (self.kind, self.destination, self.samplesSent, self.samplesDropped, self.lastError) = (kind, destination, samplesSent, samplesDropped, lastError)
    }
}

/// Failure causes counted per (step, kind, status, detail), with a few samples each; bounded in memory and
/// mergeable across workers like `EndpointMetrics`.
///
/// At most `maxCauses` distinct causes are told apart; failures of any further cause are only counted
/// (`otherCount`). A sample is built only while its cause has fewer than `maxSamples`, so a flood of one failure
/// costs a dictionary look-up per failed request.
public struct FailureTally: Sendable {
    public static let maxCauses = 50
    public static let maxSamples = 5
    /// The part of a body a sample keeps.
    public static let maxBodyBytes = 2_048

    struct Key: Hashable {
        var step: String
        var kind: FailureKind
        var status: Int
        var detail: String
    }

    /// The causes in the order first seen (`record` sorts them).
    public private(set) var causes: [FailureCause] = []
    public private(set) var otherCount: UInt64 = 0
    private var index: [Key: Int] = [:]

    public init() {}

    public var isEmpty: Bool { causes.isEmpty && otherCount == 0 }

    /// Counts a failed request that ended `atNanos` after the run started; `headers` is called only when a sample
    /// is kept and the event carries none.
    public mutating func add(_ event: FailureEvent, atNanos: UInt64, headers: () -> [(String, String)] = { [] }) {
        let key = Key(step: event.step, kind: event.kind, status: event.status, detail: event.detail)
        guard let position = position(of: key, reason: event.reason) else { return }
        causes[position].count &+= 1
        guard causes[position].samples.count < Self.maxSamples else { return }
        causes[position].samples.append(Self.sample(event, atNanos: atNanos,
                                                    headers: event.headers.isEmpty ? headers() : event.headers))
    }

    /// Merges another worker's tally.
    public mutating func add(_ other: FailureTally) {
        for cause in other.causes { add(cause) }
        otherCount &+= other.otherCount
    }

    /// Merges recorded causes (another generator's result).
    public mutating func add(_ other: FailureCauses) {
        for cause in other.causes { add(cause) }
        otherCount &+= other.otherCount
    }

    private mutating func add(_ cause: FailureCause) {
        let key = Key(step: cause.step, kind: cause.kind, status: cause.status, detail: cause.detail)
        guard let position = position(of: key, reason: cause.reason, overflow: cause.count) else { return }
        causes[position].count &+= cause.count
        causes[position].samples += cause.samples.prefix(Self.maxSamples - causes[position].samples.count)
    }

    /// The index of the key's cause, made when there is room; nil (and `overflow` counted) when there is not.
    private mutating func position(of key: Key, reason: String, overflow: UInt64 = 1) -> Int? {
        if let found = index[key] { return found }
        guard causes.count < Self.maxCauses else {
            otherCount &+= overflow
            return nil
        }
        index[key] = causes.count
        causes.append(FailureCause(step: key.step, kind: key.kind, status: key.status, detail: key.detail,
                                   reason: reason, count: 0))
        return causes.count - 1
    }

    /// The causes, most frequent first (ties: step, then detail), not yet redacted; nil when nothing failed.
    public var record: FailureCauses? {
        guard !isEmpty else { return nil }
        let sorted = causes.sorted {
            ($0.count, $1.step, $1.detail) > ($1.count, $0.step, $0.detail)
        }
        return FailureCauses(causes: sorted, otherCount: otherCount)
    }

    /// A sample of the event: the body cut to `maxBodyBytes`, the headers as lines.
    static func sample(_ event: FailureEvent, atNanos: UInt64, headers: [(String, String)]) -> FailureSample {
        let kept = event.body.prefix(maxBodyBytes)
        return FailureSample(
            secondsSinceStart: Double(atNanos / 1_000_000) / 1_000, method: event.method, url: event.url,
            status: event.status, headers: headers.map { "\($0.0): \($0.1)" },
            body: String(decoding: kept, as: UTF8.self), bodyTruncated: event.body.count > maxBodyBytes,
            reason: "step '\(event.step)': \(event.reason)", expected: event.expected, actual: event.actual,
            extraction: event.extraction)
    }
}

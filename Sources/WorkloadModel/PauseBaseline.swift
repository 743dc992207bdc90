/// The gap a log shows between two requests that a client sends back to back, with no one thinking: the client's
/// own time (reading the answer, checking it, building the next request) plus the network and the server's time
/// before it starts the clock of the next request. An access log measures a pause from the previous response's end
/// as the server saw it to the next request's arrival, so every pause it shows is think time *plus* this gap, and a
/// replay adds its own gap again: fitted as it is, the think time would be counted twice.
///
/// The baseline is estimated from the log itself: the transition whose pauses have the smallest median (with at
/// least ``minimumPauses`` of them) is taken as back-to-back when that median is under ``maxMedianMillis`` (a
/// person's pause — reading, deciding, typing — is hundreds of milliseconds or more; a client's own gap on a loaded
/// machine is tens); every transition whose pauses a two-sample Kolmogorov–Smirnov test cannot tell apart from it
/// (p ≥ ``alpha``) is pooled with it. Think times are then fitted as the pauses *less* this gap (see
/// ``ThinkTimeFit/fit(_:overhead:seed:)``).
public struct PauseBaseline: Codable, Sendable, Equatable {
    /// The transitions taken as back-to-back, `FROM → TO`.
    public var transitions: [String]
    /// Pauses pooled from them, milliseconds.
    public var samples: Int
    public var medianMillis: Double
    public var meanMillis: Double
    /// A sample of the pooled pauses (at most ``keptSamples``), the overhead the fits deconvolve.
    public var sampleMillis: [Double]

    /// Fewer pauses than this on a transition tell too little about it.
    public static let minimumPauses = 20
    /// A back-to-back gap longer than this is not believed: the fastest transition is then taken to hold think time.
    public static let maxMedianMillis = 50.0
    /// Significance level of the test that pools a transition with the fastest one.
    public static let alpha = 0.01
    static let keptSamples = 2_000

    /// The baseline of transitions given as (name, pauses in ms); nil when none qualifies.
    public static func estimate(_ transitions: [(name: String, pausesMillis: [Double])]) -> PauseBaseline? {
        func median(_ x: [Double]) -> Double { let s = x.sorted(); return s[s.count / 2] }
        let eligible = transitions.filter { $0.pausesMillis.count >= minimumPauses }
            .map { (name: $0.name, pauses: $0.pausesMillis, median: median($0.pausesMillis)) }
            .sorted { ($0.median, $0.name) < ($1.median, $1.name) }
        guard let fastest = eligible.first, fastest.median <= maxMedianMillis else { return nil }
        let members = eligible.filter { candidate in
            let d = KolmogorovSmirnov.statistic(candidate.pauses, fastest.pauses)
            return KolmogorovSmirnov.pValue(statistic: d, n: candidate.pauses.count, m: fastest.pauses.count) >= alpha
        }
        let pooled = members.flatMap(\.pauses)
        let stride = max(1, (pooled.count + keptSamples - 1) / keptSamples)
        let kept = pooled.sorted().enumerated().filter { $0.offset % stride == 0 }.map(\.element)
        return PauseBaseline(transitions: members.map(\.name).sorted(), samples: pooled.count, medianMillis: median(pooled),
                             meanMillis: pooled.reduce(0, +) / Double(pooled.count), sampleMillis: kept)
    }
}

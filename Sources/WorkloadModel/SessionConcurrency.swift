/// How many sessions a log had in flight at once (first request's arrival to last response's end).
///
/// The generated open-model scenario holds its iterations in flight to this peak (`maxInFlight`). A log shows the
/// concurrency its users kept: a population of N people (or N load-generator users) never has more than N
/// sessions open, so when the server is slow for a moment they start fewer sessions, not more. An open replay
/// without a bound keeps sending arrivals through such a moment and piles them up — on a shared 2-core machine,
/// 22 sessions in flight in a replay of a 4-user log — and every piled-up session waits for the CPU the others
/// hold, so the replay's session durations and pauses measure queueing the logged system never had. With the
/// bound, an arrival that finds every slot busy waits before its first request (counted late by the engine), as
/// the logged users did.
public enum SessionConcurrency {
    /// One session's span, epoch milliseconds.
    public struct Span: Sendable, Equatable {
        public var startMillis: Int64
        public var endMillis: Int64
        public init(startMillis: Int64, endMillis: Int64) { (self.startMillis, self.endMillis) = (startMillis, endMillis) }
    }

    /// Access-log times have millisecond resolution and the arrival is truncated, so a session that starts right
    /// after another ended can read as overlapping it by less than this; such overlaps are not counted.
    public static let resolutionMillis: Int64 = 1

    /// The most spans that overlap at any instant (0 for none). A span's end is taken ``resolutionMillis``
    /// early, and at equal times ends come before starts, so back-to-back sessions of one user count once; any
    /// session counts itself, however short.
    public static func peak(_ spans: [Span]) -> Int {
        var events: [(time: Int64, delta: Int)] = []
        events.reserveCapacity(spans.count * 2)
        for span in spans {
            events.append((span.startMillis, 1))
            events.append((max(span.startMillis, span.endMillis - resolutionMillis), -1))
        }
        events.sort { ($0.time, $0.delta) < ($1.time, $1.delta) }
        var current = 0, most = spans.isEmpty ? 0 : 1
        for event in events {
            current += event.delta
            most = max(most, current)
        }
        return most
    }

    /// The peak of all `sessions` estimated from a uniform sample of their spans: the sample's peak scaled by
    /// sessions ÷ sampled (exact when every session is in the sample), at least 1 when there are sessions.
    public static func estimatedPeak(sample: [Span], sessions: Int) -> Int {
        guard sessions > 0, !sample.isEmpty else { return 0 }
        let sampled = peak(sample)
        guard sample.count < sessions else { return sampled }
        return max(1, Int((Double(sampled) * Double(sessions) / Double(sample.count)).rounded(.up)))
    }
}

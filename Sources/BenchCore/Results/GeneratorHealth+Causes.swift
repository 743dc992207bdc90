extension GeneratorHealth {
    /// What the cause of send lag is judged from, besides the generator's CPU: the load asked for, the in-flight
    /// limit, the target's latency and the lag split at the end of the first second. A pure value, so the rules are
    /// tested with a table.
    public struct LoadFacts: Sendable, Equatable {
        public var openModel = false
        /// Open model: the mean arrival rate asked for; nil or 0: unknown (the spacing is then taken as 1 ms).
        public var ratePerSecond: Double?
        /// Open model: the in-flight limit (`-c`, `maxInFlight`).
        public var maxInFlight: Int?
        /// Arrivals sent (requests) plus those dropped.
        public var arrivals: UInt64 = 0
        public var blockedArrivals: UInt64 = 0
        public var droppedArrivals: UInt64 = 0
        /// The target's service time (from the send, not from the schedule).
        public var serviceMeanMicros: Double = 0
        public var serviceP99Micros: UInt64 = 0
        /// Send lag after the first second; nil: the whole run's.
        public var steadyLag: PercentileSummary?
        /// Send lag of the arrivals due in the first second.
        public var warmupLag: PercentileSummary?
        public var preopenedConnections: Int?
        public var connectsFirstSecond: UInt64?
        /// The busiest worker thread's CPU time / wall time.
        public var busiestThread: Double = 0

        public init(openModel: Bool = false, ratePerSecond: Double? = nil, maxInFlight: Int? = nil, arrivals: UInt64 = 0,
                    blockedArrivals: UInt64 = 0, droppedArrivals: UInt64 = 0, serviceMeanMicros: Double = 0,
                    serviceP99Micros: UInt64 = 0, steadyLag: PercentileSummary? = nil, warmupLag: PercentileSummary? = nil,
                    preopenedConnections: Int? = nil, connectsFirstSecond: UInt64? = nil, busiestThread: Double = 0) {
            (self.openModel, self.ratePerSecond, self.maxInFlight, self.arrivals) = (openModel, ratePerSecond, maxInFlight, arrivals)
            (self.blockedArrivals, self.droppedArrivals) = (blockedArrivals, droppedArrivals)
            (self.serviceMeanMicros, self.serviceP99Micros) = (serviceMeanMicros, serviceP99Micros)
            (self.steadyLag, self.warmupLag) = (steadyLag, warmupLag)
            (self.preopenedConnections, self.connectsFirstSecond, self.busiestThread) = (preopenedConnections, connectsFirstSecond, busiestThread)
        }
    }

    /// The outcome of `classify`.
    public struct Verdict: Sendable, Equatable {
        public var causes: [Cause] = []
        public var warnings: [String] = []
        public var notes: [String] = []
        public var suggestedMaxInFlight: Int?
        public var targetSlow: Bool?
    }

    /// Share of the arrivals that must find every slot busy before the in-flight limit is named: from 1 % on, the
    /// waits reach the lag's p99, the figure health is judged on.
    public static let blockedShare = 0.01

    /// The send lag an open model tolerates: the mean gap between arrivals (1/rate), at least 1 ms.
    ///
    /// A send that leaves before the next arrival is due keeps the arrivals in order and the offered rate intact,
    /// and latency is measured from the schedule, so its lag is in the figures rather than hidden. Below 1 ms a
    /// general-purpose OS's timer and scheduler jitter is the noise floor, and at high rates a gap of a few
    /// microseconds would flag every run on a healthy generator.
    public static func lagAllowanceMicros(ratePerSecond: Double?) -> Double {
        guard let rate = ratePerSecond, rate > 0, rate.isFinite else { return 1_000 }
        return max(1e6 / rate, 1_000)
    }

    /// Names the causes. In order:
    /// 1. a worker thread over 90 % busy: the generator's CPU was the limit (a warning; not the target's figures);
    /// 2. open model, at least 1 % of arrivals blocked or any dropped: the in-flight limit; the target is slow when
    ///    mean latency × rate reaches the limit (Little's law); a note with a limit that would do (rate × p99 × 1.5);
    /// 3. otherwise, lag after the first second with p50 above the allowance (most sends late, not a spike) and the
    ///    CPU not saturated: behind schedule (a warning); p99 alone above it: scheduling lag (a note);
    /// 4. the first second's lag above the allowance while the rest was within it: warm-up (a note).
    public static func classify(_ f: LoadFacts) -> Verdict {
        var v = Verdict()
        let busiest = Int((f.busiestThread * 100).rounded())
        if f.busiestThread > saturationBusyFraction {
            v.causes.append(.cpuSaturated)
            v.warnings.append("generator saturated: a worker thread was \(busiest)% busy (limit 90%); "
                              + "the figures describe the generator, not the target")
        }
        guard f.openModel else { return v }
        let allowance = lagAllowanceMicros(ratePerSecond: f.ratePerSecond)
        let steady = f.steadyLag
        let limited = f.droppedArrivals > 0
            || (f.arrivals > 0 && Double(f.blockedArrivals) >= blockedShare * Double(f.arrivals))
        if limited { inFlightNote(f, into: &v) }
        if !limited, let steady, steady.count > 0, Double(steady.p99) > allowance {
            let gap = "against \(lagText(allowance)) allowed (the mean gap between arrivals, at least 1 ms)"
            if Double(steady.p50) > allowance, !v.causes.contains(.cpuSaturated) {
                v.causes.append(.behindSchedule)
                v.warnings.append("generator behind schedule with its CPU to spare (busiest thread \(busiest)%): "
                                  + "send lag p50 \(lagText(Double(steady.p50))), p99 \(lagText(Double(steady.p99))) \(gap); "
                                  + "the generator's machine (OS scheduling, other processes) delayed most sends")
            } else if !v.causes.contains(.cpuSaturated) {
                v.causes.append(.schedulingLag)
                v.notes.append("scheduling lag: send lag p99 \(lagText(Double(steady.p99))) \(gap) with the CPU idle "
                               + "(busiest thread \(busiest)%): OS scheduling or a noisy machine; p50 "
                               + "\(lagText(Double(steady.p50))), the rate was kept")
            }
        }
        if let warm = f.warmupLag, warm.count > 0, Double(warm.p99) > allowance, !limited,
           !v.causes.contains(.behindSchedule) {
            v.causes.append(.warmup)
            let opened = f.connectsFirstSecond.map { " while \($0) connection(s) opened" } ?? ""
            let pre = f.preopenedConnections.map { " (\($0) opened before the schedule)" } ?? ""
            v.notes.append("warm-up: send lag p99 \(lagText(Double(warm.p99))) in the first second\(opened)\(pre); "
                           + "not counted in the health figures")
        }
        return v
    }

    /// The in-flight limit's note: how many arrivals waited, whether the target is slow, what limit would do.
    private static func inFlightNote(_ f: LoadFacts, into v: inout Verdict) {
        v.causes.append(.inFlightLimit)
        let rate = f.ratePerSecond ?? 0
        let limit = f.maxInFlight ?? 0
        let needed = rate * f.serviceMeanMicros / 1e6
        let slow = limit > 0 && needed >= Double(limit)
        // Enough for the p99 latency at this rate, with half again for bursts; never the limit itself.
        let forP99 = (rate * Double(f.serviceP99Micros) / 1e6 * 1.5).rounded(.up)
        let suggested = Int(min(max(forP99, Double(limit) * 2, 1), 100_000))
        v.targetSlow = slow
        v.suggestedMaxInFlight = suggested
        var text = "in-flight limit: \(f.blockedArrivals) of \(f.arrivals) arrivals found all \(limit) slots busy"
            + (f.droppedArrivals > 0 ? ", \(f.droppedArrivals) dropped" : "") + "; "
        let need = "rate × mean latency = \(oneDecimal(needed)) in flight"
        text += slow
            ? "the target is slow for this rate: \(need) reaches the limit (Little's law)"
            : "arrivals bunched up beyond the limit (\(need) on average)"
        text += "; not a generator fault — raise -c / maxInFlight to about \(suggested) to send the full rate"
        v.notes.append(text)
    }

    private static func lagText(_ micros: Double) -> String {
        DurationText.format(micros: UInt64(max(0, micros.rounded())))
    }

    /// One decimal, no trailing ".0".
    private static func oneDecimal(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }
}

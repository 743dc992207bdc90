extension MVAReport {
    /// A plain-words reading of the largest population for someone who does not work with queueing theory: the
    /// throughput, the response time, the bottleneck and its ceiling, where adding users stops helping, and what to
    /// change. The ceiling X ≤ c/D and the knee N* = X_max·(ΣD + Z) are the asymptotic bounds of Lazowska et al.,
    /// *Quantitative System Performance* (1984), §5.3 (for c-server stations, c/D replaces 1/D).
    public var explanation: String {
        guard let last = populations.last, !last.stations.isEmpty else { return "" }
        let queues = last.stations.filter { $0.servers != nil }
        let ceilings = queues.map { (row: $0, ceiling: Double($0.servers ?? 1) / $0.demand) }.sorted { $0.ceiling < $1.ceiling }
        let think = thinkTime > 0 ? ", each pausing \(Format.seconds(thinkTime)) between requests" : ", with no pause between requests"
        var lines = [
            "What this means (N = \(last.population) users\(think))",
            "- Throughput \(Format.rate(last.throughput)): requests the system completes per second.",
            "- Response time \(Format.seconds(last.responseTime)): time a request spends inside the system, waiting or "
                + "being served (think time not counted).",
        ]
        guard let bottleneck = ceilings.first else {
            lines.append("- Every station is a delay (no queue): requests never wait, and throughput grows with users.")
            return lines.joined(separator: "\n")
        }
        let b = bottleneck.row
        let totalDemand = last.stations.map(\.demand).reduce(0, +)
        let knee = bottleneck.ceiling * (totalDemand + thinkTime)
        lines += [
            "- Bottleneck '\(b.name)': it has the least capacity (\(Format.seconds(b.demand)) of work per request on "
                + "\(b.servers ?? 1) server\(b.servers == 1 ? "" : "s")), so it is the busiest: utilisation "
                + "\(Format.percent(b.utilization)). However many users come, throughput cannot pass "
                + "\(Format.rate(bottleneck.ceiling)) (servers ÷ work per request).",
            "- Queue length \(Format.short(b.queueLength)) at '\(b.name)': requests there on average, waiting or being "
                + "served; they spend \(Format.seconds(b.residenceTime)) there, "
                + "\(Format.percent(last.responseTime > 0 ? b.residenceTime / last.responseTime : 0)) of the response time.",
            "- Knee at about \(Format.short(knee)) users: below it more users bring more throughput; beyond it each added "
                + "user only lengthens the response time.",
            "What to change",
            "- To serve more, lower the work per request at '\(b.name)' (faster code or hardware, caching, fewer visits) or give "
                + "it more servers; speeding up any other station does not raise the ceiling.",
        ]
        if ceilings.count > 1 {
            let next = ceilings[1]
            lines.append("- The next limit is '\(next.row.name)' at \(Format.rate(next.ceiling)): relieving '\(b.name)' "
                         + "helps up to there.")
        }
        if b.utilization < 0.7 {
            lines.append("- '\(b.name)' is below 70% busy: more users will still raise throughput.")
        }
        return lines.joined(separator: "\n")
    }
}

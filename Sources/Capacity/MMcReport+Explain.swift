extension MMcReport {
    /// A plain-words reading of the figures for someone who does not work with queueing theory: what each means
    /// here, and what to change.
    public var explanation: String {
        let c = servers
        let ceiling = Double(c) / serviceTime
        var lines = [
            "What this means",
            "- Requests arrive at random (Poisson) at \(Format.rate(arrivalRate)); each needs \(Format.seconds(serviceTime)) "
                + "of one server's time, and there \(c == 1 ? "is 1 server" : "are \(c) servers").",
            "- Utilisation \(Format.percent(utilization)): the share of time each server is busy. Above about 80% waits "
                + "grow steeply, because bursts of arrivals find every server taken.",
            "- P(wait) \(Format.percent(probabilityWait)): the share of requests that find every server busy and queue.",
            "- Response time \(Format.seconds(meanResponseTime)) on average = \(Format.seconds(serviceTime)) of service "
                + "+ \(Format.seconds(meanWait)) waiting in line; \(Format.short(meanQueueLength)) requests wait on average.",
            "- These servers can take at most \(Format.rate(ceiling)) (servers ÷ service time); nearer that rate, the "
                + "queue and the wait grow without bound.",
            "What to change",
        ]
        // The smallest server count that keeps each server at most 70% busy: a common comfortable margin.
        let comfortable = Int((offeredLoad / 0.7).rounded(.up))
        if utilization > 0.8 {
            lines.append("- The servers are nearly saturated: add servers or make each request cheaper. \(comfortable) servers "
                         + "would keep each at most 70% busy.")
        } else {
            lines.append("- There is headroom: the rate can grow \(Format.short(0.8 / utilization))× before utilisation "
                         + "passes 80%.")
        }
        if let more = try? MMcQueue(arrivalRatePerSecond: arrivalRate, serviceTimeSeconds: serviceTime, servers: c + 1) {
            lines.append("- With \(c + 1) servers the mean response time would be \(Format.seconds(more.meanResponseSeconds)) "
                         + "(wait \(Format.seconds(more.meanWaitSeconds))); a shorter service time cuts both the service "
                         + "and the wait.")
        }
        return lines.joined(separator: "\n")
    }
}

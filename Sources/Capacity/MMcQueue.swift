/// An M/M/c queue (Poisson arrivals, exponential service, c identical servers, FCFS, unbounded queue).
///
/// Erlang B by the recursion B(0) = 1, B(k) = A·B(k−1)/(k + A·B(k−1)) and Erlang C from it,
/// C = c·B/(c − A(1 − B)), so no factorial or power of A is ever formed (Kleinrock, *Queueing Systems*
/// vol. 1, Wiley 1975, §3.5–3.6, eqs. 3.40–3.42; Cooper, *Introduction to Queueing Theory*, 2nd ed. 1981,
/// §3.4 for the recursion). A = λ·S is the offered load in Erlangs.
public struct MMcQueue: Equatable, Sendable, Codable {
    /// Poisson arrival rate λ.
    public let arrivalRatePerSecond: Double
    /// Mean exponential service time S = 1/μ.
    public let serviceTimeSeconds: Double
    /// Identical servers c.
    public let servers: Int

    /// Throws on non-positive inputs and on an unstable queue (ρ = λS/c ≥ 1).
    public init(arrivalRatePerSecond: Double, serviceTimeSeconds: Double, servers: Int, name: String = "queue") throws {
        try CapacityError.requirePositive(arrivalRatePerSecond, "arrival rate")
        try CapacityError.requirePositive(serviceTimeSeconds, "service time")
        guard servers >= 1 else { throw CapacityError.nonPositive(name: "servers", value: Double(servers), allowsZero: false) }
        let rho = arrivalRatePerSecond * serviceTimeSeconds / Double(servers)
        guard rho < 1 else { throw CapacityError.unstableQueue(station: name, utilization: rho) }
        self.arrivalRatePerSecond = arrivalRatePerSecond
        self.serviceTimeSeconds = serviceTimeSeconds
        self.servers = servers
    }

    /// Offered load A = λ·S in Erlangs.
    public var offeredLoad: Double { arrivalRatePerSecond * serviceTimeSeconds }

    /// Per-server utilization ρ = A/c.
    public var utilization: Double { offeredLoad / Double(servers) }

    /// Erlang B blocking probability B(c, A) of the loss system with the same load.
    public var erlangB: Double { Self.erlangB(servers: servers, offeredLoad: offeredLoad) }

    /// Erlang C: probability an arrival waits, C(c, A) = c·B/(c − A(1 − B)).
    public var probabilityWait: Double {
        let b = erlangB, c = Double(servers)
        return c * b / (c - offeredLoad * (1 - b))
    }

    /// Mean wait in queue Wq = C·S/(c − A) (Kleinrock eq. 3.43).
    public var meanWaitSeconds: Double { probabilityWait * serviceTimeSeconds / (Double(servers) - offeredLoad) }

    /// Mean response time W = Wq + S.
    public var meanResponseSeconds: Double { meanWaitSeconds + serviceTimeSeconds }

    /// Mean number waiting (not in service) Lq = λ·Wq, by Little's law.
    public var meanQueueLength: Double { arrivalRatePerSecond * meanWaitSeconds }

    /// Mean number in the system L = λ·W.
    public var meanNumberInSystem: Double { arrivalRatePerSecond * meanResponseSeconds }

    /// P(Wq ≤ t) = 1 − C·e^{−(c−A)t/S} (Kleinrock eq. 3.44; the call-centre "service level").
    public func probabilityWaitAtMost(seconds t: Double) -> Double {
        guard t > 0 else { return 1 - probabilityWait }
        return 1 - probabilityWait * Elementary.exp(-(Double(servers) - offeredLoad) * t / serviceTimeSeconds)
    }

    /// Approximate p-quantile of response time, treating it as exponential with the mean response time:
    /// R_p ≈ W·ln(1/(1−p)). Exact for M/M/1 (response time is exponential with rate μ−λ, Kleinrock eq. 3.28);
    /// for c > 1 an approximation that overstates the tail when waits are rare.
    public func responseTimeQuantileSeconds(_ p: Double) -> Double {
        meanResponseSeconds * Elementary.log(1 / (1 - min(max(p, 0), 0.999999)))
    }

    /// Erlang B by the stable recursion; valid for any A ≥ 0 (B = 1 when c = 0).
    public static func erlangB(servers: Int, offeredLoad a: Double) -> Double {
        var b = 1.0
        if servers > 0 { for k in 1...servers { b = a * b / (Double(k) + a * b) } }
        return b
    }
}

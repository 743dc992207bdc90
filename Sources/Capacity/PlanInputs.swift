/// What a capacity plan is made from: the model built from a sweep, the USL fit of its levels, the levels as points,
/// and the notes a reader must see (fallbacks, warnings).
public struct PlanInputs: Sendable {
    public var model: CapacityModel
    public var fit: USLFit?
    public var points: [SweepPoint]
    public var notes: [String]
    /// Standard error of each station's demand, in seconds, by station name (the spread of the per-level demands).
    public var demandStandardErrors: [String: Double] = [:]
    /// Whether the server's cores were known (capacity file or the target's /metrics); when not, the CPU station's
    /// servers are a lower bound and an answer that hangs on them is not evidence.
    public var coresKnown = true
    /// The sweep's own levels (VUs or req/s) of `points`, in the same order, and what they count.
    public var levels: [Double] = []
    public var levelUnit = "VUs"
    /// How the sweep offered load, for the latency predictions' stated assumption.
    public var arrivalProcess = "closed-loop virtual users"

    /// Creates the inputs of a plan.
    public init(model: CapacityModel, fit: USLFit?, points: [SweepPoint], notes: [String]) {
        self.model = model
        self.fit = fit
        self.points = points
        self.notes = notes
        levels = points.map { $0.concurrency ?? $0.offeredRatePerSecond ?? 0 }
    }
}

/// What a capacity plan is made from: the model built from a sweep, the USL fit of its levels, the levels as points,
/// and the notes a reader must see (fallbacks, warnings).
public struct PlanInputs: Sendable {
    public var model: CapacityModel
    public var fit: USLFit?
    public var points: [SweepPoint]
    public var notes: [String]

    /// Creates the inputs of a plan.
    public init(model: CapacityModel, fit: USLFit?, points: [SweepPoint], notes: [String]) {
        self.model = model
        self.fit = fit
        self.points = points
        self.notes = notes
    }
}

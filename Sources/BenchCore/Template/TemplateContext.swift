/// Everything a template may read while rendering, injected by the engine so rendering stays pure.
public struct TemplateContext {
    /// Values captured by setup and extracted earlier in the flow; they shadow scenario variables.
    public var variables: [String: String]
    /// The scenario's `variables:` section, compiled.
    public var definitions: [String: Template]
    /// The current feeder rows, by feeder name then column.
    public var rows: [String: [String: String]]
    /// The iteration's sequence number (`${seq}`).
    public var seq: Int
    /// The seeded random source for `${random.*}` and think times.
    public var random: SplitMix64
    /// Environment lookup for `${env.NAME}`.
    public var env: (String) -> String?
    /// The clock for `${now}`, in milliseconds since the Unix epoch.
    public var nowEpochMillis: () -> Int64

    /// Creates a context; every input is injected.
    public init(
        variables: [String: String] = [:],
        definitions: [String: Template] = [:],
        rows: [String: [String: String]] = [:],
        seq: Int = 0,
        random: SplitMix64 = SplitMix64(seed: 0),
        env: @escaping (String) -> String? = { _ in nil },
        nowEpochMillis: @escaping () -> Int64 = { 0 }
    ) {
        self.variables = variables
        self.definitions = definitions
        self.rows = rows
        self.seq = seq
        self.random = random
        self.env = env
        self.nowEpochMillis = nowEpochMillis
    }
}

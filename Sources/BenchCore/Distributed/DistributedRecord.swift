/// How a distributed run went, agent by agent (`distributed` in result.json).
public struct DistributedRecord: Codable, Sendable, Equatable {
    /// One agent of the run.
    public struct Agent: Codable, Sendable, Equatable {
        public var index: Int
        public var host: String
        public var toolVersion: String
        public var cores: Int
        /// `finished` (its result is merged) or `lost` (it stopped reporting; its figures are missing).
        public var state: String
        /// How late its load started against the agreed start (nil: it never said).
        public var startSkewMillis: Double?
        /// Seconds into the load when it was found lost.
        public var lostAfterSeconds: Double?
        /// Its share of the load, as it ran it.
        public var connections: Int?
        public var ratePerSecond: Double?
        public var requests: UInt64?
        public var cpuSeconds: Double?
        /// True when its own generator health said its figures measure the target, not itself.
        public var healthy: Bool?
        public var warnings: [String]?

        public init(index: Int, host: String, toolVersion: String, cores: Int, state: String) {
            self.index = index
            self.host = host
            self.toolVersion = toolVersion
            self.cores = cores
            self.state = state
        }
    }

    public var agents: [Agent]
    /// `continue` or `abort`: what the run did when an agent was lost.
    public var onAgentLoss: String
    /// The largest start skew of any agent, in milliseconds.
    public var maxStartSkewMillis: Double?

    public init(agents: [Agent], onAgentLoss: String) {
        self.agents = agents
        self.onAgentLoss = onAgentLoss
        maxStartSkewMillis = agents.compactMap(\.startSkewMillis).max()
    }
}

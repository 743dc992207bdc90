import BenchCore

/// How a coordinator runs its fleet (`run --agents N --listen HOST:PORT`).
public struct FleetOptions: Sendable {
    /// Agents to wait for; the load is split over them.
    public var agents: Int
    public var listenHost: String
    public var listenPort: Int
    /// The shared secret every agent must present.
    public var token: String
    /// How long to wait for every agent to register (`--agents-timeout`).
    public var agentsTimeoutNanos: UInt64 = 60_000_000_000
    /// `--on-agent-loss abort`: a lost agent stops the run (the default `continue` goes on without it).
    public var abortOnAgentLoss = false
    /// TLS for the agents' connections: the coordinator's certificate chain and key (PEM); nil: plain HTTP.
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?

    public init(agents: Int, listenHost: String, listenPort: Int, token: String) {
        self.agents = agents
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.token = token
    }

    /// `HOST:PORT` (IPv6 in brackets) split, or nil when it is not one.
    public static func hostPort(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }
}

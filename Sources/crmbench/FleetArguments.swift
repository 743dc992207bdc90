import ArgumentParser
import BenchCore
import Distributed
import Foundation
import Runner

/// `run|sweep|find-max --agents N --listen HOST:PORT`: this process coordinates agents instead of sending load itself.
struct FleetArguments: ParsableArguments {
    @Option(parsing: .unconditional, help: "Coordinate N agents (crmbench agent) that split the load; needs --listen and a scenario.")
    var agents: Int?
    @Option(help: "With --agents: address the agents reach this coordinator on, HOST:PORT (port 0: any free port).")
    var listen: String?
    @Option(help: "With --agents: the token agents must present (default: $CRMBENCH_TOKEN).") var token: String?
    @Option(parsing: .unconditional, help: "With --agents: how long to wait for every agent to register.")
    var agentsTimeout = "60s"
    @Option(help: "With --agents: when an agent stops reporting, continue without it or abort the run (the result is partial either way).")
    var onAgentLoss = "continue"
    @Option(help: "With --agents: serve the agents over TLS with this certificate chain (PEM); needs --listen-tls-key.")
    var listenTlsCert: String?
    @Option(help: "With --agents: the private key (PEM) of --listen-tls-cert.") var listenTlsKey: String?

    /// The shared token: `--token`, else `CRMBENCH_TOKEN`.
    var resolvedToken: String? { token ?? ProcessInfo.processInfo.environment["CRMBENCH_TOKEN"] }

    func problems(scenario: String?) -> [String] {
        guard let agents else {
            return listen != nil ? ["--listen needs --agents N"] : []
        }
        var found: [String] = []
        if !(1...1_000).contains(agents) { found.append("--agents must be between 1 and 1000, got \(agents)") }
        if scenario == nil { found.append("--agents needs a scenario file: agents receive the scenario, not a --url") }
        if listen == nil { found.append("--agents needs --listen HOST:PORT, the address agents reach the coordinator on") }
        if let listen, FleetOptions.hostPort(listen) == nil { found.append("--listen must be HOST:PORT (port 0 to 65535), got '\(listen)'") }
        if (resolvedToken ?? "").isEmpty { found.append("--agents needs a shared token: --token T or CRMBENCH_TOKEN") }
        if DurationText.nanos(agentsTimeout) == nil { found.append("--agents-timeout must be a duration such as 60s, got '\(agentsTimeout)'") }
        if (listenTlsCert == nil) != (listenTlsKey == nil) { found.append("--listen-tls-cert and --listen-tls-key go together") }
        if !["continue", "abort"].contains(onAgentLoss) { found.append("--on-agent-loss must be continue or abort, got '\(onAgentLoss)'") }
        return found
    }

    /// Runs the coordinator: loads the scenario (keeping every file it read for the agents), then waits for the
    /// agents, runs (a run's load as `settings` give it, or `levels`: a sweep's or find-max's shape), merges and
    /// writes; `onLevel` hears of each merged level of a sweep or find-max.
    func coordinate(target: RunTarget, settings: LoadSettings, levels: RunPlan.Shape? = nil, plan configure: (inout RunPlan) -> Void,
                    quiet: Bool, lifecycle: RunLifecycle,
                    onLevel: (SweepLevel, String?) -> Void = { _, _ in }) throws -> RunPlan.Written {
        guard let agents, let listen, let address = FleetOptions.hostPort(listen), let scenario = target.scenarioPath else {
            throw RunnerError("--agents needs --listen and a scenario", kind: .usage)
        }
        try target.checkTLSFiles()
        let recording = FileRecording()
        let source = try ScenarioSource.load(path: scenario, options: target, files: ScenarioFiles.recording(into: recording))
        var plan = RunPlan(source: source, shape: try levels ?? .single(settings.workloads(of: source)),
                           folder: FileOutput.defaultRunFolder(name: source.info.name), folderOption: "run folder")
        configure(&plan)
        var fleet = FleetSettings()
        (fleet.connections, fleet.durationNanos, fleet.ratePerSecond) = (settings.connections, settings.durationNanos, settings.ratePerSecond)
        (fleet.arrivals, fleet.iterationsPerFlow, fleet.seed) = (settings.arrivals.rawValue, settings.iterationsPerFlow, source.info.seed)
        (fleet.target, fleet.timeout, fleet.http2, fleet.insecure) = (target.target, target.timeout, target.http2, target.insecure)
        (fleet.secretHeaders, fleet.name, fleet.streams) = (target.secretHeaders, target.name, target.streams)
        var options = FleetOptions(agents: agents, listenHost: address.host, listenPort: address.port, token: resolvedToken ?? "")
        options.agentsTimeoutNanos = DurationText.nanos(agentsTimeout) ?? options.agentsTimeoutNanos
        options.abortOnAgentLoss = onAgentLoss == "abort"
        (options.tlsCertificatePath, options.tlsKeyPath) = (listenTlsCert, listenTlsKey)
        let coordinator = Coordinator(options: options, source: source, scenarioPath: scenario, files: recording.files,
                                      fleetSettings: fleet, log: { Terminal.line("coordinator: " + $0) })
        let progress = quiet ? nil : ProgressPrinter(snapshot: { coordinator.liveSnapshot() }, plannedSeconds: plan.levelSeconds,
                                                     targetRate: settings.ratePerSecond, level: { lifecycle.currentLevel })
        defer { progress?.stop() }
        return try coordinator.run(plan, in: lifecycle) { progress?.clear(); onLevel($0, $1) }
    }
}

import ArgumentParser
import BenchCore
import Distributed
import Foundation
import Runner

/// `crmbench agent`: one generator of a distributed run, driven by a coordinator (`run --agents N --listen …`).
struct AgentCommand: RunnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Generate one agent's share of a distributed run, coordinated by 'crmbench run --agents N --listen HOST:PORT'.",
        discussion: """
        Example: CRMBENCH_TOKEN=s3cret crmbench agent --coordinator http://10.0.0.5:7878
        Exit codes: 0 its part ran and its result reached the coordinator, 64 usage,
        69 no coordinator answered (or it ended the run first), 76 the coordinator runs
        another crmbench version, 77 refused (wrong token, or the run has its agents).
        """
    )

    @Option(help: "The coordinator's URL, e.g. http://coordinator:7878.") var coordinator: String
    @Option(help: "The run's shared token (default: $CRMBENCH_TOKEN).") var token: String?
    @Option(parsing: .unconditional, help: "Worker threads for this agent's share: auto (its cores) or 1 to 256.") var threads = "auto"
    @Option(parsing: .unconditional, help: "How long to keep trying to reach the coordinator.") var connectTimeout = "60s"
    @Option(help: "Also keep this agent's own result folder here.") var out: String?
    @Option(help: "CA bundle to verify a TLS coordinator with.") var cacert: String?
    @Flag(help: "Do not verify the coordinator's TLS certificate.") var insecure = false
    @Flag(help: "Print nothing but errors.") var quiet = false

    var resolvedToken: String? { token ?? ProcessInfo.processInfo.environment["CRMBENCH_TOKEN"] }

    func validate() throws {
        guard coordinator.hasPrefix("http://") || coordinator.hasPrefix("https://") else {
            throw ValidationError("--coordinator must be an http:// or https:// URL, got '\(coordinator)'")
        }
        if (resolvedToken ?? "").isEmpty { throw ValidationError("the agent needs the run's token: --token T or CRMBENCH_TOKEN") }
        if let problem = OptionChecks.threadProblems(threads).first { throw ValidationError(problem) }
        if DurationText.nanos(connectTimeout) == nil { throw ValidationError("--connect-timeout must be a duration such as 60s, got '\(connectTimeout)'") }
    }

    func execute() throws -> ExitCode {
        let lifecycle = RunLifecycle(notice: RunOutcome.notice(quiet: quiet))
        var options = AgentOptions(coordinator: coordinator, token: resolvedToken ?? "")
        options.threads = ThreadCount(threads) ?? .auto
        options.connectTimeoutNanos = DurationText.nanos(connectTimeout) ?? options.connectTimeoutNanos
        (options.out, options.caPath, options.insecure) = (out, cacert, insecure)
        let quiet = self.quiet
        _ = try FleetAgent.run(options, lifecycle: lifecycle, log: { if !quiet { Terminal.line("agent: " + $0) } })
        lifecycle.close()
        return ExitCodes.success
    }
}

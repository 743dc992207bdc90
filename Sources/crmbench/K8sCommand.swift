import ArgumentParser
import BenchCore
import Foundation
import Runner

/// `crmbench k8s manifest`: the Kubernetes objects of a distributed run, printed for `kubectl apply -f -`.
struct K8sCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "k8s", abstract: "Kubernetes: print the manifests of a distributed run.", subcommands: [Manifest.self])

    struct Manifest: RunnerCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a Secret, a ConfigMap (scenario and data), a headless Service and an Indexed Job of N+1 pods (index 0 coordinates).",
            discussion: """
            Example: crmbench k8s manifest scenarios/sales.yaml --agents 4 --image registry.example/crmbench:0.1.0 \\
                       --target http://crm.default.svc:8080 -- -d 5m -c 200 | kubectl apply -f -
            Arguments after -- go to the coordinator's 'crmbench run'. The merged result.json is printed to the
            coordinator's log between '-----BEGIN CRMBENCH RESULT-----' and '-----END CRMBENCH RESULT-----'.
            """)

        @Argument(help: "The scenario file.") var scenario: String
        @Option(parsing: .unconditional, help: "Agents (pods besides the coordinator), 1 to 1000.") var agents: Int
        @Option(help: "The container image with crmbench (see the Dockerfile).") var image: String
        @Option(help: "Base URL of the CRM as the pods reach it, replacing the scenario's target.") var target: String?
        @Option(help: "Name of the objects (default: crmbench-<scenario name>).") var name: String?
        @Option(help: "Namespace of the objects (default: kubectl's).") var namespace: String?
        @Option(help: "The run's token (default: a new random one).") var token: String?
        @Argument(parsing: .postTerminator, help: "More 'crmbench run' arguments for the coordinator.") var runArguments: [String] = []

        func validate() throws {
            if !(1...1_000).contains(agents) { throw ValidationError("--agents must be between 1 and 1000, got \(agents)") }
            if image.isEmpty || image.contains(where: \.isWhitespace) { throw ValidationError("--image must be an image reference, got '\(image)'") }
            if let target, !(target.hasPrefix("http://") || target.hasPrefix("https://")) {
                throw ValidationError("--target must start with http:// or https://, got '\(target)'")
            }
        }

        func execute() throws -> ExitCode {
            let files = try ScenarioFiles.bundle(scenario, requiresTarget: target == nil)
            let base = name ?? "crmbench-" + ((scenario as NSString).lastPathComponent as NSString).deletingPathExtension
            let random = (0..<4).map { _ in String(format: "%08x", UInt32.random(in: .min ... .max)) }.joined()
            var manifest = KubernetesManifest(name: KubernetesManifest.objectName(base), image: image, agents: agents,
                                              scenario: files.scenario, dataFiles: files.data,
                                              runArguments: (target.map { ["--target", $0] } ?? []) + runArguments,
                                              token: token ?? random)
            (manifest.namespace, manifest.environmentNames) = (namespace.map(KubernetesManifest.objectName), files.environment)
            if !files.environment.isEmpty {
                Terminal.line("crmbench: the scenario reads \(files.environment.joined(separator: ", ")) from the environment: create the Secret first, e.g.\n"
                              + "  kubectl create secret generic \(manifest.name)-env " + files.environment.map { "--from-literal=\($0)=…" }.joined(separator: " "))
            }
            do { print(try manifest.render(), terminator: "") } catch let problem as KubernetesManifest.Problem {
                throw RunnerError(problem.message, kind: .usage)
            }
            return ExitCodes.success
        }
    }
}

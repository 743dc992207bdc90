import BenchCore
import Foundation

/// Shared inputs for the scenario tests: in-memory files and paths to the shipped scenarios.
enum ScenarioFixtures {
    struct MissingFile: Error, CustomStringConvertible {
        let path: String
        var description: String { "no such file" }
    }

    /// A loader over an in-memory file system.
    static func loader(_ files: [String: String]) -> ScenarioLoader {
        ScenarioLoader { path in
            guard let text = files[path] else { throw MissingFile(path: path) }
            return Array(text.utf8)
        }
    }

    /// Loads inline YAML as `test.yaml`, with optional data files next to it.
    static func load(_ yaml: String, files: [String: String] = [:]) -> Result<Scenario, ScenarioLoadError> {
        loader(files).load(text: yaml, path: "test.yaml")
    }

    /// The diagnostics of an invalid scenario, or an empty list when it loaded.
    static func diagnostics(_ yaml: String, files: [String: String] = [:]) -> [ScenarioDiagnostic] {
        if case .failure(.invalid(let diagnostics)) = load(yaml, files: files) { return diagnostics }
        return []
    }

    /// The scenario, or nil with the diagnostics printed into the failure message by the caller.
    static func scenario(_ yaml: String, files: [String: String] = [:]) throws -> Scenario {
        try load(yaml, files: files).get()
    }

    /// The repository's `scenarios/` directory.
    static var scenariosDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios").path
    }

    /// The shipped scenario files.
    static let shippedNames = ["browse.yaml", "sales.yaml", "after-sales.yaml", "crm-mixed.yaml"]

    /// A loader over the real file system, for the shipped scenarios (a fresh one each time: a loader holds a
    /// non-Sendable reader closure, so it cannot be a shared static).
    static var diskLoader: ScenarioLoader {
        ScenarioLoader { path in
            guard let data = FileManager.default.contents(atPath: path) else { throw MissingFile(path: path) }
            return [UInt8](data)
        }
    }

    /// A minimal valid scenario to build broken variants from.
    static let minimal = """
        name: minimal
        target: http://127.0.0.1:8080
        flows:
          - name: read
            steps:
              - get: /api/v1/customers/1
        """

    /// A response with a JSON body.
    static func json(_ status: Int, _ body: String, headers: [(String, String)] = [], latencyMicros: Int64 = 1_000) -> ResponseView {
        ResponseView(status: status, headers: headers, body: Array(body.utf8), latencyMicros: latencyMicros)
    }
}

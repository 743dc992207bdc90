import ArgumentParser
import Runner
import WorkloadModel

/// `crmbench import har|openapi FILE --out SCENARIO.yaml`.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Turn a recording or an API description into a scenario.", subcommands: [HAR.self, OpenAPI.self])

    /// `import har`.
    struct HAR: RunnerCommand {
        static let configuration = CommandConfiguration(
            commandName: "har",
            abstract: "Import a browser recording (HAR): requests in order, static assets left out, reused values extracted.",
            discussion: "Exit status: 0 ok, 65 not a HAR file, 66 unreadable, 73 cannot write.")

        @Argument(help: "The HAR file.") var file: String
        @Option(help: "Scenario file to write.") var out: String
        @Option(help: "Target URL replacing the recorded origin.") var target: String?
        @Option(name: [.customShort("H"), .customLong("header")], help: "Default header 'Name: value' (repeatable); recorded headers are not copied.")
        var headers: [String] = []

        func validate() throws {
            if headers.contains(where: { ScenarioWriter.header($0) == nil }) {
                throw ValidationError("--header: expected 'Name: value'")
            }
        }

        func execute() throws -> ExitCode {
            var options = HARImporter.Options()
            options.target = target
            options.headers = headers.compactMap(ScenarioWriter.header)
            let imported = try ImportRun.har(file, to: out, options: options)
            print("wrote \(out): \(imported.requests) requests (\(imported.staticAssets) static assets left out)")
            return ExitCodes.success
        }
    }

    /// `import openapi`.
    struct OpenAPI: RunnerCommand {
        static let configuration = CommandConfiguration(
            commandName: "openapi",
            abstract: "Import an OpenAPI 3 description (JSON): one flow per tag, example or synthesized bodies, ids from earlier responses.",
            discussion: "Exit status: 0 ok, 65 not an OpenAPI 3 JSON document, 66 unreadable, 73 cannot write.")

        @Argument(help: "The OpenAPI description (JSON, 3.0 or 3.1).") var file: String
        @Option(help: "Scenario file to write (feeders go beside it).") var out: String
        @Option(help: "Target URL (default: the document's first server, else http://127.0.0.1:8080).") var target: String?
        @Option(name: [.customShort("H"), .customLong("header")], help: "Default header 'Name: value' (repeatable), e.g. the credentials.")
        var headers: [String] = []

        func validate() throws {
            if headers.contains(where: { ScenarioWriter.header($0) == nil }) {
                throw ValidationError("--header: expected 'Name: value'")
            }
        }

        func execute() throws -> ExitCode {
            var options = OpenAPIImporter.Options()
            options.target = target
            options.headers = headers.compactMap(ScenarioWriter.header)
            let imported = try ImportRun.openapi(file, to: out, options: options)
            print("wrote \(out): \(imported.flows) flows, \(imported.steps) steps")
            for line in imported.skipped { print("left out \(line)") }
            return ExitCodes.success
        }
    }
}

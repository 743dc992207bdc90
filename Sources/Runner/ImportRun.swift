import Foundation
import WorkloadModel

/// `crmbench import har|openapi`: reads a recording or an API description and writes a scenario.
public enum ImportRun {
    /// Imports `harPath` into `scenarioPath`; returns the requests imported and static assets left out.
    public static func har(_ harPath: String, to scenarioPath: String, options: HARImporter.Options) throws -> (requests: Int, staticAssets: Int) {
        guard let data = FileManager.default.contents(atPath: harPath) else {
            let why = FileManager.default.fileExists(atPath: harPath) ? "permission denied or not a regular file" : "no such file"
            throw RunnerError("cannot read \(harPath): \(why)", kind: .unreadableInput)
        }
        var options = options
        if options.name == "recorded" { options.name = ((scenarioPath as NSString).lastPathComponent as NSString).deletingPathExtension }
        let imported: (yaml: String, requests: Int, staticAssets: Int)
        do { imported = try HARImporter.scenario(from: data, options: options) } catch {
            throw RunnerError("\(harPath): \(error.description)", kind: .invalidInput)
        }
        do { try FileOutput.writeAtomically(imported.yaml, to: scenarioPath) } catch {
            throw RunnerError("cannot write \(scenarioPath): \(FileOutput.reason(error))", kind: .cannotCreateOutput)
        }
        return (imported.requests, imported.staticAssets)
    }

    /// Imports the OpenAPI description at `path` into `scenarioPath`, with its feeders beside it.
    public static func openapi(_ path: String, to scenarioPath: String, options: OpenAPIImporter.Options) throws -> OpenAPIImporter.Imported {
        guard let data = FileManager.default.contents(atPath: path) else {
            let why = FileManager.default.fileExists(atPath: path) ? "permission denied or not a regular file" : "no such file"
            throw RunnerError("cannot read \(path): \(why)", kind: .unreadableInput)
        }
        var options = options
        let stem = ((scenarioPath as NSString).lastPathComponent as NSString).deletingPathExtension
        if options.name == "openapi" { options.name = stem }
        options.feederPrefix = stem
        let imported: OpenAPIImporter.Imported
        do { imported = try OpenAPIImporter.scenario(from: data, options: options) } catch {
            throw RunnerError("\(path): \(error.description)", kind: .invalidInput)
        }
        let folder = (scenarioPath as NSString).deletingLastPathComponent
        do {
            for (file, text) in imported.feeders { try FileOutput.writeAtomically(text, to: folder.isEmpty ? file : folder + "/" + file) }
            try FileOutput.writeAtomically(imported.yaml, to: scenarioPath)
        } catch {
            throw RunnerError("cannot write \(scenarioPath): \(FileOutput.reason(error))", kind: .cannotCreateOutput)
        }
        return imported
    }
}

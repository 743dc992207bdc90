import Foundation
import WorkloadModel

/// `crmbench import har`: reads a HAR file and writes the scenario it records.
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
}

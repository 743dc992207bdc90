import BenchCore
import Foundation
import Reports

/// Finds, decodes and validates a run's `result.json`, with errors that name the file and the JSON path: the one
/// way `report`, `compare`, `merge` and `plan` read results.
public enum ResultFile {
    /// The result at `path` (a run folder or a result.json file), and the folder it lives in.
    public static func load(_ path: String) throws -> (result: RunResult, folder: String, file: String) {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        let file = exists && isFolder.boolValue ? (path as NSString).appendingPathComponent("result.json") : path
        guard let data = FileManager.default.contents(atPath: file) else {
            let why = FileManager.default.fileExists(atPath: file) ? "permission denied or not a regular file" : "no such file"
            throw RunnerError("cannot read \(file): \(why)", kind: .unreadableInput)
        }
        let folder = (file as NSString).deletingLastPathComponent
        do {
            return (try ResultCodec.decode(data), folder.isEmpty ? "." : folder, file)
        } catch let problem as ResultCodec.Problem {
            throw RunnerError(problem.message(file: file), kind: .invalidInput)
        } catch {
            throw RunnerError("\(file): \(error)", kind: .invalidInput)
        }
    }

    /// The `plan.json` a run folder may hold (written by `plan`), for re-rendering its report.
    public static func plan(folder: String) -> PlanView? {
        guard let data = FileManager.default.contents(atPath: folder + "/plan.json") else { return nil }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try? decoder.decode(PlanView.self, from: data)
    }
}

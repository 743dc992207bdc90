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

    /// The `plan.json` a run folder may hold (written by `plan`), for re-rendering its report; nil when there is none.
    /// A plan.json that is not a plan, or contradicts itself, is refused with the file and JSON path (exit 65).
    public static func plan(folder: String) throws -> PlanView? {
        let file = folder + "/plan.json"
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw RunnerError("cannot read \(file): permission denied or not a regular file", kind: .unreadableInput)
        }
        let view: PlanView
        do { view = try JSONDocument.decode(PlanView.self, from: data) } catch {
            throw RunnerError("\(file): \(error)", kind: .invalidInput)
        }
        let problems = view.problems()
        if !problems.isEmpty { throw RunnerError(problems.map { "\(file): \($0)" }.joined(separator: "\n"), kind: .invalidInput) }
        return view
    }
}

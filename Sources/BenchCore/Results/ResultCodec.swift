import Foundation

/// Encodes and decodes `result.json` (laid out for reading, sorted keys, schema version checked, consistency validated).
public enum ResultCodec {
    /// Problems reading a result file; each says where in the JSON it is.
    public enum Problem: Error, CustomStringConvertible {
        case unsupportedSchema(found: Int, supported: Int)
        /// Not JSON, or JSON that is not a result: what was expected, and where.
        case malformed(String)
        /// A result that decoded but contradicts itself (`ResultValidator`): every issue found.
        case inconsistent([ResultIssue])

        public var description: String { lines.joined(separator: "\n") }

        /// The problem with each line prefixed by the file it was found in (`result.json: path: expected …`).
        public func message(file: String) -> String {
            lines.map { "\(file): \($0)" }.joined(separator: "\n")
        }

        private var lines: [String] {
            switch self {
            case .unsupportedSchema(let found, let supported):
                return ["schemaVersion: result schema version \(found) is not supported (this build reads \(supported))"]
            case .malformed(let why): return [why]
            case .inconsistent(let issues): return issues.map(\.description)
            }
        }
    }

    /// The JSON bytes of a result: sorted keys, laid out by `JSONLayout` (one member per line, number arrays on one).
    public static func encode(_ result: RunResult) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return JSONLayout.readable(try encoder.encode(result))
    }

    /// Decodes a result and validates it: other schema versions, JSON that is not a result and results that
    /// contradict themselves are refused with the JSON path of what is wrong.
    public static func decode(_ data: Data) throws -> RunResult {
        let top: Any
        do { top = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw Problem.malformed("not JSON: \(JSONDiagnosis.syntaxError(error, in: data))")
        }
        guard let object = top as? [String: Any] else {
            throw Problem.malformed("expected a JSON object (a result), found \(JSONDiagnosis.name(of: top))")
        }
        guard let versionValue = object["schemaVersion"] else {
            throw Problem.malformed("schemaVersion: expected the result schema version (\(RunResult.currentSchemaVersion)), found nothing")
        }
        guard let version = JSONDiagnosis.integer(versionValue) else {
            throw Problem.malformed("schemaVersion: expected an integer, found \(JSONDiagnosis.name(of: versionValue))")
        }
        guard version == RunResult.currentSchemaVersion else {
            throw Problem.unsupportedSchema(found: version, supported: RunResult.currentSchemaVersion)
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let result: RunResult
        do { result = try decoder.decode(RunResult.self, from: data) } catch let error as DecodingError {
            throw Problem.malformed(JSONDiagnosis.describe(error, in: object) { _ = try decoder.decode(RunResult.self, from: $0) })
        }
        let issues = ResultValidator.issues(in: result)
        if !issues.isEmpty { throw Problem.inconsistent(issues) }
        return result
    }
}

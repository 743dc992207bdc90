import Foundation

/// Encodes and decodes `result.json` (pretty, sorted keys, schema version checked).
public enum ResultCodec {
    /// Problems reading a result file.
    public enum Problem: Error, CustomStringConvertible {
        case unsupportedSchema(found: Int, supported: Int)
        case malformed(String)
        public var description: String {
            switch self {
            case .unsupportedSchema(let found, let supported):
                return "result schema version \(found) is not supported (this build reads \(supported))"
            case .malformed(let why): return "result file is not valid: \(why)"
            }
        }
    }

    /// The JSON bytes of a result.
    public static func encode(_ result: RunResult) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(result)
    }

    /// Decodes a result, refusing other schema versions with a clear message.
    public static func decode(_ data: Data) throws -> RunResult {
        struct VersionProbe: Decodable { var schemaVersion: Int? }
        let probe: VersionProbe
        do { probe = try JSONDecoder().decode(VersionProbe.self, from: data) } catch {
            throw Problem.malformed("not JSON (\(error))")
        }
        guard let version = probe.schemaVersion else { throw Problem.malformed("no schemaVersion") }
        guard version == RunResult.currentSchemaVersion else {
            throw Problem.unsupportedSchema(found: version, supported: RunResult.currentSchemaVersion)
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do { return try decoder.decode(RunResult.self, from: data) } catch let error as DecodingError {
            throw Problem.malformed(describe(error))
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let ctx): return "missing \(path(ctx.codingPath + [key]))"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx):
            return "\(path(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}

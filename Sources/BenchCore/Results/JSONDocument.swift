import Foundation

/// Decodes any JSON file the tool wrote and reads back (plan.json and the like) with the same diagnosis as a
/// result: the JSON path of what is wrong, what was expected there and what was found.
public enum JSONDocument {
    /// Why a document could not be decoded, as "path: expected …, found …".
    public struct Problem: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Decodes `type` from `data` (non-finite numbers written as "inf", "-inf", "nan").
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let top: Any
        do { top = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw Problem(message: "not JSON: \(JSONDiagnosis.syntaxError(error, in: data))")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do { return try decoder.decode(type, from: data) } catch let error as DecodingError {
            throw Problem(message: JSONDiagnosis.describe(error, in: top) { _ = try decoder.decode(type, from: $0) })
        }
    }
}

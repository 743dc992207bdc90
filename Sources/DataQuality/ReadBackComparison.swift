import BenchCore
import Foundation

/// How one read-back compares with what the run wrote (pure: JSON bodies in, findings out).
enum ReadBackComparison {
    /// The first declared field whose stored value differs from the one sent, as a sample text; nil when all match.
    /// Values are compared as `JSONPath.text(of:)` gives them, so `20` and `20.0` are the same number.
    static func mismatch(sent: [String: String], storedBody: [UInt8]) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(storedBody))) as? [String: Any] else {
            return "the read-back is not a JSON object"
        }
        for name in sent.keys.sorted() {
            let expected = sent[name] ?? ""
            let stored = object[name].map { $0 is NSNull ? "null" : JSONPath.text(of: $0) }
            guard let stored else { return "\(name) \(quoted(expected)) is missing" }
            if stored != expected && !sameNumber(stored, expected) {
                return "\(name) \(quoted(expected)) read back as \(quoted(stored))"
            }
        }
        return nil
    }

    /// The records of a list answer: the body itself when it is an array, else the first array member of the
    /// object (`items`, `data`, `results` …); nil when there is none.
    static func listItems(_ body: [UInt8]) -> [Any]? {
        guard let root = try? JSONSerialization.jsonObject(with: Data(body)) else { return nil }
        if let array = root as? [Any] { return array }
        guard let object = root as? [String: Any] else { return nil }
        for name in ["items", "data", "results", "records"] { if let array = object[name] as? [Any] { return array } }
        return object.keys.sorted().lazy.compactMap { object[$0] as? [Any] }.first
    }

    /// How many listed records hold `key` in `field`, compared trimmed and case-insensitively (the near-duplicates
    /// a CRM without key normalisation keeps count too).
    static func keyMatches(_ items: [Any], field: String, key: String) -> Int {
        let wanted = normalized(key)
        return items.reduce(0) { count, item in
            guard let value = (item as? [String: Any])?[field] else { return count }
            return normalized(JSONPath.text(of: value)) == wanted ? count + 1 : count
        }
    }

    static func normalized(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    private static func sameNumber(_ a: String, _ b: String) -> Bool {
        guard let x = Double(a), let y = Double(b) else { return false }
        return x == y
    }

    private static func quoted(_ text: String) -> String {
        "\"" + (text.count > 60 ? String(text.prefix(60)) + "…" : text) + "\""
    }
}

import Foundation

/// JSON values (as `JSONSerialization` gives them) written as YAML flow text: JSON with a space after each `:` and
/// `,`, which every YAML 1.1 parser reads.
public enum YAMLFlow {
    /// The text of `value`; `replacing` may turn a string or number into a template (written as a quoted string).
    public static func text(_ value: Any, replacing: (String) -> String? = { _ in nil }) -> String {
        switch value {
        case let object as [String: Any]:
            return "{" + object.keys.sorted().map { ScenarioWriter.quote($0) + ": " + text(object[$0]!, replacing: replacing) }
                .joined(separator: ", ") + "}"
        case let array as [Any]:
            return "[" + array.map { text($0, replacing: replacing) }.joined(separator: ", ") + "]"
        case let string as String:
            return ScenarioWriter.quote(replacing(string) ?? string)
        case let number as NSNumber:
            if isBoolean(number) { return number.boolValue ? "true" : "false" }
            return replacing(number.stringValue).map(ScenarioWriter.quote) ?? number.stringValue
        default:
            return "null"
        }
    }

    /// `value` as YAML block lines at `indent` spaces, for a step's `json:` key. Unlike flow text, a string that is
    /// exactly one placeholder (`${v1}`) stays a plain scalar, so the scenario sends it as a number when it renders
    /// as one (quoted, it would be sent as a string).
    public static func block(_ value: Any, indent: Int, replacing: (String) -> String? = { _ in nil }) -> [String] {
        let pad = String(repeating: " ", count: indent)
        func scalar(_ v: Any) -> String? {
            switch v {
            case is [String: Any], is [Any]: return nil
            case let string as String:
                let replaced = replacing(string) ?? string
                let single = replaced.hasPrefix("${") && replaced.hasSuffix("}") && replaced.dropFirst(2).firstIndex(of: "$") == nil
                return single ? replaced : ScenarioWriter.quote(replaced)
            case let number as NSNumber where !isBoolean(number):
                return replacing(number.stringValue) ?? number.stringValue
            default: return text(v, replacing: replacing)
            }
        }
        switch value {
        case let object as [String: Any] where !object.isEmpty:
            return object.keys.sorted().flatMap { key -> [String] in
                if let s = scalar(object[key]!) { return [pad + ScenarioWriter.quote(key) + ": " + s] }
                return [pad + ScenarioWriter.quote(key) + ":"] + block(object[key]!, indent: indent + 2, replacing: replacing)
            }
        case let array as [Any] where !array.isEmpty:
            return array.flatMap { element -> [String] in
                if let s = scalar(element) { return [pad + "- " + s] }
                return [pad + "-"] + block(element, indent: indent + 2, replacing: replacing)
            }
        default:
            return [pad + (scalar(value) ?? text(value))]
        }
    }

    /// JSONSerialization's booleans are NSNumbers of Objective-C type `c` (char).
    static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }
}

import Foundation

/// A compiled subset of JSONPath: `$`, `.name`, `['name']`, `[index]` (negative counts from the end).
public struct JSONPath: Hashable, Sendable, CustomStringConvertible {
    /// One step down the document.
    public enum Component: Hashable, Sendable {
        /// An object member.
        case key(String)
        /// An array element; negative indexes count from the end.
        case index(Int)
    }

    /// The steps from the root.
    public let components: [Component]
    /// The path as written.
    public let description: String

    /// Parses a path; throws a `TextParseError` whose offset points at the problem.
    public static func parse(_ text: String) throws -> JSONPath {
        let chars = Array(text)
        guard chars.first == "$" else {
            throw TextParseError(message: "JSON path must start with '$', found '\(text)'", offset: 0)
        }
        var components: [Component] = []
        var index = 1
        while index < chars.count {
            switch chars[index] {
            case ".":
                let start = index + 1
                var end = start
                while end < chars.count, chars[end] != ".", chars[end] != "[" { end += 1 }
                let key = String(chars[start..<end])
                guard !key.isEmpty, key != "*" else {
                    throw TextParseError(message: "bad JSON path '\(text)': expected a member name after '.'", offset: index)
                }
                components.append(.key(key))
                index = end
            case "[":
                guard let close = chars[index...].firstIndex(of: "]") else {
                    throw TextParseError(message: "bad JSON path '\(text)': missing ']'", offset: index)
                }
                let inner = String(chars[(index + 1)..<close])
                if let number = Int(inner) {
                    components.append(.index(number))
                } else if inner.count >= 2, let quote = inner.first, quote == "'" || quote == "\"", inner.last == quote {
                    components.append(.key(String(inner.dropFirst().dropLast())))
                } else {
                    throw TextParseError(
                        message: "bad JSON path '\(text)': '[\(inner)]' is not an index or a quoted name", offset: index)
                }
                index = close + 1
            default:
                throw TextParseError(message: "bad JSON path '\(text)': unexpected '\(chars[index])'", offset: index)
            }
        }
        return JSONPath(components: components, description: text)
    }

    /// Walks a `JSONSerialization` value; nil when a member or element is missing.
    public func evaluate(_ root: Any) -> Any? {
        var current: Any = root
        for component in components {
            switch component {
            case .key(let key):
                guard let object = current as? [String: Any], let next = object[key] else { return nil }
                current = next
            case .index(let position):
                guard let array = current as? [Any] else { return nil }
                let resolved = position < 0 ? array.count + position : position
                guard array.indices.contains(resolved) else { return nil }
                current = array[resolved]
            }
        }
        return current
    }

    /// True when a `JSONSerialization` number came from `true` / `false`.
    static func isBoolean(_ number: NSNumber) -> Bool {
        // Booleans are NSNumbers whose Objective-C type is 'c' (char) on every platform.
        String(cString: number.objCType) == "c"
    }

    /// The text of a JSON value as a variable or comparison sees it: strings unquoted, integers without `.0`,
    /// objects and arrays as compact JSON.
    public static func text(of value: Any) -> String {
        switch value {
        case let string as String:
            return string
        case is NSNull:
            return "null"
        case let number as NSNumber:
            if JSONPath.isBoolean(number) { return number.boolValue ? "true" : "false" }
            let double = number.doubleValue
            if double.rounded() == double, abs(double) < 1e15 { return String(Int64(double)) }
            return String(double)
        default:
            guard JSONSerialization.isValidJSONObject(value),
                  let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
            else { return String(describing: value) }
            return String(decoding: data, as: UTF8.self)
        }
    }
}

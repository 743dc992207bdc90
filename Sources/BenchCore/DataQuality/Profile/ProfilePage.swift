import Foundation

/// Reads one page of a collection: its list of records and the cursor to the next page (pure: a body in,
/// values or a message out).
public enum ProfilePage {
    /// The cursor found in a page.
    public enum Cursor: Equatable, Sendable {
        /// Nothing at the path (on the first page this means the path is wrong).
        case absent
        /// Null, empty, `false`: the last page.
        case end
        /// The next page's URL, path or token.
        case next(String)
    }

    /// The parsed body, or a message saying what came instead of JSON.
    public static func document(_ body: [UInt8]) -> Result<Any, PageError> {
        guard let root = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            let start = String(decoding: body.prefix(60), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
            return .failure(PageError("the answer is not JSON (it starts with '\(start)')"))
        }
        return .success(root)
    }

    /// The records of a page: the value at `itemsPath`, else the page itself when it is an array, else its
    /// `items`, `data`, `results` or `records` member, else its only array member.
    public static func items(_ root: Any, itemsPath: JSONPath?) -> Result<[Any], PageError> {
        if let itemsPath {
            guard let value = itemsPath.evaluate(root) else {
                return .failure(PageError("nothing at --items-path \(itemsPath) (the answer is \(describe(root)))"))
            }
            guard let array = value as? [Any] else {
                return .failure(PageError("--items-path \(itemsPath) holds \(describe(value)), not a list of records"))
            }
            return .success(array)
        }
        if let array = root as? [Any] { return .success(array) }
        guard let object = root as? [String: Any] else {
            return .failure(PageError("the answer is \(describe(root)), not a list of records"))
        }
        for name in ["items", "data", "results", "records"] { if let array = object[name] as? [Any] { return .success(array) } }
        let arrays = object.keys.sorted().filter { object[$0] is [Any] }
        if arrays.count == 1, let array = object[arrays[0]] as? [Any] { return .success(array) }
        return .failure(PageError("the answer is \(describe(root)), which holds "
            + (arrays.isEmpty ? "no list of records" : "several lists (\(arrays.joined(separator: ", ")))")
            + "; give --items-path, e.g. --items-path $.\(arrays.first ?? "data")"))
    }

    /// The cursor at `path` in a page.
    public static func cursor(_ root: Any, path: JSONPath) -> Cursor {
        guard let value = path.evaluate(root) else { return .absent }
        if value is NSNull { return .end }
        let text = JSONPath.text(of: value)
        return text.isEmpty || text == "false" ? .end : .next(text)
    }

    /// `an object with members a, b, c` / `a list` / `a string` …, for messages.
    static func describe(_ value: Any) -> String {
        switch value {
        case let object as [String: Any]:
            let names = object.keys.sorted()
            return names.isEmpty ? "an empty object"
                : "an object with members " + names.prefix(8).joined(separator: ", ") + (names.count > 8 ? ", …" : "")
        case is [Any]: return "a list"
        case is String: return "a string"
        case is NSNull: return "null"
        default: return "a number"
        }
    }
}

/// Why a page could not be read as records.
public struct PageError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

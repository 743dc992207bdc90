import Foundation

/// A JSON value whose objects keep their keys in the order written (a dictionary literal's order), for documents
/// a person reads and a client may walk in order, like ``OpenAPIDocument``.
indirect enum OrderedJSON: ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, Sendable {
    case object([(String, OrderedJSON)])
    case array([OrderedJSON])
    case string(String)
    case number(Double)
    case integer(Int)
    case bool(Bool)
    case null

    init(dictionaryLiteral elements: (String, OrderedJSON)...) { self = .object(elements) }
    init(arrayLiteral elements: OrderedJSON...) { self = .array(elements) }
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .integer(value) }
    init(floatLiteral value: Double) { self = .number(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }

    /// The object's members (empty for anything else).
    var members: [(String, OrderedJSON)] {
        if case .object(let members) = self { return members }
        return []
    }

    /// This object with `key` set (replaced in place, or appended).
    func setting(_ key: String, _ value: OrderedJSON) -> OrderedJSON {
        var members = self.members
        if let index = members.firstIndex(where: { $0.0 == key }) { members[index].1 = value } else { members.append((key, value)) }
        return .object(members)
    }

    /// The value at `key` of an object.
    subscript(key: String) -> OrderedJSON? { members.first { $0.0 == key }?.1 }

    /// Compact JSON text.
    var text: String {
        switch self {
        case .object(let members):
            return "{" + members.map { OrderedJSON.string($0.0).text + ":" + $0.1.text }.joined(separator: ",") + "}"
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .string(let value):
            let data = (try? JSONSerialization.data(withJSONObject: [value], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
            return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
        case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .integer(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        }
    }
}

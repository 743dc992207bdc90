/// A JSON request body whose strings are templates, serialized to bytes per request.
///
/// A plain (unquoted) YAML scalar that is exactly one placeholder, like `customerId: ${customerId}`, is written
/// as a bare JSON number or boolean when its rendered value is one; quote it (`"${customerId}"`) to force a string.
public indirect enum JSONTemplate: Hashable, Sendable {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// A number, written with its YAML spelling.
    case number(String)
    /// A string template; `bare` allows a numeric or boolean rendering to be written without quotes.
    case string(Template, bare: Bool)
    /// An array.
    case array([JSONTemplate])
    /// An object, keys in source order.
    case object([JSONMember])

    /// Renders the value as UTF-8 JSON.
    public func render(_ context: inout TemplateContext) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out, context: &context)
        return out
    }

    /// Every string template inside the value, for validation.
    public var templates: [Template] {
        switch self {
        case .null, .bool, .number: return []
        case .string(let template, _): return [template]
        case .array(let items): return items.flatMap(\.templates)
        case .object(let members): return members.flatMap(\.value.templates)
        }
    }

    func write(to out: inout [UInt8], context: inout TemplateContext) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let value): out += Array((value ? "true" : "false").utf8)
        case .number(let text): out += Array(text.utf8)
        case .string(let template, let bare):
            let text = template.render(&context)
            if bare, template.isSinglePlaceholder, JSONTemplate.isBareLiteral(text) {
                out += Array(text.utf8)
            } else {
                JSONTemplate.writeString(text, to: &out)
            }
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out, context: &context)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONTemplate.writeString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                member.value.write(to: &out, context: &context)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// True for `true`, `false` and JSON numbers (`-12`, `3.5`).
    static func isBareLiteral(_ text: String) -> Bool {
        if text == "true" || text == "false" { return true }
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return false }
        var index = 0
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
        guard index > digitsStart else { return false }
        if index - digitsStart > 1, bytes[digitsStart] == 48 { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fraction = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            guard index > fraction else { return false }
        }
        return index == bytes.count
    }

    static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [92, 34]
            case UInt8(ascii: "\\"): out += [92, 92]
            case 10: out += [92, UInt8(ascii: "n")]
            case 13: out += [92, UInt8(ascii: "r")]
            case 9: out += [92, UInt8(ascii: "t")]
            case 0..<32:
                let hex = Array("0123456789abcdef".utf8)
                out += [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// One member of a JSON object template.
public struct JSONMember: Hashable, Sendable {
    /// The key, written literally.
    public let key: String
    /// The value.
    public let value: JSONTemplate

    /// Creates a member.
    public init(key: String, value: JSONTemplate) {
        self.key = key
        self.value = value
    }
}

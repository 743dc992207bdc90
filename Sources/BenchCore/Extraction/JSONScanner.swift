/// Finds the value at a JSON path directly in the body bytes, without building a `JSONSerialization` tree.
///
/// Only the common case is handled here: a strictly valid, ASCII-only document, member names without escapes,
/// and a scalar result (a string without escapes, a number, `true`, `false`, `null`). For anything else it
/// answers `nil` ("not sure") and the caller falls back to the full parser, so results never differ from it.
/// The document is validated in full first because the full parser rejects the whole body on any error.
struct JSONScanner {
    /// A scalar found at the path.
    enum Found: Equatable {
        /// The path leads nowhere.
        case missing
        /// `null`.
        case null
        /// The value's text as `JSONPath.text(of:)` gives it.
        case text(String)
    }

    /// Deeper documents are left to the full parser (it has its own depth limit).
    static let maxDepth = 100

    private let bytes: UnsafeBufferPointer<UInt8>

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// True when the whole buffer is one valid JSON value, ASCII only, that the scanner can walk.
    func validate() -> Bool {
        var position = skipSpace(0)
        guard let end = skipValue(position, depth: 0) else { return false }
        position = skipSpace(end)
        return position == bytes.count
    }

    /// The scalar at `components` of an already validated document; nil when the full parser must decide.
    func find(_ components: [JSONPath.Component]) -> Found? {
        var position = skipSpace(0)
        guard position < bytes.count else { return nil }
        for component in components {
            switch component {
            case .key(let key):
                // Swift compares names with Unicode equivalence (U+212A equals "K"): leave those to the full parser.
                guard key.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
                guard bytes[position] == UInt8(ascii: "{") else { return .missing }
                guard let member = findMember(key, objectAt: position) else { return nil }
                guard let member else { return .missing }
                position = member
            case .index(let wanted):
                guard bytes[position] == UInt8(ascii: "[") else { return .missing }
                guard let element = findElement(wanted, arrayAt: position) else { return nil }
                guard let element else { return .missing }
                position = element
            }
        }
        return scalar(at: position)
    }

    // MARK: Walking a validated document

    /// The start of `key`'s value in the object at `start`; `.some(nil)` when absent; nil when unsure
    /// (a duplicate name, or a name with escapes or non-ASCII text).
    private func findMember(_ key: String, objectAt start: Int) -> Int?? {
        var found: Int?
        var position = skipSpace(start + 1)
        if bytes[position] == UInt8(ascii: "}") { return .some(nil) }
        while true {
            let nameStart = position + 1
            var nameEnd = nameStart
            while bytes[nameEnd] != UInt8(ascii: "\"") {
                if bytes[nameEnd] == UInt8(ascii: "\\") { return nil }
                nameEnd += 1
            }
            position = skipSpace(skipSpace(nameEnd + 1) + 1)
            if equals(key, nameStart..<nameEnd) {
                if found != nil { return nil }
                found = position
            }
            guard let valueEnd = skipValue(position, depth: 0) else { return nil }
            position = skipSpace(valueEnd)
            if bytes[position] == UInt8(ascii: "}") { return .some(found) }
            position = skipSpace(position + 1)
        }
    }

    /// The start of element `wanted` (negative counts from the end) of the array at `start`.
    private func findElement(_ wanted: Int, arrayAt start: Int) -> Int?? {
        var starts: [Int] = []
        var position = skipSpace(start + 1)
        if bytes[position] == UInt8(ascii: "]") { return .some(nil) }
        while true {
            if wanted >= 0, starts.count == wanted { return .some(position) }
            starts.append(position)
            guard let valueEnd = skipValue(position, depth: 0) else { return nil }
            position = skipSpace(valueEnd)
            if bytes[position] == UInt8(ascii: "]") { break }
            position = skipSpace(position + 1)
        }
        let resolved = wanted < 0 ? starts.count + wanted : wanted
        return .some(starts.indices.contains(resolved) ? starts[resolved] : nil)
    }

    private func equals(_ key: String, _ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        for byte in key.utf8 {
            guard index < range.upperBound, bytes[index] == byte else { return false }
            index += 1
        }
        return index == range.upperBound
    }

    /// The text of the scalar at `start`; nil for objects, arrays and strings with escapes.
    private func scalar(at start: Int) -> Found? {
        switch bytes[start] {
        case UInt8(ascii: "\""):
            var end = start + 1
            while bytes[end] != UInt8(ascii: "\"") {
                if bytes[end] == UInt8(ascii: "\\") { return nil }
                end += 1
            }
            return .text(String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<end]), as: UTF8.self))
        case UInt8(ascii: "t"): return .text("true")
        case UInt8(ascii: "f"): return .text("false")
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "{"), UInt8(ascii: "["): return nil
        default:
            guard let end = skipNumber(start) else { return nil }
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
            // Integers that fit are printed as they are; others go through Double like the full parser's NSNumber.
            if end - start <= 15, !slice.contains(where: { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }) {
                guard let value = Int64(String(decoding: slice, as: UTF8.self)) else { return nil }
                return .text(String(value))
            }
            guard let double = Double(String(decoding: slice, as: UTF8.self)), double.isFinite else { return nil }
            if double.rounded() == double, abs(double) < 1e15 { return .text(String(Int64(double))) }
            return .text(String(double))
        }
    }

    // MARK: Strict grammar (RFC 8259), ASCII only

    private func skipSpace(_ start: Int) -> Int {
        var position = start
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return position
            }
        }
        return position
    }

    /// The end of the value at `start`, or nil when it is not valid (or not something the scanner walks).
    private func skipValue(_ start: Int, depth: Int) -> Int? {
        guard start < bytes.count, depth < Self.maxDepth else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "{"):
            var position = skipSpace(start + 1)
            guard position < bytes.count else { return nil }
            if bytes[position] == UInt8(ascii: "}") { return position + 1 }
            while true {
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\""),
                      let nameEnd = skipString(position) else { return nil }
                position = skipSpace(nameEnd)
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
                guard let valueEnd = skipValue(skipSpace(position + 1), depth: depth + 1) else { return nil }
                position = skipSpace(valueEnd)
                guard position < bytes.count else { return nil }
                if bytes[position] == UInt8(ascii: "}") { return position + 1 }
                guard bytes[position] == UInt8(ascii: ",") else { return nil }
                position = skipSpace(position + 1)
            }
        case UInt8(ascii: "["):
            var position = skipSpace(start + 1)
            guard position < bytes.count else { return nil }
            if bytes[position] == UInt8(ascii: "]") { return position + 1 }
            while true {
                guard let valueEnd = skipValue(position, depth: depth + 1) else { return nil }
                position = skipSpace(valueEnd)
                guard position < bytes.count else { return nil }
                if bytes[position] == UInt8(ascii: "]") { return position + 1 }
                guard bytes[position] == UInt8(ascii: ",") else { return nil }
                position = skipSpace(position + 1)
            }
        case UInt8(ascii: "\""):
            return skipString(start)
        case UInt8(ascii: "t"):
            return skipLiteral("true", start)
        case UInt8(ascii: "f"):
            return skipLiteral("false", start)
        case UInt8(ascii: "n"):
            return skipLiteral("null", start)
        default:
            return skipNumber(start)
        }
    }

    /// The end of the string starting at the quote at `start`; control characters and non-ASCII bytes refuse.
    private func skipString(_ start: Int) -> Int? {
        var position = start + 1
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                return position + 1
            case UInt8(ascii: "\\"):
                guard position + 1 < bytes.count else { return nil }
                switch bytes[position + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 2
                case UInt8(ascii: "u"):
                    // \u escapes may encode surrogates the full parser rejects or pairs: let it judge.
                    return nil
                default:
                    return nil
                }
            default:
                guard byte >= 0x20, byte < 0x80 else { return nil }
                position += 1
            }
        }
        return nil
    }

    private func skipLiteral(_ literal: StaticString, _ start: Int) -> Int? {
        let count = literal.utf8CodeUnitCount
        guard start + count <= bytes.count else { return nil }
        let text = literal.utf8Start
        for offset in 0..<count where bytes[start + offset] != text[offset] { return nil }
        return start + count
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private func skipNumber(_ start: Int) -> Int? {
        var position = start
        func isDigit(_ index: Int) -> Bool {
            index < bytes.count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard isDigit(position) else { return nil }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while isDigit(position) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard isDigit(position) else { return nil }
            while isDigit(position) { position += 1 }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard isDigit(position) else { return nil }
            while isDigit(position) { position += 1 }
        }
        return position
    }
}

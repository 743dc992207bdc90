import Foundation

/// Lays out compact JSON for people: every object member on its own indented line (`"key" : value`, as Foundation's
/// pretty printing writes it), arrays of objects one element per line, and arrays with no object inside (numbers,
/// strings, `[value, count]` pairs) on one line.
///
/// Why not `JSONEncoder`'s `.prettyPrinted`: it puts every number of a histogram on a line of its own, deeply
/// indented, so a long run's `result.json` is five times its compact size, and the encoder grows that text by
/// doubling in memory at the end of the run, when everything measured is still held. Laid out here, the file is
/// about a third larger than compact and each top-level member still starts a line of its own (`  "key" : …`).
public enum JSONLayout {
    /// `compact` (valid JSON without insignificant whitespace, as `JSONEncoder` writes it) laid out.
    public static func readable(_ compact: Data) -> Data {
        let bytes = [UInt8](compact)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 3)
        let writer = Writer(bytes: bytes)
        writer.value(at: 0, depth: 0, into: &out)
        return Data(out)
    }

    private struct Writer {
        let bytes: [UInt8]
        static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
        static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
        static let comma = UInt8(ascii: ","), colon = UInt8(ascii: ":")

        /// Writes the value starting at `start`; returns the index after it.
        @discardableResult
        func value(at start: Int, depth: Int, into out: inout [UInt8]) -> Int {
            guard start < bytes.count else { return start }
            switch bytes[start] {
            case Self.openBrace: return object(at: start, depth: depth, into: &out)
            case Self.openBracket:
                let end = end(of: start)
                if containsObject(start, end) { return array(at: start, depth: depth, into: &out) }
                inline(start, end, into: &out)
                return end
            default:
                let end = end(of: start)
                out.append(contentsOf: bytes[start..<end])
                return end
            }
        }

        private func object(at start: Int, depth: Int, into out: inout [UInt8]) -> Int {
            var i = start + 1
            if i < bytes.count, bytes[i] == Self.closeBrace {
                out.append(contentsOf: [Self.openBrace, Self.closeBrace])
                return i + 1
            }
            out.append(Self.openBrace)
            while i < bytes.count {
                newline(depth + 1, into: &out)
                let keyEnd = end(of: i)
                out.append(contentsOf: bytes[i..<keyEnd])
                out.append(contentsOf: Array(" : ".utf8))
                i = value(at: keyEnd + 1, depth: depth + 1, into: &out)  // past the colon
                if i < bytes.count, bytes[i] == Self.comma { out.append(Self.comma); i += 1; continue }
                break
            }
            newline(depth, into: &out)
            out.append(Self.closeBrace)
            return i + 1
        }

        private func array(at start: Int, depth: Int, into out: inout [UInt8]) -> Int {
            var i = start + 1
            out.append(Self.openBracket)
            while i < bytes.count {
                newline(depth + 1, into: &out)
                i = value(at: i, depth: depth + 1, into: &out)
                if i < bytes.count, bytes[i] == Self.comma { out.append(Self.comma); i += 1; continue }
                break
            }
            newline(depth, into: &out)
            out.append(Self.closeBracket)
            return i + 1
        }

        /// Copies `[start, end)` with a space after each comma outside strings.
        private func inline(_ start: Int, _ end: Int, into out: inout [UInt8]) {
            var inString = false, escaped = false
            for byte in bytes[start..<end] {
                out.append(byte)
                if inString {
                    if escaped { escaped = false } else if byte == Self.backslash { escaped = true } else if byte == Self.quote { inString = false }
                } else if byte == Self.quote {
                    inString = true
                } else if byte == Self.comma {
                    out.append(UInt8(ascii: " "))
                }
            }
        }

        private func newline(_ depth: Int, into out: inout [UInt8]) {
            out.append(UInt8(ascii: "\n"))
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
        }

        /// Whether an object starts anywhere in `[start, end)` (outside strings).
        private func containsObject(_ start: Int, _ end: Int) -> Bool {
            var inString = false, escaped = false
            for byte in bytes[start..<end] {
                if inString {
                    if escaped { escaped = false } else if byte == Self.backslash { escaped = true } else if byte == Self.quote { inString = false }
                } else if byte == Self.quote {
                    inString = true
                } else if byte == Self.openBrace {
                    return true
                }
            }
            return false
        }

        /// The index after the value (string, number, literal, array or object) starting at `start`.
        private func end(of start: Int) -> Int {
            var i = start
            var depth = 0, inString = false, escaped = false
            while i < bytes.count {
                let byte = bytes[i]
                if inString {
                    if escaped { escaped = false } else if byte == Self.backslash { escaped = true } else if byte == Self.quote {
                        inString = false
                        if depth == 0 { return i + 1 }
                    }
                } else {
                    switch byte {
                    case Self.quote: inString = true
                    case Self.openBrace, Self.openBracket: depth += 1
                    case Self.closeBrace, Self.closeBracket:
                        depth -= 1
                        if depth <= 0 { return depth == 0 ? i + 1 : i }
                    case Self.comma, Self.colon:
                        if depth == 0 { return i }
                    default: break
                    }
                }
                i += 1
            }
            return i
        }
    }
}

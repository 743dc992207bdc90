/// Checks that a method, header or URL can go on the wire as one well-formed piece: nothing a user, a file or a
/// server supplies may split a request (CR, LF) or cut it short (NUL).
///
/// Messages name what is wrong and where, never the value itself: a header value may hold a secret, and one after a
/// CR LF would otherwise escape redaction.
public enum HTTPSyntax {
    /// Why `method` is not an RFC 9110 method (a token: `1*tchar`, section 9.1), or nil when it is.
    public static func methodProblem(_ method: String) -> String? {
        if method.isEmpty { return "method is empty; expected a token such as GET or POST" }
        if let bad = method.utf8.firstIndex(where: { !isTokenByte($0) }) {
            let offset = method.utf8.distance(from: method.utf8.startIndex, to: bad)
            return "method '\(shown(method))' is not an RFC 9110 token: \(describe(method.utf8[bad])) at character \(offset + 1)"
                + " (letters, digits and !#$%&'*+-.^_`|~ only)"
        }
        return nil
    }

    /// Why `name: value` is not a valid header line, or nil when it is: the name must be an RFC 9110 token
    /// (section 5.1) and the value must hold no CR, LF, NUL or other control character but tab (section 5.5).
    public static func headerProblem(name: String, value: String) -> String? {
        if let problem = headerNameProblem(name) { return problem }
        if let bad = value.utf8.firstIndex(where: isForbiddenInValue) {
            return "header '\(name)' value has \(describe(value.utf8[bad]))"
        }
        return nil
    }

    /// Why a `Name: value` line (as given to `-H`) is not a valid header, or nil when it is.
    public static func headerLineProblem(_ line: String) -> String? {
        guard let colon = line.firstIndex(of: ":") else {
            // Not quoted: without its colon, a line such as `Authorization Bearer ...` is all value.
            return "a header must be written as Name: value (no ':' found)"
        }
        return headerProblem(name: String(line[..<colon]), value: String(line[line.index(after: colon)...]))
    }

    /// Why `name` is not an RFC 9110 field name (a token), or nil when it is.
    public static func headerNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "header name is empty" }
        if let bad = name.utf8.firstIndex(where: { !isTokenByte($0) }) {
            return "header name '\(shown(name))' is not an RFC 9110 token: \(describe(name.utf8[bad]))"
                + " (letters, digits and !#$%&'*+-.^_`|~ only)"
        }
        return nil
    }

    /// Why `url` cannot be sent as a request target, or nil when it can: no space, CR, LF, NUL or other control
    /// character (RFC 3986 has none of them; encode a space as %20).
    public static func urlProblem(_ url: String) -> String? {
        if let bad = url.utf8.firstIndex(where: { $0 < 0x21 || $0 == 0x7F }) {
            let offset = url.utf8.distance(from: url.utf8.startIndex, to: bad)
            let fix = url.utf8[bad] == 0x20 ? "; encode it as %20" : ""
            return "URL has \(describe(url.utf8[bad])) at character \(offset + 1)\(fix)"
        }
        return nil
    }

    /// `tchar` of RFC 9110 section 5.6.2.
    public static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    static func isForbiddenInValue(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09) || byte == 0x7F
    }

    /// `a CR`, `a LF`, `a NUL`, `a space`, `control character 0x01`, `'@'`.
    static func describe(_ byte: UInt8) -> String {
        switch byte {
        case 13: return "a CR (carriage return)"
        case 10: return "a LF (line feed)"
        case 0: return "a NUL"
        case 32: return "a space"
        case 9: return "a tab"
        case 0x21..<0x7F: return "'\(Character(Unicode.Scalar(byte)))'"
        case 0x80...: return "a non-ASCII character"
        default: return "control character 0x" + String(byte, radix: 16, uppercase: true)
        }
    }

    /// The text with control characters written as escapes (`GET\r\nEvil`), cut to 60 characters, for messages.
    static func shown(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(60) {
            switch scalar {
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + String(scalar.value, radix: 16, uppercase: true)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return text.unicodeScalars.count > 60 ? out + "..." : out
    }
}

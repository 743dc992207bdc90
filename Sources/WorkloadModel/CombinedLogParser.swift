/// Parses one line of the combined log format:
///
/// `HOST IDENT USER [TIME] "METHOD TARGET PROTOCOL" STATUS BYTES "REFERER" "USER-AGENT"`
///
/// followed, optionally, by a bare number, the duration in microseconds (Apache `%D`), and a quoted field, the
/// session header (what the reference CRM's `--access-log` writes). Works on bytes: a gigabyte of lines must not
/// become a gigabyte of `String`s.
public enum CombinedLogParser {
    /// The record of a line, or nil when the line is not in the format.
    public static func parse(_ line: ArraySlice<UInt8>) -> LogRecord? {
        var p = FieldCursor(bytes: line)
        guard let client = p.token(), p.token() != nil, p.token() != nil, let time = p.bracketed(),
              let startMillis = LogTimestamp.combined(time), let request = p.quoted(),
              let status = p.token().flatMap(FieldCursor.integer), (100...999).contains(status),
              let bytesField = p.token()
        else { return nil }
        let responseBytes = FieldCursor.integer(bytesField) ?? 0
        guard let (method, target) = requestLine(request) else { return nil }
        var record = LogRecord(
            client: String(decoding: client, as: UTF8.self), startMillis: startMillis, method: method,
            target: target, status: status, responseBytes: responseBytes)
        if p.quoted() != nil, let agent = p.quoted() {  // referer, then user agent
            record.userAgent = agent.count == 1 && agent.first == 0x2D ? "" : FieldCursor.unescaped(agent)
        }
        // Extra fields: the first bare number is the duration, the first quoted field the session header.
        while !p.atEnd {
            if p.peek == 0x22 {
                guard let value = p.quoted() else { break }
                if record.sessionHeader == nil, !(value.count == 1 && value.first == 0x2D), !value.isEmpty {
                    record.sessionHeader = FieldCursor.unescaped(value)
                }
            } else {
                guard let token = p.token() else { break }
                if record.durationMicros == nil, let micros = FieldCursor.integer(token) { record.durationMicros = Int64(micros) }
            }
        }
        return record
    }

    /// `GET /path HTTP/1.1` → method and target; nil for `-` or a line without both.
    private static func requestLine(_ bytes: ArraySlice<UInt8>) -> (String, String)? {
        guard let space = bytes.firstIndex(of: 0x20) else { return nil }
        let method = bytes[bytes.startIndex..<space]
        var rest = bytes[(space + 1)...]
        if let protocolSpace = rest.lastIndex(of: 0x20) { rest = rest[rest.startIndex..<protocolSpace] }
        guard !method.isEmpty, method.count <= 16, method.allSatisfy({ (0x41...0x5A).contains($0) }),
              rest.first == 0x2F || rest.first == 0x68  // a path, or an absolute URL (proxy logs)
        else { return nil }
        return (String(decoding: method, as: UTF8.self), FieldCursor.unescaped(rest))
    }
}

/// A reading position over one log line's bytes.
struct FieldCursor {
    let bytes: ArraySlice<UInt8>
    var index: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
        skipSpaces()
    }

    var atEnd: Bool { index >= bytes.endIndex }
    var peek: UInt8? { atEnd ? nil : bytes[index] }

    mutating func skipSpaces() {
        while index < bytes.endIndex, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D { index += 1 }
    }

    /// The bytes up to the next space.
    mutating func token() -> ArraySlice<UInt8>? {
        guard !atEnd else { return nil }
        let start = index
        while index < bytes.endIndex, bytes[index] != 0x20 { index += 1 }
        let field = bytes[start..<index]
        skipSpaces()
        return field
    }

    /// `[...]` without the brackets.
    mutating func bracketed() -> ArraySlice<UInt8>? {
        guard peek == 0x5B else { return nil }
        let start = index + 1
        guard let end = bytes[start...].firstIndex(of: 0x5D) else { return nil }
        index = end + 1
        skipSpaces()
        return bytes[start..<end]
    }

    /// `"..."` without the quotes; a backslash escapes the next byte (the escapes stay in the slice).
    mutating func quoted() -> ArraySlice<UInt8>? {
        guard peek == 0x22 else { return nil }
        var i = index + 1
        let start = i
        while i < bytes.endIndex, bytes[i] != 0x22 {
            i += bytes[i] == 0x5C ? 2 : 1
        }
        guard i < bytes.endIndex else { return nil }
        index = i + 1
        skipSpaces()
        return bytes[start..<i]
    }

    /// A non-negative decimal integer, nil for anything else (`-` included).
    static func integer(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    /// The text of a quoted field with `\"` and `\\` undone (other escapes, e.g. nginx's `\x22`, are kept).
    static func unescaped(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(0x5C) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == 0x5C, i + 1 < bytes.endIndex, bytes[i + 1] == 0x22 || bytes[i + 1] == 0x5C {
                out.append(bytes[i + 1])
                i += 2
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The header block of a response as received, kept as raw bytes: parsing is left to whoever reads it.
///
/// Only the last block is kept (a redirect or a `100 Continue` starts a new one).
public struct ResponseHeaderBlock: Sendable {
    /// The header lines as received, line ends included.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// Appends one header line as libcurl hands it over (a status line starts a new block).
    mutating func append(line: UnsafeBufferPointer<UInt8>) {
        if line.count >= 5, line[0] == UInt8(ascii: "H"), line[1] == UInt8(ascii: "T"), line[2] == UInt8(ascii: "T"),
           line[3] == UInt8(ascii: "P"), line[4] == UInt8(ascii: "/") {
            bytes.removeAll(keepingCapacity: true)
        }
        bytes.append(contentsOf: line)
    }

    /// Appends one line given without its line end.
    mutating func appendLine(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        bytes.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
    }

    /// Empties the block, keeping its storage.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// The lines without their line ends, status line first; empty lines are left out.
    public var lines: [String] {
        var lines: [String] = []
        forEachLine { lines.append(String(decoding: $0, as: UTF8.self)) }
        return lines
    }

    /// The `(name, value)` pairs after the status line; leading blanks of values are dropped.
    public var fields: [(String, String)] {
        var fields: [(String, String)] = []
        var isStatusLine = true
        forEachLine { line in
            if isStatusLine { isStatusLine = false; return }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
            var valueStart = colon + 1
            while valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") || line[valueStart] == UInt8(ascii: "\t") {
                valueStart += 1
            }
            fields.append((String(decoding: line[..<colon], as: UTF8.self),
                           String(decoding: line[valueStart...], as: UTF8.self)))
        }
        return fields
    }

    /// Calls `body` with each non-empty line, line end (CR, LF) removed.
    private func forEachLine(_ body: (ArraySlice<UInt8>) -> Void) {
        var start = bytes.startIndex
        while start < bytes.endIndex {
            var end = start
            while end < bytes.endIndex, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var trimmed = end
            while trimmed > start, bytes[trimmed - 1] == UInt8(ascii: "\r") { trimmed -= 1 }
            if trimmed > start { body(bytes[start..<trimmed]) }
            start = end + 1
        }
    }
}

/// Snappy's block format (github.com/google/snappy, format_description.txt), which Prometheus remote write
/// requires for its bodies: the uncompressed length as a varint, then literals and copies. The compressor finds
/// 4-byte matches through a hash table in 64 KiB blocks (as the reference compressor does) and writes them as
/// copies with 2-byte offsets; the decoder reads every element kind, for the tests and for checking what was sent.
public enum Snappy {
    /// `input` compressed.
    public static func compress(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 2 + 16)
        appendVarint(UInt64(input.count), to: &out)
        var blockStart = 0
        while blockStart < input.count {
            let blockEnd = min(input.count, blockStart + 65_536)
            compressBlock(input, from: blockStart, to: blockEnd, into: &out)
            blockStart = blockEnd
        }
        return out
    }

    private static func compressBlock(_ input: [UInt8], from start: Int, to end: Int, into out: inout [UInt8]) {
        var table = [Int](repeating: -1, count: 1 << 14)
        var literalStart = start
        var i = start
        func load(_ at: Int) -> UInt32 {
            UInt32(input[at]) | UInt32(input[at + 1]) << 8 | UInt32(input[at + 2]) << 16 | UInt32(input[at + 3]) << 24
        }
        while i + 4 <= end {
            let word = load(i)
            let slot = Int((word &* 0x1E35_A7BD) >> 18)
            let candidate = table[slot]
            table[slot] = i
            guard candidate >= start, i - candidate <= 65_535, load(candidate) == word else { i += 1; continue }
            var length = 4
            while i + length < end && input[candidate + length] == input[i + length] { length += 1 }
            appendLiteral(input, from: literalStart, to: i, into: &out)
            let offset = i - candidate
            var left = length
            while left > 0 {
                // 2-byte-offset copies carry 1 to 64 bytes each (format_description.txt 2.2.2).
                let chunk = min(left, 64)
                out.append(UInt8((chunk - 1) << 2 | 0b10))
                out.append(UInt8(offset & 0xFF))
                out.append(UInt8(offset >> 8))
                left -= chunk
            }
            i += length
            literalStart = i
        }
        appendLiteral(input, from: literalStart, to: end, into: &out)
    }

    /// A literal: up to 60 bytes with the length in the tag, longer with 1 to 4 length bytes after it (2.1).
    private static func appendLiteral(_ input: [UInt8], from start: Int, to end: Int, into out: inout [UInt8]) {
        let length = end - start
        guard length > 0 else { return }
        let n = length - 1
        if n < 60 {
            out.append(UInt8(n << 2))
        } else {
            var bytes: [UInt8] = []
            var rest = n
            while rest > 0 { bytes.append(UInt8(rest & 0xFF)); rest >>= 8 }
            out.append(UInt8((59 + bytes.count) << 2))
            out += bytes
        }
        out += input[start..<end]
    }

    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 { out.append(UInt8(rest & 0x7F) | 0x80); rest >>= 7 }
        out.append(UInt8(rest))
    }

    /// A malformed stream.
    public struct Corrupt: Error, Equatable {
        public var reason: String
    }

    /// `input` decompressed; a stream that is cut short, copies from before its start, or a length that does not
    /// match throw `Corrupt`.
    public static func decompress(_ input: [UInt8]) throws -> [UInt8] {
        var at = 0
        var expected: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard at < input.count, shift < 35 else { throw Corrupt(reason: "bad length varint") }
            let byte = input[at]; at += 1
            expected |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        var out: [UInt8] = []
        out.reserveCapacity(Int(min(expected, 1 << 26)))
        while at < input.count {
            let tag = input[at]; at += 1
            var length = 0, offset = 0
            switch tag & 0b11 {
            case 0:
                length = Int(tag >> 2) + 1
                if length > 60 {
                    let count = length - 60
                    guard at + count <= input.count else { throw Corrupt(reason: "literal length cut short") }
                    length = 0
                    for k in 0..<count { length |= Int(input[at + k]) << (8 * k) }
                    length += 1
                    at += count
                }
                guard at + length <= input.count else { throw Corrupt(reason: "literal cut short") }
                out += input[at..<(at + length)]
                at += length
                continue
            case 1:
                guard at < input.count else { throw Corrupt(reason: "copy cut short") }
                length = Int((tag >> 2) & 0b111) + 4
                offset = Int(tag >> 5) << 8 | Int(input[at]); at += 1
            case 2:
                guard at + 2 <= input.count else { throw Corrupt(reason: "copy cut short") }
                length = Int(tag >> 2) + 1
                offset = Int(input[at]) | Int(input[at + 1]) << 8; at += 2
            default:
                guard at + 4 <= input.count else { throw Corrupt(reason: "copy cut short") }
                length = Int(tag >> 2) + 1
                offset = Int(input[at]) | Int(input[at + 1]) << 8 | Int(input[at + 2]) << 16 | Int(input[at + 3]) << 24; at += 4
            }
            guard offset > 0, offset <= out.count else { throw Corrupt(reason: "copy offset \(offset) outside the output") }
            // Byte by byte: a copy longer than its offset repeats what it just wrote (run-length).
            for _ in 0..<length { out.append(out[out.count - offset]) }
        }
        guard UInt64(out.count) == expected else { throw Corrupt(reason: "length \(out.count), header says \(expected)") }
        return out
    }
}

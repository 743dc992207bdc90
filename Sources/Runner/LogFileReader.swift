import CZlib
import Foundation

/// Reads an access log in chunks, gzip or plain (told apart by the gzip magic bytes), and hands out its lines
/// without their newlines. Memory stays at one chunk plus the longest line, whatever the file's size.
///
/// A `final class` because it owns a file handle and, for gzip, a zlib stream.
public final class LogFileReader {
    /// Why a file cannot be read as a text log.
    public enum Problem: Error, Equatable {
        case unreadable(String)
        case binary
        case corruptGzip(String)
    }

    /// Longer lines are handed out cut (and will not parse): a file without newlines must not fill memory.
    public static let maxLineBytes = 64 * 1_024
    static let chunkBytes = 1 << 20

    private let handle: FileHandle
    /// zlib keeps a pointer back to its stream, so the stream lives at one address: allocated once, freed in deinit.
    private var stream: UnsafeMutablePointer<z_stream>?
    private var finished = false
    /// Whether the gzip stream's last member ended cleanly (a cut-off file does not).
    private var memberEnded = true
    private var checkedBinary = false
    /// Compressed or plain bytes read from the file so far.
    public private(set) var fileBytesRead = 0

    /// Opens `path`.
    public init(path: String) throws(Problem) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw .unreadable(exists ? "permission denied or not a regular file" : "no such file")
        }
        self.handle = handle
        let head = (try? handle.read(upToCount: 2)) ?? Data()
        try? handle.seek(toOffset: 0)
        stream = nil
        if head.count == 2, head[head.startIndex] == 0x1F, head[head.startIndex + 1] == 0x8B {
            let z = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            z.initialize(to: z_stream())
            guard czlib_inflate_init_gzip(z) == Z_OK else {
                z.deallocate()
                throw .corruptGzip("cannot start zlib")
            }
            stream = z
            memberEnded = false
        }
    }

    deinit {
        if let stream {
            inflateEnd(stream)
            stream.deallocate()
        }
        try? handle.close()
    }

    /// Calls `body` with every line, in order, then once more with the last line if it has no newline.
    public func forEachLine(_ body: (ArraySlice<UInt8>) -> Void) throws(Problem) {
        var carry: [UInt8] = []
        while let chunk = try nextChunk() {
            if !checkedBinary {
                checkedBinary = true
                if chunk.prefix(65_536).contains(0) { throw .binary }
            }
            var start = chunk.startIndex
            var index = start
            let end = chunk.endIndex
            while index < end {
                if chunk[index] == 0x0A {
                    if carry.isEmpty {
                        body(chunk[start..<min(index, start + Self.maxLineBytes)])
                    } else {
                        carry.append(contentsOf: chunk[start..<min(index, start + max(0, Self.maxLineBytes - carry.count))])
                        body(carry[...])
                        carry.removeAll(keepingCapacity: true)
                    }
                    start = index + 1
                }
                index += 1
            }
            if start < end {
                let room = Self.maxLineBytes - carry.count
                if room > 0 { carry.append(contentsOf: chunk[start..<min(end, start + room)]) }
            }
        }
        if !carry.isEmpty { body(carry[...]) }
    }

    /// The next chunk of (decompressed) bytes, nil at the end.
    private func nextChunk() throws(Problem) -> [UInt8]? {
        if finished { return nil }
        let raw: Data
        do { raw = try handle.read(upToCount: Self.chunkBytes) ?? Data() } catch { throw .unreadable("\(error)") }
        fileBytesRead += raw.count
        guard stream != nil else {
            if raw.isEmpty { finished = true; return nil }
            return [UInt8](raw)
        }
        if raw.isEmpty {
            finished = true
            if !memberEnded { throw .corruptGzip("the file ends inside a gzip member (cut off?)") }
            return nil
        }
        return try inflate(raw)
    }

    /// Decompresses one compressed chunk (several gzip members in a row are read as one stream, as `gzip -d` does).
    private func inflate(_ input: Data) throws(Problem) -> [UInt8] {
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: Self.chunkBytes)
        guard let stream else { return [] }
        var failure: Problem?
        input.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return }
            stream.pointee.next_in = UnsafeMutablePointer(mutating: base)
            stream.pointee.avail_in = UInt32(raw.count)
            while stream.pointee.avail_in > 0 {
                let status = buffer.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = UInt32(out.count)
                    return CZlib.inflate(stream, Z_NO_FLUSH)
                }
                let produced = buffer.count - Int(stream.pointee.avail_out)
                output.append(contentsOf: buffer[0..<produced])
                memberEnded = status == Z_STREAM_END
                if status == Z_STREAM_END {
                    if stream.pointee.avail_in == 0 { break }
                    inflateReset(stream)  // another gzip member follows
                } else if status != Z_OK && status != Z_BUF_ERROR {
                    failure = .corruptGzip(stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)")
                    return
                } else if produced == 0, status == Z_BUF_ERROR {
                    break
                }
            }
        }
        if let failure { throw failure }
        return output
    }
}

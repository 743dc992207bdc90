import Foundation
import Hummingbird

/// The `--access-log` file: one line per answered request in the combined log format, followed by the time to
/// answer in microseconds (Apache `%D`) and the `X-Session-Id` header (`-` when absent):
///
/// `127.0.0.1 - - [05/Dec/2026:07:38:44.123 +0000] "GET /api/v1/customers HTTP/1.1" 200 512 "-" "curl/8.5" 1834 "s17"`
///
/// The time is when the request arrived, with milliseconds (pauses between a user's requests are often shorter than
/// a second). Lines are buffered and written in blocks of at most ``flushBytes`` (or after a second), so logging
/// costs no system call per request; memory is bounded by that block. A `final class` because it owns the file.
final class AccessLog: Sendable {
    /// A block is written once it holds this many bytes.
    static let flushBytes = 64 * 1_024
    /// The header whose value ends each line (lower case, as HTTP field names compare).
    static let sessionHeader = "x-session-id"

    private let handle: FileHandle
    private let state = LockedBox(State())

    private struct State {
        var buffer: [UInt8] = []
        var lastFlushMillis: Int64 = 0
    }

    /// Opens (creating if needed) `path` for appending.
    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        try handle.seekToEnd()
        self.handle = handle
    }

    /// Now, in milliseconds since 1970.
    static func epochMillisNow() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down)) }

    /// Appends the line of one answered request.
    func record(request: Request, status: Int, bytes: Int?, client: String, startEpochMillis: Int64,
                durationMicros: Double, http2: Bool) {
        var line = client.isEmpty ? "-" : client
        line += " - - [" + Self.timestamp(epochMillis: startEpochMillis) + "] \""
        line += request.method.rawValue + " " + Self.escaped(request.uri.description) + (http2 ? " HTTP/2.0\" " : " HTTP/1.1\" ")
        line += String(status) + " " + (bytes.map(String.init) ?? "-")
        line += " \"" + Self.escaped(request.headers[.referer] ?? "-") + "\" \"" + Self.escaped(request.headers[.userAgent] ?? "-") + "\" "
        line += String(Int64(max(durationMicros, 0).rounded())) + " \"" + Self.escaped(request.headers.first { $0.name.canonicalName == Self.sessionHeader }?.value ?? "-") + "\"\n"
        let now = startEpochMillis
        state.withLock { state in
            state.buffer.append(contentsOf: line.utf8)
            guard state.buffer.count >= Self.flushBytes || now - state.lastFlushMillis >= 1_000 else { return }
            state.lastFlushMillis = now
            write(&state.buffer)
        }
    }

    /// Writes what is buffered; called when the server stops.
    func flush() {
        state.withLock { state in write(&state.buffer) }
        try? handle.synchronize()
    }

    /// Writes and empties the buffer, under the lock so blocks stay in order. A failed write (disk full) drops the
    /// block instead of growing the buffer: the server keeps answering, and the log has a gap.
    private func write(_ buffer: inout [UInt8]) {
        if !buffer.isEmpty { try? handle.write(contentsOf: buffer) }
        buffer.removeAll(keepingCapacity: true)
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    /// `05/Dec/2026:07:38:44.123 +0000` (UTC).
    static func timestamp(epochMillis: Int64) -> String {
        let millis = Int(((epochMillis % 1_000) + 1_000) % 1_000)
        let seconds = (epochMillis - Int64(millis)) / 1_000
        let c = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                           from: Date(timeIntervalSince1970: Double(seconds)))
        let (year, month, day) = (c.year ?? 1970, c.month ?? 1, c.day ?? 1)
        let secondOfDay = (c.hour ?? 0) * 3_600 + (c.minute ?? 0) * 60 + (c.second ?? 0)
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let millisText = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(two(day))/\(names[month - 1])/\(year):\(two(secondOfDay / 3_600)):\(two(secondOfDay / 60 % 60)):" +
            "\(two(secondOfDay % 60)).\(millisText) +0000"
    }

    /// A field safe inside quotes: `"` and `\` escaped, control bytes as `\xHH` (Apache's escaping).
    static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 == 0x7F }) else { return text }
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case 0x22, 0x5C: out += [0x5C, byte]
            case 0..<0x20, 0x7F: out += Array(String(format: "\\x%02x", byte).utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1:0 for engine tests: keep-alive, a fixed status, an optional delay,
/// and an exact count of the requests it answered. One thread per connection.
// Its counters are read and written under `lock` only, from the connection threads and the test's thread.
final class TestHTTPServer: @unchecked Sendable {
    let port: UInt16
    private let listenFD: Int32
    private let lock = NSLock()
    private var answered = 0
    private var closed = false
    let status: Int
    let delayMicros: UInt32
    let body: String
    /// Close a connection without notice after this many responses on it (nil: keep it open).
    let closeAfterResponses: Int?
    /// Whether a request without a `Cookie` header is answered with a new `Set-Cookie: jar=N`.
    let setsCookies: Bool
    private var cookiesIssued = 0
    private var cookiesReceived: [String: Int] = [:]
    private var userAgentsReceived: [String: Int] = [:]
    private var accepted = 0
    private var headsAnswered = 0
    private var acceptedAtFirstRequest: Int?
    private var headsAtFirstRequest: Int?

    var requestCount: Int { lock.lock(); defer { lock.unlock() }; return answered }
    /// How many cookies were handed out, and how many requests came back with each.
    var cookies: (issued: Int, received: [String: Int]) { lock.lock(); defer { lock.unlock() }; return (cookiesIssued, cookiesReceived) }
    /// How many requests came with each User-Agent value ("" for a request without one).
    var userAgents: [String: Int] { lock.lock(); defer { lock.unlock() }; return userAgentsReceived }
    /// Connections accepted and HEAD requests answered before the first other request came (nil: none came).
    var beforeFirstRequest: (connections: Int, heads: Int)? {
        lock.lock(); defer { lock.unlock() }
        guard let connections = acceptedAtFirstRequest, let heads = headsAtFirstRequest else { return nil }
        return (connections, heads)
    }

    init(status: Int = 200, delayMicros: UInt32 = 0, body: String = #"{"id":42,"status":"ok"}"#,
         closeAfterResponses: Int? = nil, setsCookies: Bool = false) throws {
        self.closeAfterResponses = closeAfterResponses
        self.status = status
        self.delayMicros = delayMicros
        self.body = body
        self.setsCookies = setsCookies
        (listenFD, port) = try LoopbackListener.open(backlog: 512)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    func stop() {
        lock.lock(); closed = true; lock.unlock()
        shutdown(listenFD, Int32(SHUT_RDWR))
        close(listenFD)
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listenFD, nil, nil)
            if fd < 0 { return }
            lock.lock(); accepted += 1; lock.unlock()
            let thread = Thread { [self] in serve(fd) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var pending: [UInt8] = []
        var responses = 0
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { return }
            pending.append(contentsOf: buffer[0..<n])
            while let end = headerEnd(pending) {
                let head = String(decoding: pending[0..<end], as: UTF8.self)
                var contentLength = 0
                var cookie: String?
                var userAgent = ""
                for line in head.split(separator: "\r\n") {
                    let lower = line.lowercased()
                    if lower.hasPrefix("content-length:") {
                        contentLength = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
                    } else if lower.hasPrefix("cookie:") {
                        cookie = line.dropFirst("cookie:".count).trimmingCharacters(in: .whitespaces)
                    } else if lower.hasPrefix("user-agent:") {
                        // Several User-Agent lines show as "a|b".
                        let value = line.dropFirst("user-agent:".count).trimmingCharacters(in: .whitespaces)
                        userAgent = userAgent.isEmpty ? value : userAgent + "|" + value
                    }
                }
                guard pending.count >= end + 4 + contentLength else { break }
                pending.removeFirst(end + 4 + contentLength)
                if delayMicros > 0 { usleep(delayMicros) }
                let isHead = head.hasPrefix("HEAD ")
                lock.lock()
                if isHead {
                    headsAnswered += 1
                } else if acceptedAtFirstRequest == nil {
                    (acceptedAtFirstRequest, headsAtFirstRequest) = (accepted, headsAnswered)
                }
                answered += 1
                userAgentsReceived[userAgent, default: 0] += 1
                var setCookie = ""
                if let cookie {
                    cookiesReceived[cookie, default: 0] += 1
                } else if setsCookies {
                    cookiesIssued += 1
                    setCookie = "Set-Cookie: jar=\(cookiesIssued); Path=/\r\n"
                }
                lock.unlock()
                let response = "HTTP/1.1 \(status) X\r\nContent-Type: application/json\r\nX-Request-Id: r\(answered)\r\n" + setCookie
                    + "Content-Length: \(body.utf8.count)\r\n\r\n" + (isHead ? "" : body)
                let bytes = Array(response.utf8)
                if write(fd, bytes, bytes.count) < 0 { return }
                responses += 1
                if let limit = closeAfterResponses, responses >= limit { return }
            }
        }
    }

    private func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A raw TCP server on 127.0.0.1:0 that answers every request with one kind of broken reply, to check how the
/// engine classifies what a misbehaving server does. One thread per connection; every behaviour ends on its own
/// or when the client gives up, so a test is bounded by the client's timeout.
// `closed` is read and written under `lock` only.
final class HostileServer: @unchecked Sendable {
    /// What the server does once it has read a request's header block.
    enum Behaviour: String, CaseIterable, Sendable {
        /// Half a header block, then a TCP reset.
        case resetMidHeaders
        /// The headers and part of the body, then a TCP reset.
        case resetMidBody
        /// `Content-Length: 100` and 3 bytes of body, then an orderly close.
        case shortBody
        /// `Transfer-Encoding: chunked` with a chunk size that is not hexadecimal.
        case badChunkEncoding
        /// A first line that is not a status line.
        case garbageStatusLine
        /// `HTTP/1.1 abc OK`.
        case nonNumericStatus
        /// A header line without a colon.
        case headerWithoutColon
        /// A 1 MB header line (libcurl 7.88 allows 100 KB).
        case hugeHeaderLine
        /// A valid response, one byte every 100 ms.
        case trickle
        /// Reads the request and never answers.
        case neverAnswer
        /// `HTTP/1.1 999 Weird`.
        case status999
        /// `HTTP/1.1 600 Weird`.
        case status600
        /// A body without a status line or headers (HTTP/0.9), then close.
        case http09
        /// Closes without a byte.
        case emptyReply
    }

    let port: UInt16
    let behaviour: Behaviour
    private let listenFD: Int32
    private let lock = NSLock()
    private var closed = false

    init(_ behaviour: Behaviour) throws {
        self.behaviour = behaviour
        (listenFD, port) = try LoopbackListener.open(backlog: 64)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var url: String { "http://127.0.0.1:\(port)/hostile" }

    func stop() {
        lock.lock(); closed = true; lock.unlock()
        shutdown(listenFD, Int32(SHUT_RDWR))
        close(listenFD)
    }

    private var isClosed: Bool { lock.lock(); defer { lock.unlock() }; return closed }

    private func acceptLoop() {
        while true {
            let fd = accept(listenFD, nil, nil)
            if fd < 0 { return }
            let thread = Thread { [self] in serve(fd) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        while readRequestHead(fd) {
            guard respond(fd) else { return }
        }
        close(fd)
    }

    /// Carries out the behaviour on one request; returns whether the connection is still open for the next one.
    private func respond(_ fd: Int32) -> Bool {
        switch behaviour {
        case .resetMidHeaders:
            send(fd, "HTTP/1.1 200 OK\r\nContent-Ty")
            pause(millis: 20)
            reset(fd)
            return false
        case .resetMidBody:
            send(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc")
            pause(millis: 20)
            reset(fd)
            return false
        case .shortBody:
            send(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc")
            close(fd)
            return false
        case .badChunkEncoding:
            send(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")
        case .garbageStatusLine:
            send(fd, "GARBAGE NONSENSE\r\n\r\n")
        case .nonNumericStatus:
            send(fd, "HTTP/1.1 abc OK\r\nContent-Length: 2\r\n\r\nok")
        case .headerWithoutColon:
            send(fd, "HTTP/1.1 200 OK\r\nNo colon here\r\nContent-Length: 2\r\n\r\nok")
        case .hugeHeaderLine:
            send(fd, "HTTP/1.1 200 OK\r\nX-Huge: " + String(repeating: "a", count: 1 << 20) + "\r\nContent-Length: 2\r\n\r\nok")
        case .trickle:
            for byte in "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello".utf8 {
                guard !isClosed, send(fd, [byte]) else { return false }
                pause(millis: 100)
            }
            return true
        case .neverAnswer:
            break
        case .status999:
            send(fd, "HTTP/1.1 999 Weird\r\nContent-Length: 2\r\n\r\nok")
            return true
        case .status600:
            send(fd, "HTTP/1.1 600 Weird\r\nContent-Length: 2\r\n\r\nok")
            return true
        case .http09:
            send(fd, "just a body, no status line\n")
            close(fd)
            return false
        case .emptyReply:
            close(fd)
            return false
        }
        // The client gives up on its own: wait for it to close, so the close is its and no reset comes from here.
        drainUntilClosed(fd)
        close(fd)
        return false
    }

    /// Reads up to the end of a request's header block (the engine's requests here have no body).
    private func readRequestHead(_ fd: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4_096)
        var pending: [UInt8] = []
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { return false }
            pending.append(contentsOf: buffer[0..<n])
            if pending.count >= 4, pending.suffix(4).elementsEqual([13, 10, 13, 10]) { return true }
        }
    }

    private func drainUntilClosed(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while read(fd, &buffer, buffer.count) > 0 {}
    }

    @discardableResult
    private func send(_ fd: Int32, _ text: String) -> Bool { send(fd, Array(text.utf8)) }

    /// Writes everything, without SIGPIPE when the client is gone.
    @discardableResult
    private func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Closes with a TCP reset (SO_LINGER with a zero timeout).
    private func reset(_ fd: Int32) {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        close(fd)
    }

    private func pause(millis: UInt32) { usleep(millis * 1_000) }
}

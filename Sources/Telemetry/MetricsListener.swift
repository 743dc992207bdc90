import Foundation
import Runner
#if canImport(Glibc)
import Glibc
#endif

/// `--metrics-listen HOST:PORT`: serves the live figures as Prometheus text at `/metrics` while the run goes.
///
/// A plain blocking socket on one thread rather than Hummingbird: a scrape is one small GET every few seconds, and
/// keeping NIO's event loops out of the load generator's process leaves its cores to the workers (Hummingbird stays
/// the reference CRM's alone, as the dependency rules say). One connection at a time, `Connection: close`.
public final class MetricsListener: LiveSink, @unchecked Sendable {  // `page` behind `lock`; `socket` set once
    /// Why the address cannot be listened on (in use, not allowed, not an address).
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    private let socket: Int32
    private let lock = NSLock()
    private var page = ""
    private var lastSecond: LiveSample?
    private var scrapeTimes: [Date] = []  // behind `lock`: when the last pages were served
    private var finalPage = false
    private let finalServed = DispatchSemaphore(value: 0)
    private let labels: [String: String]
    private let endpoints: [EndpointLabels]
    /// The port listened on (the one asked for, or the one the system picked for port 0).
    public let port: Int

    /// Binds `address` ("127.0.0.1:9464", "[::1]:0", ":9464" for every interface) and starts serving; throws
    /// `Unavailable` when the address is in use or not allowed, before any load.
    public init(address: String, labels: [String: String], endpoints: [EndpointLabels] = []) throws {
        self.labels = labels
        self.endpoints = endpoints
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else {
            throw Unavailable(description: "--metrics-listen: '\(address)' is not HOST:PORT")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var info: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host.isEmpty ? nil : host, String(port), &hints, &info) == 0, let first = info else {
            throw Unavailable(description: "--metrics-listen: cannot resolve '\(host)'")
        }
        defer { freeaddrinfo(info) }
        let fd = Glibc.socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Unavailable(description: "--metrics-listen: cannot open a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0, listen(fd, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw Unavailable(description: "--metrics-listen: cannot listen on \(address): \(reason)")
        }
        var bound = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        self.port = withUnsafePointer(to: &bound) { pointer in
            pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
        socket = fd
        page = PrometheusText.render(LiveSample(time: Date()), labels: labels)
        let thread = Thread { [weak self] in self?.serve() }
        thread.start()
    }

    public func receive(_ sample: LiveSample) {
        var shown = sample
        lock.lock()
        // A tick without a new second keeps the last second's percentiles on the page.
        if sample.second == nil { shown.second = lastSecond?.second } else { lastSecond = sample }
        page = PrometheusText.render(shown, labels: labels, endpoints: endpoints)
        lock.unlock()
    }

    /// The final totals stay on the page. When a scraper has been reading the page, waits for its next scrape
    /// (at most twice the interval seen between its scrapes, and 15 s), so the totals it keeps are the result's
    /// and not those of a second before the end; with nobody scraping the run ends at once.
    public func finish(_ sample: LiveSample) {
        receive(sample)
        lock.lock()
        finalPage = true
        let times = scrapeTimes
        lock.unlock()
        guard let last = times.last else { return }
        let interval = times.count > 1 ? last.timeIntervalSince(times[times.count - 2]) : 5
        _ = finalServed.wait(timeout: .now() + min(15, max(1, 2 * interval + 0.5)))
    }

    /// The page as served now.
    public var currentPage: String { lock.lock(); defer { lock.unlock() }; return page }

    private func serve() {
        while true {
            let client = accept(socket, nil, nil)
            if client < 0 { if errno == EINTR { continue } else { return } }
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var request = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while request.count < 16_384 {
                let n = read(client, &buffer, buffer.count)
                if n <= 0 { break }
                request += buffer[0..<n]
                if request.count >= 4, request.suffix(4) == [13, 10, 13, 10] { break }
            }
            let line = String(decoding: request.prefix { $0 != 13 }, as: UTF8.self)
            let ok = line.hasPrefix("GET /metrics ") || line.hasPrefix("GET /metrics?")
            lock.lock()
            let body = ok ? page : "not found: GET /metrics\n"
            let servesFinal = ok && finalPage
            if ok { scrapeTimes = Array((scrapeTimes + [Date()]).suffix(2)) }
            lock.unlock()
            let head = "HTTP/1.1 \(ok ? "200 OK" : "404 Not Found")\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
            let bytes = Array((head + body).utf8)
            var sent = 0
            while sent < bytes.count {
                let n = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { break }
                sent += n
            }
            close(client)
            if servesFinal { finalServed.signal() }
        }
    }
}

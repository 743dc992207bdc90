import Foundation
import Testing
@testable import ReferenceCRM

/// Slow and idle clients do not keep connections forever: an idle connection is closed after the idle timeout, a
/// client that stops halfway through a request head after the header timeout.
@Suite("Connection timeouts", .serialized)
struct ConnectionTimeoutTests {
    static let request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

    static func configuration(idle: Duration?, header: Duration?) -> ServerConfiguration {
        var configuration = testConfiguration()
        configuration.database = .inMemory
        configuration.idleTimeout = idle
        configuration.headerTimeout = header
        return configuration
    }

    @Test("a keep-alive connection left idle is closed after the idle timeout", .tags(.timing))
    func idleConnectionIsClosed() async throws {
        try await withServer(Self.configuration(idle: .seconds(1), header: .seconds(30))) { client in
            let connection = try RawConnection(port: client.baseURL.port ?? 0)
            try connection.send(Self.request)
            let started = Date()
            let answer = connection.read(for: 10)
            let waited = Date().timeIntervalSince(started)
            #expect(answer.text.hasPrefix("HTTP/1.1 200"), "\(answer.text)")
            #expect(answer.closed)
            #expect(waited > 0.8 && waited < 8, "closed after \(waited) s")
        }
    }

    @Test("a client that sends half a request line and stops is cut off after the header timeout", .tags(.timing))
    func halfARequestLineIsCutOff() async throws {
        try await withServer(Self.configuration(idle: .seconds(60), header: .seconds(1))) { client in
            let connection = try RawConnection(port: client.baseURL.port ?? 0)
            let started = Date()
            try connection.send("GET /heal")
            let answer = connection.read(for: 10)
            let waited = Date().timeIntervalSince(started)
            #expect(answer.closed)
            #expect(answer.text.isEmpty, "\(answer.text)")
            #expect(waited > 0.8 && waited < 8, "closed after \(waited) s")
        }
    }

    @Test("a client that trickles its headers is cut off after the header timeout, not the idle timeout", .tags(.timing))
    func tricklingHeadersAreCutOff() async throws {
        try await withServer(Self.configuration(idle: .seconds(60), header: .seconds(1))) { client in
            let connection = try RawConnection(port: client.baseURL.port ?? 0)
            let started = Date()
            var closed = false
            for line in ["GET /healthz HTTP/1.1\r\n", "Host: 127.0.0.1\r\n", "X-A: 1\r\n", "X-B: 2\r\n", "X-C: 3\r\n", "X-D: 4\r\n"] {
                do { try connection.send(line) } catch { closed = true; break }
                if connection.read(for: 0.4).closed { closed = true; break }
            }
            #expect(closed)
            #expect(Date().timeIntervalSince(started) < 4)
        }
    }

    /// The header clock runs from a request's first byte, not during the wait between requests.
    @Test("time between requests on a keep-alive connection is not header time", .tags(.timing))
    func waitingBetweenRequestsIsNotHeaderTime() async throws {
        try await withServer(Self.configuration(idle: .seconds(60), header: .seconds(1))) { client in
            let connection = try RawConnection(port: client.baseURL.port ?? 0)
            try connection.send(Self.request)
            let first = connection.read(for: 5, untilClosed: false)
            #expect(first.text.hasPrefix("HTTP/1.1 200"), "\(first.text)")
            try await Task.sleep(for: .milliseconds(1_600))
            try connection.send(Self.request)
            let second = connection.read(for: 5, untilClosed: false)
            #expect(!second.closed)
            #expect(second.text.contains("HTTP/1.1 200"), "\(second.text)")
        }
    }

    @Test("the timeouts default to 60 s idle and 10 s for a request head")
    func defaults() {
        let configuration = ServerConfiguration()
        #expect(configuration.idleTimeout == .seconds(60))
        #expect(configuration.headerTimeout == .seconds(10))
    }

    @Test("--idle-timeout and --header-timeout take a duration or off", arguments: [
        ("5s" as String?, "250ms" as String?, Duration?.some(.seconds(5)), Duration?.some(.milliseconds(250))),
        ("off", "off", nil, nil),
        (nil, nil, .seconds(60), .seconds(10)),
    ])
    func timeoutOptions(idle: String?, header: String?, expectedIdle: Duration?, expectedHeader: Duration?) throws {
        var arguments = ServeArguments()
        arguments.idleTimeout = idle
        arguments.headerTimeout = header
        let configuration = try arguments.configuration()
        #expect(configuration.idleTimeout == expectedIdle)
        #expect(configuration.headerTimeout == expectedHeader)
    }

    @Test("zero, unreadable or over an hour is refused, naming the option", arguments: [
        ("0", "--idle-timeout must be more than 0"),
        ("2h", "--idle-timeout: '2h' is not a duration"),
        ("3601s", "--idle-timeout must be more than 0 and at most 3600s"),
    ])
    func badTimeouts(text: String, message: String) {
        var arguments = ServeArguments()
        arguments.idleTimeout = text
        arguments.headerTimeout = text
        do {
            _ = try arguments.configuration()
            Issue.record("accepted \(text)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
            #expect("\(error)".contains("--header-timeout"), "\(error)")
        }
    }
}

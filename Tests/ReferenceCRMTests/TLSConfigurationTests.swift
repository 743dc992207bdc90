import Foundation
import Testing
@testable import ReferenceCRM

/// `serve --tls-cert/--tls-key/--tls-client-ca/--http2`: what is accepted, and every unusable file reported with its
/// flag, its path and what was wrong.
@Suite("Serve TLS flags")
struct TLSConfigurationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tls").path
    static func fixture(_ name: String) -> String { fixtures + "/" + name }

    private func arguments(cert: String?, key: String?, clientCA: String? = nil) -> ServeArguments {
        var arguments = ServeArguments()
        arguments.tlsCert = cert
        arguments.tlsKey = key
        arguments.tlsClientCA = clientCA
        return arguments
    }

    private func problems(_ arguments: ServeArguments) -> [String] {
        do {
            _ = try arguments.configuration()
            return []
        } catch let error as ConfigurationError {
            return error.problems
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test("the fixture certificate, key and client CA are accepted")
    func validFiles() throws {
        var arguments = arguments(cert: Self.fixture("server.pem"), key: Self.fixture("server.key"),
                                  clientCA: Self.fixture("ca.pem"))
        arguments.http2 = true
        let configuration = try arguments.configuration()
        #expect(configuration.tls == ServerTLS(certificatePath: Self.fixture("server.pem"), keyPath: Self.fixture("server.key"),
                                               clientCAPath: Self.fixture("ca.pem")))
        #expect(configuration.http2)
        let tls = try #require(configuration.tls).makeTLSConfiguration()
        #expect(tls.certificateChain.count == 1)
        #expect(tls.certificateVerification == .noHostnameVerification)
    }

    @Test("without a client CA no client certificate is asked for")
    func noClientCA() throws {
        let tls = try ServerTLS(certificatePath: Self.fixture("server.pem"), keyPath: Self.fixture("server.key"))
            .makeTLSConfiguration()
        #expect(tls.certificateVerification == .none)
    }

    @Test("no TLS flags: plain HTTP")
    func plain() throws {
        #expect(try ServeArguments().configuration().tls == nil)
    }

    @Test("every unusable file is named with what was wrong, all at once")
    func unusableFiles() {
        let missing = Self.fixtures + "/nope.pem"
        #expect(problems(arguments(cert: missing, key: Self.fixtures, clientCA: Self.fixture("README.md"))) == [
            "--tls-cert \(missing): no such file",
            "--tls-key \(Self.fixtures): is a directory, not a PEM file",
            "--tls-client-ca \(Self.fixture("README.md")): no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)",
        ])
    }

    @Test("a key in place of a certificate and a certificate in place of a key")
    func swappedFiles() {
        #expect(problems(arguments(cert: Self.fixture("server.key"), key: Self.fixture("server.pem"))) == [
            "--tls-cert \(Self.fixture("server.key")): no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)",
            "--tls-key \(Self.fixture("server.pem")): no PEM private key in it (expected -----BEGIN PRIVATE KEY-----)",
        ])
    }

    @Test("a key that does not belong to the certificate")
    func mismatchedKey() {
        let found = problems(arguments(cert: Self.fixture("server.pem"), key: Self.fixture("client.key")))
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix(
            "--tls-key \(Self.fixture("client.key")): not the private key of the certificate in --tls-cert \(Self.fixture("server.pem"))") == true,
            "\(found)")
    }

    @Test("an encrypted key is refused without prompting for a passphrase")
    func encryptedKey() throws {
        let path = NSTemporaryDirectory() + "crm-encrypted-\(UUID().uuidString).key"
        try "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(problems(arguments(cert: Self.fixture("server.pem"), key: path)) == [
            "--tls-key \(path): the key is encrypted; give an unencrypted PEM key"
        ])
    }

    @Test("flags that need each other", arguments: [
        (Optional("c.pem"), String?.none, String?.none, "--tls-cert and --tls-key go together: give both"),
        (nil, "k.pem", nil, "--tls-cert and --tls-key go together: give both"),
        (nil, nil, "ca.pem", "--tls-client-ca needs --tls-cert and --tls-key"),
    ])
    func pairs(cert: String?, key: String?, clientCA: String?, expected: String) {
        #expect(problems(arguments(cert: cert, key: key, clientCA: clientCA)) == [expected])
    }

    @Test("a TLS server says https in its address")
    func httpsAddress() async throws {
        var configuration = ServerConfiguration()
        configuration.database = .inMemory
        configuration.tls = ServerTLS(certificatePath: Self.fixture("server.pem"), keyPath: Self.fixture("server.key"))
        configuration.http2 = true
        let server = try await RunningServer.start(configuration: configuration)
        #expect(server.address.description == "https://127.0.0.1:\(server.address.port)")
        #expect(server.address.port > 0)
        try await server.stop()
    }
}

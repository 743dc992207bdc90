import Foundation
import NIOSSL

/// The server's TLS files: certificate chain and private key (PEM), and optionally the CA that client certificates
/// must chain to (then every client must present one).
public struct ServerTLS: Sendable, Equatable {
    /// `--tls-cert`: the server certificate, followed by any intermediates.
    public var certificatePath: String
    /// `--tls-key`: the unencrypted private key of the certificate.
    public var keyPath: String
    /// `--tls-client-ca`: when set, a client certificate signed by one of these is required.
    public var clientCAPath: String?

    /// TLS from these PEM files.
    public init(certificatePath: String, keyPath: String, clientCAPath: String? = nil) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.clientCAPath = clientCAPath
    }

    /// Reads and checks the files and returns the server's TLS configuration (ALPN left to the caller).
    ///
    /// Every problem is reported at once, each naming its flag, its file and what was wrong.
    public func makeTLSConfiguration() throws -> TLSConfiguration {
        var problems: [String] = []
        let chain = Self.certificates(flag: "--tls-cert", path: certificatePath, problems: &problems)
        let key = Self.privateKey(flag: "--tls-key", path: keyPath, problems: &problems)
        let clientRoots = clientCAPath.map { Self.certificates(flag: "--tls-client-ca", path: $0, problems: &problems) }
        guard problems.isEmpty, let chain, let key else { throw ConfigurationError(problems: problems) }
        let sources = chain.map { NIOSSLCertificateSource.certificate($0) }
        let configuration: TLSConfiguration
        if let roots = clientRoots.flatMap({ $0 }) {
            configuration = .makeServerConfigurationWithMTLS(
                certificateChain: sources, privateKey: .privateKey(key), trustRoots: .certificates(roots))
        } else {
            configuration = .makeServerConfiguration(certificateChain: sources, privateKey: .privateKey(key))
        }
        // Building a context is where BoringSSL checks that the key belongs to the certificate.
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw ConfigurationError(problems: [
                "--tls-key \(keyPath): not the private key of the certificate in --tls-cert \(certificatePath) (\(error))"
            ])
        }
        return configuration
    }

    /// The bytes of a file, or nil with a problem saying why it cannot be read.
    private static func contents(flag: String, path: String, problems: inout [String]) -> [UInt8]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            problems.append("\(flag) \(path): no such file")
            return nil
        }
        guard !isDirectory.boolValue else {
            problems.append("\(flag) \(path): is a directory, not a PEM file")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            problems.append("\(flag) \(path): cannot be read (permissions?)")
            return nil
        }
        return [UInt8](data)
    }

    private static func certificates(flag: String, path: String, problems: inout [String]) -> [NIOSSLCertificate]? {
        guard let bytes = contents(flag: flag, path: path, problems: &problems) else { return nil }
        guard let certificates = try? NIOSSLCertificate.fromPEMBytes(bytes), !certificates.isEmpty else {
            problems.append("\(flag) \(path): no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)")
            return nil
        }
        return certificates
    }

    private static func privateKey(flag: String, path: String, problems: inout [String]) -> NIOSSLPrivateKey? {
        guard let bytes = contents(flag: flag, path: path, problems: &problems) else { return nil }
        if String(decoding: bytes, as: UTF8.self).contains("ENCRYPTED") {
            problems.append("\(flag) \(path): the key is encrypted; give an unencrypted PEM key")
            return nil
        }
        // A passphrase callback that refuses, so BoringSSL never prompts on the terminal.
        let refuse: NIOSSLPassphraseCallback<[UInt8]> = { _ in throw ConfigurationError(problems: ["encrypted key"]) }
        guard let key = try? NIOSSLPrivateKey(bytes: bytes, format: .pem, passphraseCallback: refuse) else {
            problems.append("\(flag) \(path): no PEM private key in it (expected -----BEGIN PRIVATE KEY-----)")
            return nil
        }
        return key
    }
}

import Foundation
import Hummingbird
import NIOCore

/// Why the reference CRM could not start, in words a user can act on.
public enum ServerStartupError: Error, CustomStringConvertible {
    /// The database file could not be opened or created.
    case database(path: String, reason: String)
    /// The server could not listen on the address (in use, not allowed, not an address of this machine).
    case listen(address: String, reason: String)
    /// The `--access-log` file could not be opened for appending.
    case accessLog(path: String, reason: String)

    public var description: String {
        switch self {
        case .database(let path, let reason): return "cannot open or create the database \(path): \(reason)"
        case .listen(let address, let reason): return "cannot listen on \(address): \(reason)"
        case .accessLog(let path, let reason): return "cannot open the access log \(path): \(reason)"
        }
    }

    /// `error` as a startup error when it is one NIO raises for a socket that cannot bind, else nil.
    static func listenFailure(_ error: Error, host: String, port: Int) -> ServerStartupError? {
        if let io = error as? IOError {
            return .listen(address: "\(host):\(port)", reason: String(cString: strerror(io.errnoCode)))
        }
        if error is SocketAddressError || error is SocketAddressError.UnknownHost {
            return .listen(address: "\(host):\(port)", reason: "the host name cannot be resolved")
        }
        return nil
    }
}

/// Runs `app` until it stops; a socket that cannot be bound comes back as `ServerStartupError.listen`.
public func runApplication(_ app: some ApplicationProtocol, configuration: ServerConfiguration) async throws {
    do {
        try await app.runService()
    } catch {
        throw ServerStartupError.listenFailure(error, host: configuration.host, port: configuration.port) ?? error
    }
}

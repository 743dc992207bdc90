import Foundation
import Logging
import ServiceLifecycle

/// A reference CRM started inside this process, e.g. by a test: learn its address, then stop it.
public struct RunningServer: Sendable {
    /// Where the server listens (the real port when port 0 was asked).
    public let address: ListeningAddress
    private let group: ServiceGroup
    private let task: Task<Void, Error>

    /// Builds and starts a server, returning once it accepts connections.
    public static func start(configuration: ServerConfiguration, logger: Logger? = nil) async throws -> RunningServer {
        let (addresses, continuation) = AsyncStream<ListeningAddress>.makeStream()
        let app = try buildApplication(configuration: configuration, logger: logger) { continuation.yield($0) }
        let group = ServiceGroup(
            configuration: .init(services: [app], logger: logger ?? Logger(label: "crm", factory: { _ in SwiftLogNoOpLogHandler() })))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        for await address in addresses {
            return RunningServer(address: address, group: group, task: task)
        }
        // The stream ended without an address: the server failed to start; surface its error.
        try await task.value
        throw CancellationError()
    }

    /// Base URL, e.g. `http://127.0.0.1:54321`.
    public var baseURL: URL { URL(string: address.description)! }

    /// Shuts the server down gracefully and waits until it has released its resources.
    public func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}

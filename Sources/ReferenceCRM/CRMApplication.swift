import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import HummingbirdTLS
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The address a started server listens on.
public struct ListeningAddress: Sendable, Equatable, CustomStringConvertible {
    /// Host as configured, e.g. `127.0.0.1`.
    public var host: String
    /// Bound port (the real one when port 0 was asked).
    public var port: Int
    /// `https` when the server speaks TLS, else `http`.
    public var scheme = "http"

    /// `SCHEME://HOST:PORT`.
    public var description: String {
        host.contains(":") ? "\(scheme)://[\(host)]:\(port)" : "\(scheme)://\(host):\(port)"
    }
}

/// Builds the reference CRM: opens (and seeds) the database, wires repository, controllers, auth, fault knobs and
/// `/metrics`, and returns an application ready to `run()` or `runService()`.
///
/// `onListening` is called once the socket is bound. The returned application owns its resources: its event-loop
/// group (with `workerThreads`) and temporary database are released after the server has shut down.
public func buildApplication(
    configuration: ServerConfiguration,
    logger: Logger? = nil,
    onListening: @escaping @Sendable (ListeningAddress) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    try configuration.validate()
    let logger = logger ?? defaultLogger()
    let metrics = ServerMetrics(workers: configuration.workerThreads, databasePool: configuration.databaseReaders)
    let database: DatabaseFactory.Opened
    do {
        database = try DatabaseFactory.open(configuration, metrics: metrics)
    } catch {
        let path = if case .file(let path) = configuration.database { path } else { "(temporary)" }
        throw ServerStartupError.database(path: path, reason: "\(error)")
    }
    let sqlite = SQLiteRepository(writer: database.writer, metrics: metrics, faults: configuration.writeFaults)
    let repository: any CRMRepository = configuration.cacheEnabled ? CachedRepository(base: sqlite, metrics: metrics) : sqlite

    let router = Router(context: CRMRequestContext.self)
    let faults = FaultMiddleware(
        latency: configuration.addedLatency, cpuWork: configuration.cpuWork, failRate: configuration.failRate,
        workers: configuration.workerThreads.map { WorkerGate(permits: $0) })
    if faults.isActive { router.add(middleware: faults) }
    router.get("healthz") { _, _ in try JSONBody.response(["status": "ok"]) }
    router.get("openapi.json") { _, _ in
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.json)))
    }
    router.get("metrics") { _, _ in
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metrics.prometheusText())))
    }
    let api = router.group("api/v1").add(middleware: BearerAuthMiddleware(token: configuration.token))
    let maxBody = configuration.maxBodyBytes
    ResourceController<Customer>(repository: repository, maxBodyBytes: maxBody).addRoutes(to: api.group("customers"))
    ResourceController<Interaction>(repository: repository, maxBodyBytes: maxBody)
        .addRoutes(to: api.group("interactions"))
    let orders = ResourceController<Order>(repository: repository, maxBodyBytes: maxBody)
    orders.addRoutes(to: api.group("orders"))
    let tickets = ResourceController<Ticket>(repository: repository, maxBodyBytes: maxBody)
    tickets.addRoutes(to: api.group("tickets"))
    ResourceController<Feedback>(repository: repository, maxBodyBytes: maxBody).addRoutes(to: api.group("feedback"))
    WorkflowController(repository: repository, orders: orders, tickets: tickets).addRoutes(api: api)

    let accessLog: AccessLog?
    do {
        accessLog = try configuration.accessLogPath.map { try AccessLog(path: $0) }
    } catch {
        throw ServerStartupError.accessLog(path: configuration.accessLogPath ?? "", reason: "\(error)")
    }
    let responder = InstrumentedResponder(
        wrapped: router.buildResponder(), metrics: metrics,
        stall: configuration.stall.map { StallGate(schedule: $0, start: configuration.stallOrigin ?? .now) },
        accessLog: accessLog)
    let eventLoopGroup = configuration.workerThreads.map { MultiThreadedEventLoopGroup(numberOfThreads: $0) }
    let host = configuration.host
    let scheme = configuration.tls == nil ? "http" : "https"
    return Application(
        responder: responder,
        server: try serverBuilder(configuration),
        configuration: ApplicationConfiguration(address: .hostname(host, port: configuration.port), serverName: nil),
        services: [ResourceReleaser(eventLoopGroup: eventLoopGroup, temporaryDirectory: database.temporaryDirectory,
                                    accessLog: accessLog)],
        onServerRunning: { channel in
            await onListening(ListeningAddress(host: host, port: channel.localAddress?.port ?? 0, scheme: scheme))
        },
        eventLoopGroupProvider: eventLoopGroup.map { .shared($0) } ?? .singleton,
        logger: logger)
}

/// HTTP/1.1, with TLS when configured; with `http2`, HTTP/2 and HTTP/1.1 offered by ALPN over TLS, or HTTP/2 alone
/// in cleartext (clients must know in advance: there is no Upgrade from HTTP/1.1). Idle connections are closed after
/// the idle timeout; an HTTP/1.1 client that is too slow to send a request head, after the header timeout.
private func serverBuilder(_ configuration: ServerConfiguration) throws -> HTTPServerBuilder {
    let headTimeout = configuration.headerTimeout.map { TimeAmount.nanoseconds($0.totalNanoseconds) }
    let http1 = HTTP1Channel.Configuration(
        additionalChannelHandlers: headTimeout == nil ? [] : [RequestHeadWatcher()],
        idleTimeout: configuration.idleTimeout.map { .nanoseconds($0.totalNanoseconds) })
    // HTTP/2 streams are closed by the connection's idle timeout; the head timer is for HTTP/1.1 connections.
    let http2 = HTTP2Channel.Configuration(
        idleTimeout: configuration.idleTimeout,
        streamConfiguration: .init(idleTimeout: configuration.idleTimeout.map { .nanoseconds($0.totalNanoseconds) }))
    guard let tls = configuration.tls else {
        if configuration.http2 { return .plaintextHTTP2(configuration: http2) }
        return HTTPServerBuilder { responder in
            let channel = HTTP1Channel(responder: responder, configuration: http1)
            guard let headTimeout else { return channel }
            return HeadTimeoutChannel(base: channel, timeout: headTimeout)
        }
    }
    let tlsConfiguration = try tls.makeTLSConfiguration()
    if configuration.http2 { return try .http2Upgrade(tlsConfiguration: tlsConfiguration, configuration: http2) }
    return HTTPServerBuilder { responder in
        let channel = HTTP1Channel(responder: responder, configuration: http1)
        guard let headTimeout else { return try TLSChannel(channel, tlsConfiguration: tlsConfiguration) }
        return try TLSChannel(HeadTimeoutChannel(base: channel, timeout: headTimeout), tlsConfiguration: tlsConfiguration)
    }
}

/// Warnings and errors to stderr (stdout carries only the `listening on` line); `LOG_LEVEL` overrides the level.
private func defaultLogger() -> Logger {
    var logger = Logger(label: "crm") { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    return logger
}

/// Releases what the server owns once it has stopped. Services shut down in reverse order, and this one is listed
/// before the HTTP server, so it runs its cleanup after the server has closed.
struct ResourceReleaser: Service {
    let eventLoopGroup: MultiThreadedEventLoopGroup?
    let temporaryDirectory: URL?
    let accessLog: AccessLog?

    func run() async throws {
        try? await gracefulShutdown()
        accessLog?.flush()
        try? await eventLoopGroup?.shutdownGracefully()
        if let temporaryDirectory { try? FileManager.default.removeItem(at: temporaryDirectory) }
    }
}

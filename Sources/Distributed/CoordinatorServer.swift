import BenchCore
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import Logging
import NIOCore
import Runner
import ServiceLifecycle

/// The coordinator's HTTP+JSON endpoint for its agents, on the project's server stack. Every request must carry
/// the run's token; every refusal is JSON with the reason (`FleetRefusal`).
struct CoordinatorServer: Sendable {
    /// Where it listens (the real port when port 0 was asked), e.g. `http://127.0.0.1:7878`.
    let url: String
    private let group: ServiceGroup
    private let task: Task<Void, Error>

    /// The largest message accepted: an agent's whole result with its histograms.
    static let maxBodyBytes = 64 * 1_048_576

    /// Starts listening on `host:port`; returns once connections are accepted, or throws why not (port in use).
    static func start(host: String, port: Int, board: FleetBoard, tls: (certificate: String, key: String)? = nil) throws -> CoordinatorServer {
        let server: HTTPServerBuilder
        if let tls {
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(tls.certificate).map { NIOSSLCertificateSource.certificate($0) }
                let key = try NIOSSLPrivateKey(file: tls.key, format: .pem)
                server = try .tls(.http1(), tlsConfiguration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
            } catch {
                throw RunnerError("--listen-tls-cert \(tls.certificate) / --listen-tls-key \(tls.key): \(error)", kind: .unreadableInput)
            }
        } else {
            server = .http1()
        }
        let router = Router()
        router.post("v1/agents") { request, context in
            try await handle(request, context, board) { (hello: AgentHello, _) in
                switch board.register(hello) {
                case .accepted(let agent): return try json(AgentWelcome(agent: agent))
                case .refused(let status, let reason): return try json(FleetRefusal(error: reason), status: .init(code: status))
                }
            }
        }
        router.get("v1/agents/{id}/assignment") { request, context in
            switch try agent(request, context, board) {
            case .failure(let refusal): return refusal.response
            case .success(let agent):
                do {
                    guard let assignment = try board.assignment(agent: agent) else { return Response(status: .noContent) }
                    return try json(assignment)
                } catch let refusal as FleetRefusal {
                    return try json(refusal, status: .gone)
                }
            }
        }
        router.post("v1/agents/{id}/report") { request, context in
            try await handle(request, context, board) { (report: AgentReport, agent) in try json(board.report(agent: agent, report)) }
        }
        router.post("v1/agents/{id}/result") { request, context in
            try await handle(request, context, board) { (final: AgentFinal, agent) in
                board.finish(agent: agent, final)
                return try json(CoordinatorOrder())
            }
        }
        let (addresses, continuation) = AsyncStream<Int>.makeStream()
        let quiet = Logger(label: "crmbench.coordinator", factory: { _ in SwiftLogNoOpLogHandler() })
        let app = Application(router: router, server: server, configuration: .init(address: .hostname(host, port: port), serverName: nil),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? port) },
                              logger: quiet)
        let group = ServiceGroup(configuration: .init(services: [app], logger: quiet))
        let failure = FailureBox()
        let task = Task {
            defer { continuation.finish() }
            do { try await group.run() } catch { failure.set(error); throw error }
        }
        let ready = DispatchSemaphore(value: 0)
        let portBox = FailureBox()
        Task {
            for await bound in addresses { portBox.port = bound; break }
            ready.signal()
        }
        ready.wait()
        guard let bound = portBox.port else {
            throw RunnerError("--listen \(host):\(port): cannot listen: \(failure.error.map { "\($0)" } ?? "the server did not start")",
                              kind: .unavailable)
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return CoordinatorServer(url: "\(tls == nil ? "http" : "https")://\(shownHost):\(bound)", group: group, task: task)
    }

    /// Stops accepting agents and waits for the server to let go.
    func stop() {
        let done = DispatchSemaphore(value: 0)
        Task {
            await group.triggerGracefulShutdown()
            _ = try? await task.value
            done.signal()
        }
        _ = done.wait(timeout: .now() + 5)
    }

    /// Checks the token and reads the agent number; the refusal to answer when the token is wrong.
    private static func agent(_ request: Request, _ context: BasicRequestContext, _ board: FleetBoard) throws -> Result<Int, Refusal> {
        guard board.authorized(request.headers[.authorization]) else {
            return .failure(Refusal(response: try json(FleetRefusal(error: "wrong or missing token: give the agent the coordinator's --token (or CRMBENCH_TOKEN)"),
                                                       status: .unauthorized)))
        }
        return .success(context.parameters.get("id", as: Int.self) ?? -1)
    }

    /// Checks the token, decodes the body, and answers with `body`'s response or the refusal.
    private static func handle<Body: Decodable>(_ request: Request, _ context: BasicRequestContext, _ board: FleetBoard,
                                                _ body: (Body, Int) throws -> Response) async throws -> Response {
        switch try agent(request, context, board) {
        case .failure(let refusal): return refusal.response
        case .success(let agent):
            let buffer = try await request.body.collect(upTo: maxBodyBytes)
            let decoded: Body
            do { decoded = try JSONDecoder().decode(Body.self, from: Data(buffer: buffer)) } catch {
                return try json(FleetRefusal(error: "malformed message: \(error)"), status: .badRequest)
            }
            return try body(decoded, agent)
        }
    }

    /// A response that refuses a request.
    struct Refusal: Error { var response: Response }

    private static func json<Value: Encodable>(_ value: Value, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try JSONEncoder().encode(value))))
    }
}

/// What a task hands the starting thread: the bound port or the error.
final class FailureBox: @unchecked Sendable {  // written once before the semaphore is signalled, read after
    private let lock = NSLock()
    private var stored: Error?
    private var storedPort: Int?
    func set(_ error: Error) { lock.lock(); stored = error; lock.unlock() }
    var error: Error? { lock.lock(); defer { lock.unlock() }; return stored }
    var port: Int? {
        get { lock.lock(); defer { lock.unlock() }; return storedPort }
        set { lock.lock(); storedPort = newValue; lock.unlock() }
    }
}

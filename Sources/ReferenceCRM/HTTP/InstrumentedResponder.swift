import Hummingbird

/// The outermost responder: holds requests during a `--stall`, turns every error into a JSON response, and counts
/// each answered request (except `/metrics` scrapes) under its route template.
struct InstrumentedResponder<Wrapped: HTTPResponder>: HTTPResponder where Wrapped.Context == CRMRequestContext {
    typealias Context = CRMRequestContext

    /// Route label for requests that match no route.
    static var unmatchedRoute: String { "NotFound" }

    let wrapped: Wrapped
    let metrics: ServerMetrics
    let stall: StallGate?
    var accessLog: AccessLog?

    func respond(to request: Request, context: Context) async throws -> Response {
        let start = ContinuousClock.now
        let startWall = accessLog == nil ? nil : AccessLog.epochMillisNow()
        await stall?.hold()
        var response: Response
        do {
            response = try await wrapped.respond(to: request, context: context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            response = try JSONBody.response(
                ErrorBody(error: "internal error: \(error)", field: nil), status: .internalServerError)
        }
        // A request in flight when a stall begins is held too, before its answer leaves.
        await stall?.hold()
        let route = context.endpointPath ?? Self.unmatchedRoute
        if route != "/metrics" {
            metrics.recordRequest(
                route: route, method: request.method.rawValue, status: response.status.code,
                durationSeconds: (ContinuousClock.now - start).totalSeconds, http2: context.isHTTP2)
        }
        if let accessLog, let startWall {
            accessLog.record(request: request, status: Int(response.status.code), bytes: response.body.contentLength,
                             client: context.clientAddress, startEpochMillis: startWall,
                             durationMicros: (ContinuousClock.now - start).totalSeconds * 1e6, http2: context.isHTTP2)
        }
        return response
    }
}

/// Holds callers while a ``StallSchedule`` says the server is stalled.
struct StallGate: Sendable {
    let schedule: StallSchedule
    let start: ContinuousClock.Instant

    /// Returns at once outside a stall, else when the current stall ends.
    func hold() async {
        let remaining = schedule.remainingStall(atElapsed: ContinuousClock.now - start)
        if remaining > .zero { try? await Task.sleep(for: remaining) }
    }
}

import Hummingbird

/// The per-request fault knobs on `/api/v1`: added latency, busy CPU work and injected 503s, in that order.
///
/// It runs after routing, so even an injected 503 is counted under its route template.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = CRMRequestContext

    let latency: DurationRange?
    let cpuWork: Duration
    let failRate: Double

    /// Whether any knob is set; an inactive middleware is not installed at all.
    var isActive: Bool { latency != nil || cpuWork > .zero || failRate > 0 }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        if let latency {
            var generator = SystemRandomNumberGenerator()
            let delay = latency.sample(using: &generator)
            if delay > .zero { try await Task.sleep(for: delay) }
        }
        if cpuWork > .zero { Self.spin(for: cpuWork) }
        if failRate > 0, failRate >= 1 || Double.random(in: 0..<1) < failRate {
            throw CRMError.injectedFailure
        }
        return try await next(request, context)
    }

    /// Keeps this thread busy for `duration`, as a stand-in for real request work.
    static func spin(for duration: Duration) {
        let clock = ContinuousClock()
        let deadline = clock.now + duration
        var sink: UInt64 = 0
        while clock.now < deadline {
            for step in 0..<256 { sink = sink &* 6_364_136_223_846_793_005 &+ UInt64(step) }
        }
        if sink == 42 { print("", terminator: "") }  // keeps the loop from being optimised away
    }
}

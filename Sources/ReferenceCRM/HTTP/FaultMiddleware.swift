#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Hummingbird

/// The per-request knobs on `/api/v1`: added latency, busy CPU work (on one of `--workers` workers) and injected
/// 503s, in that order.
///
/// The workers stand for the server's cores: at most N requests do their CPU work at once. Only that work holds a
/// worker — not the added latency (waiting on something outside) and not the handler's own awaits — so N workers
/// can keep N cores busy. It runs after routing, so even an injected 503 is counted under its route template.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = CRMRequestContext

    let latency: DurationRange?
    let cpuWork: Duration
    let failRate: Double
    let workers: WorkerGate?

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
        if cpuWork > .zero {
            if let workers { await workers.withWorker { Self.spin(for: cpuWork) } } else { Self.spin(for: cpuWork) }
        }
        if failRate > 0, failRate >= 1 || Double.random(in: 0..<1) < failRate {
            throw CRMError.injectedFailure
        }
        return try await next(request, context)
    }

    /// Keeps this thread busy until it has used `duration` of CPU time, as a stand-in for real request work.
    ///
    /// CPU time, not wall time: a spin preempted by another one on the same core still costs its full duration,
    /// so `--cpu-work 2ms` means 2 ms of a core per request whatever the concurrency.
    static func spin(for duration: Duration) {
        let components = duration.components
        let budgetNanos = UInt64(components.seconds) &* 1_000_000_000 &+ UInt64(components.attoseconds / 1_000_000_000)
        let deadline = threadCPUNanos() &+ budgetNanos
        var sink: UInt64 = 0
        while threadCPUNanos() < deadline {
            for step in 0..<256 { sink = sink &* 6_364_136_223_846_793_005 &+ UInt64(step) }
        }
        if sink == 42 { print("", terminator: "") }  // keeps the loop from being optimised away
    }

    /// CPU time used by the calling thread (a spin has no suspension point, so it stays on one thread).
    private static func threadCPUNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}

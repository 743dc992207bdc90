import BenchCore
import Foundation
import LoadEngine
import Runner

/// Sends an agent's live figures to its coordinator twice a second and obeys its stop order; a coordinator that
/// stays silent for 10 s stops the agent's load (its result is still kept and sent when possible).
final class AgentReporter: @unchecked Sendable {  // `stopped` behind `lock`; the thread reads the rest, set once
    private let lock = NSLock()
    private var stopped = false
    private let done = DispatchSemaphore(value: 0)

    init(client: FleetClient, agent: Int, level: Int?, lifecycle: RunLifecycle, startSkewMillis: Double, log: @escaping @Sendable (String) -> Void) {
        let handle = LiveHandle(lifecycle: lifecycle)
        let thread = Thread { [self] in
            let lifecycle = handle.lifecycle
            var lastHeard = DispatchTime.now().uptimeNanoseconds
            var obeyed = false
            var sentSecond = -1
            while !isStopped {
                var report = AgentReport()
                (report.startSkewMillis, report.level) = (startSkewMillis, level)
                if let snapshot = lifecycle.snapshot() {
                    (report.elapsedNanos, report.inFlight, report.completed) = (snapshot.elapsedNanos, snapshot.inFlight, snapshot.completed)
                    (report.totalRequests, report.totalHTTPErrors) = (snapshot.totalRequests, snapshot.totalHTTPErrors)
                    (report.latest, report.recent) = (snapshot.latest, snapshot.recent)
                    let live = snapshot.live
                    (report.activeVirtualUsers, report.iterations) = (live.activeVirtualUsers, live.iterations)
                    (report.checksPassed, report.checksFailed) = (live.checksPassed, live.checksFailed)
                    report.latency = snapshot.recentLatency.filter { $0.second > sentSecond }
                }
                let now = DispatchTime.now().uptimeNanoseconds
                if let body = try? JSONEncoder().encode(report),
                   case .status(200, let data) = client.send("POST", "/v1/agents/\(agent)/report", body: body, timeoutMillis: 2_000) {
                    lastHeard = now
                    sentSecond = report.latency.last?.second ?? sentSecond
                    if !obeyed, let order = try? JSONDecoder().decode(CoordinatorOrder.self, from: data), let reason = order.stop {
                        obeyed = true
                        log("agent \(agent): the coordinator stops the run: \(reason)")
                        lifecycle.requestStop(reason: reason)
                    }
                } else if !obeyed, now - lastHeard > 10_000_000_000 {
                    obeyed = true
                    log("agent \(agent): the coordinator has not answered for 10 s; stopping this agent's load")
                    lifecycle.requestStop(reason: "lost the coordinator")
                }
                self.done.wait(timeout: .now() + .nanoseconds(Int(FleetProtocol.reportIntervalNanos)))
            }
        }
        thread.start()
    }

    private var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

    func stop() {
        lock.lock(); stopped = true; lock.unlock()
        done.signal()
    }
}

/// The lifecycle as the reporter thread uses it: only `snapshot()` and `requestStop`, which are thread-safe.
private struct LiveHandle: @unchecked Sendable {
    let lifecycle: RunLifecycle
}

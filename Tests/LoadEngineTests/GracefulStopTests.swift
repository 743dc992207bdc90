import BenchCore
import Testing
@testable import LoadEngine

/// The end of a run, driven with a manual clock: after the duration (or a stop request) no iteration starts,
/// what runs may finish until the graceful stop's deadline, and what still runs then is cut off and counted as a
/// timeout. An abort cuts everything off at once and counts no timeout.
struct GracefulStopTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var checks: String
        /// nil: the server never answers.
        var serviceMillis: UInt64?
        var steps: [ScriptedDriver.Step] = [.request(endpoint: 0)]
        var durationMillis: UInt64 = 100
        var stopAtMillis: UInt64?
        var abortAtMillis: UInt64?
        var recorded: Int
        var timeouts = 0
        var aborted: UInt64 = 0
        var interrupted: UInt64 = 0
        var endsAtMillis: UInt64
        var testDescription: String { checks }
    }

    static let rows: [Row] = [
        Row(checks: "requests under way at the end of the duration finish during the drain",
            serviceMillis: 150, recorded: 2, endsAtMillis: 150),
        Row(checks: "requests still running at the deadline are cut off and counted as timeouts",
            serviceMillis: nil, recorded: 2, timeouts: 2, aborted: 2, interrupted: 2, endsAtMillis: 200),
        Row(checks: "an abort ends at once: in-flight requests count as aborted, not as timeouts",
            serviceMillis: nil, abortAtMillis: 120, recorded: 0, aborted: 2, interrupted: 2, endsAtMillis: 120),
        Row(checks: "waits under way at the deadline are interrupted, no request is aborted",
            serviceMillis: 1, steps: [.request(endpoint: 0), .think(nanos: 1_000_000_000)],
            recorded: 2, interrupted: 2, endsAtMillis: 200),
        Row(checks: "a stop request drains like the end of the duration",
            serviceMillis: 30, durationMillis: 10_000, stopAtMillis: 50, recorded: 4, endsAtMillis: 60),
    ]

    @Test(arguments: rows) func drain(row: Row) {
        var config = EngineConfiguration()
        config.connections = 2
        config.durationNanos = row.durationMillis * 1_000_000
        config.gracefulStopNanos = 100_000_000
        let driver = ScriptedDriver(steps: row.steps)
        var worker = SimulatedWorker(config: config, driver: driver, serviceNanos: row.serviceMillis.map { $0 * 1_000_000 })
        worker.stopAtNanos = row.stopAtMillis.map { $0 * 1_000_000 }
        worker.abortAtNanos = row.abortAtMillis.map { $0 * 1_000_000 }
        worker.run()
        #expect(worker.finished)
        #expect(worker.clock.nowNanos == row.endsAtMillis * 1_000_000)
        #expect(worker.recorded.count == row.recorded)
        #expect(worker.timeouts == row.timeouts)
        #expect(worker.machine.abortedRequests == row.aborted)
        #expect(worker.machine.interruptedIterations == row.interrupted)
        #expect(UInt64(driver.interrupted.count) == row.interrupted)
        #expect(worker.machine.inFlight == 0)
        #expect(worker.machine.phase == .done)
        // A request cut off at the deadline counts its latency up to the cut.
        for outcome in worker.recorded where outcome.error == .timeout {
            #expect(outcome.endNanos == row.endsAtMillis * 1_000_000)
            #expect(outcome.status == 0)
        }
    }
}

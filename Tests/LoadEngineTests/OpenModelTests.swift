import Foundation
import BenchCore
import Testing
@testable import LoadEngine

/// The open model sends its whole schedule: arrivals due before the end are sent even when the worker wakes
/// late, and those it cannot send are counted as dropped, never lost.
@Suite(.serialized) struct OpenModelTests {
    private func configuration(rate: StageProfile, durationMillis: UInt64, connections: Int) -> EngineConfiguration {
        var config = EngineConfiguration()
        config.connections = connections
        config.durationNanos = durationMillis * 1_000_000
        config.gracefulStopNanos = 2_000_000_000
        config.model = .open(rate: rate, arrivals: .uniform)
        return config
    }

    private func request(_ server: TestHTTPServer) -> HTTPRequestSpec {
        HTTPRequestSpec(id: 0, endpointIndex: 0, method: "GET", url: "http://127.0.0.1:\(server.port)/x")
    }

    @Test func arrivalDueBeforeTheEndIsSentAfterALateWakeup() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        // 100/s for 300 ms: 30 arrivals, the last due at 295 ms. The generator is held (as by a busy machine)
        // while starting arrival 29, due at 285 ms, until after the end of the run.
        let config = configuration(rate: StageProfile(initial: 100, stages: []), durationMillis: 300, connections: 4)
        let engine = Engine(configuration: config, endpointNames: ["x"])
        let control = engine.makeControl()
        let output = try engine.run(control: control) { _ in
            StallingDriver(request: self.request(server), stallOnIteration: 29, untilNanos: 330_000_000, control: control)
        }
        #expect(output.requests == 30)
        #expect(server.requestCount == 30)
        #expect(output.droppedArrivals == 0)
        // The last arrival left about 35 ms late: its latency counts from 295 ms.
        #expect(output.overall.latency.maxMicros >= 30_000)
    }

    @Test func arrivalsNeverSentAreCountedAsDropped() throws {
        let server = try TestHTTPServer(delayMicros: 600_000)
        defer { server.stop() }
        // 20/s for 200 ms: arrivals at 25, 75, 125, 175 ms on one slot that stays busy past the graceful stop.
        var config = configuration(rate: StageProfile(initial: 20, stages: []), durationMillis: 200, connections: 1)
        config.gracefulStopNanos = 100_000_000
        let engine = Engine(configuration: config, endpointNames: ["x"])
        let output = try engine.run(control: engine.makeControl()) { _ in FixedRequestDriver(requests: [self.request(server)]) }
        #expect(output.abortedRequests == 1)
        #expect(output.droppedArrivals == 3)
        #expect(output.requests == 1)
        #expect(output.overall.errorCounts[ErrorKind.timeout.index] == 1)
    }

    @Test func rampSendsTheIntegralOfTheRate() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        // 0 → 400/s over 1 s: 200 arrivals.
        let ramp = StageProfile(initial: 0, stages: [.init(durationNanos: 1_000_000_000, target: 400)])
        let engine = Engine(configuration: configuration(rate: ramp, durationMillis: 1_000, connections: 20), endpointNames: ["x"])
        let output = try engine.run(control: engine.makeControl()) { _ in FixedRequestDriver(requests: [self.request(server)]) }
        #expect(output.requests == 200)
        #expect(server.requestCount == 200)
        #expect(output.droppedArrivals == 0)
    }

    @Test func stopRequestEndsTheScheduleWithoutCountingDrops() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let config = configuration(rate: StageProfile(initial: 200, stages: []), durationMillis: 30_000, connections: 10)
        let engine = Engine(configuration: config, endpointNames: ["x"])
        let control = engine.makeControl()
        let stopper = Thread { usleep(300_000); control.requestStop(reason: "test stop") }
        stopper.start()
        let output = try engine.run(control: control) { _ in FixedRequestDriver(requests: [self.request(server)]) }
        #expect(output.stopReason == "test stop")
        #expect(output.requests > 20 && output.requests < 200)
        #expect(output.droppedArrivals == 0)
    }
}

/// Sends one fixed request per iteration, but holds the worker's thread while starting one chosen iteration:
/// a stand-in for a generator that gets no CPU for a while.
private final class StallingDriver: SlotDriver {
    private let request: HTTPRequestSpec
    private let stallOnIteration: Int
    private let untilNanos: UInt64
    private let control: RunControl
    private var started = 0

    init(request: HTTPRequestSpec, stallOnIteration: Int, untilNanos: UInt64, control: RunControl) {
        self.request = request
        self.stallOnIteration = stallOnIteration
        self.untilNanos = untilNanos
        self.control = control
    }

    var capturesResponses: Bool { false }

    func beginIteration(slot: Int, intendedNanos: UInt64) -> SlotAction {
        started += 1
        if started == stallOnIteration {
            let deadline = control.startNanos + untilNanos
            while MonotonicClock.nowNanos() < deadline { usleep(1_000) }
        }
        return .send(request)
    }

    func completed(slot: Int, outcome: inout RequestOutcome, response: CapturedResponse?) -> SlotAction { .iterationDone }
    func waitElapsed(slot: Int, nowNanos: UInt64) -> SlotAction { .iterationDone }
    func interrupted(slot: Int) {}
}

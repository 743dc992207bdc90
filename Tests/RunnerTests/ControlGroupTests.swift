import BenchCore
@testable import LoadEngine
import Testing
@testable import Runner

/// The run's stop reaches every workload's engine, including one attached after it was asked.
struct ControlGroupTests {
    static func control() -> RunControl {
        Engine(configuration: EngineConfiguration(), endpointNames: ["x"]).makeControl()
    }

    @Test func aStopReachesEveryAttachedControlAndLastsForTheRun() {
        let group = ControlGroup()
        let first = Self.control(), second = Self.control()
        group.attach(first)
        group.attach(second)
        group.requestStop(reason: "interrupted by SIGINT")
        #expect(first.stopRequested && second.stopRequested)
        group.detachAll()
        // The next level of a sweep: its engine is stopped as soon as it is attached.
        let next = Self.control()
        group.attach(next)
        #expect(next.stopRequested)
        #expect(!next.abortRequested)
        #expect(group.stopReason == "interrupted by SIGINT")
    }

    @Test func anAbortIsPassedOnAsAnAbort() {
        let group = ControlGroup()
        group.requestAbort(reason: "interrupted by SIGTERM")
        let late = Self.control()
        group.attach(late)
        #expect(late.abortRequested)
    }

    @Test func progressOfSeveralWorkloadsAddsUp() {
        func point(_ second: Int, requests: UInt64, errors: UInt64) -> TimeSeriesPoint {
            TimeSeriesPoint(second: second, requests: requests, errors: errors, bytesSent: 0, bytesReceived: 0,
                            p50Micros: 100, p90Micros: 200, p99Micros: 300, maxMicros: 400, serviceP50Micros: 90,
                            serviceP99Micros: 290, errorsByKind: errors > 0 ? ["http4xx": errors] : [:])
        }
        let readers = ProgressSnapshot(elapsedNanos: 3_000_000_000, latest: point(2, requests: 90, errors: 0),
                                       recent: [point(1, requests: 80, errors: 0), point(2, requests: 90, errors: 0)],
                                       inFlight: 2, completed: 170, totalRequests: 170, totalHTTPErrors: 0)
        let breakers = ProgressSnapshot(elapsedNanos: 2_500_000_000, latest: point(1, requests: 40, errors: 40),
                                        recent: [point(1, requests: 40, errors: 40)],
                                        inFlight: 1, completed: 40, totalRequests: 40, totalHTTPErrors: 40)
        let merged = ProgressSnapshot.merging([readers, breakers])
        #expect(merged?.totalRequests == 210)
        #expect(merged?.totalHTTPErrors == 40)
        #expect(merged?.inFlight == 3)
        #expect(merged?.elapsedNanos == 3_000_000_000)
        #expect(merged?.recent.map(\.requests) == [80, 130])
        #expect(merged?.latest?.errorsByKind == ["http4xx": 40])
        #expect(ProgressSnapshot.merging([]) == nil)
    }
}

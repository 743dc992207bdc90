import BenchCore
import Testing
@testable import LoadEngine

/// The closed model's decisions, driven with a manual clock: slots run iterations back to back, as many as the
/// virtual-user stages ask for (this worker's share), wait out think times, and stop at the iteration limit or
/// the end of the duration.
struct ClosedModelScheduleTests {
    /// Which slots began an iteration between two times.
    struct Window: Sendable, CustomStringConvertible {
        var fromMillis: UInt64
        var toMillis: UInt64
        var slots: Set<Int>
        var description: String { "[\(fromMillis), \(toMillis)) ms: \(slots.sorted())" }
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var checks: String
        var connections = 4
        var threads = 1
        var worker = 0
        /// nil: a plain closed model (every slot).
        var stages: StageProfile?
        var durationMillis: UInt64 = 0
        var iterations: UInt64?
        var serviceMillis: UInt64 = 10
        var steps: [ScriptedDriver.Step] = [.request(endpoint: 0)]
        var sent: Int?
        var completed: UInt64?
        var windows: [Window] = []
        var testDescription: String { checks }

        var configuration: EngineConfiguration {
            var config = EngineConfiguration()
            // Stages set the users (their peak); a duration beyond them holds the last target.
            if let stages { config.model = .closed(.stages(stages.loadStages)) } else { config.connections = connections }
            config.threads = threads
            if stages == nil || durationMillis > 0 { config.durationNanos = durationMillis * 1_000_000 }
            config.maxIterations = iterations
            return config
        }
    }

    static let rows: [Row] = [
        Row(checks: "without stages all 4 slots run back to back until the iteration limit of 10",
            iterations: 10, serviceMillis: 1, sent: 10, completed: 10,
            windows: [.init(fromMillis: 0, toMillis: 1, slots: [0, 1, 2, 3]),
                      .init(fromMillis: 2, toMillis: 3, slots: [0, 1])]),
        Row(checks: "the end of the duration stops new iterations: 2 slots × 10 ms requests for 100 ms",
            connections: 2, durationMillis: 100, sent: 20, completed: 20),
        Row(checks: "think times: request, 20 ms wait, request; the second request leaves at the wait's end, "
                + "an iteration under way at the end finishes",
            connections: 2, durationMillis: 100, serviceMillis: 5,
            steps: [.request(endpoint: 0), .think(nanos: 20_000_000), .request(endpoint: 1)], sent: 16, completed: 8,
            windows: [.init(fromMillis: 0, toMillis: 100, slots: [0, 1])]),
        Row(checks: "stages step 1 → 3 → 2 → 0 virtual users: only the first n slots begin iterations",
            stages: StageProfile(initial: 1, stages: [.init(durationNanos: 200_000_000, target: 1),
                                                       .init(durationNanos: 0, target: 3),
                                                       .init(durationNanos: 200_000_000, target: 3),
                                                       .init(durationNanos: 0, target: 2),
                                                       .init(durationNanos: 200_000_000, target: 2),
                                                       .init(durationNanos: 0, target: 0)]),
            durationMillis: 800,
            windows: [.init(fromMillis: 0, toMillis: 200, slots: [0]),
                      .init(fromMillis: 200, toMillis: 400, slots: [0, 1, 2]),
                      .init(fromMillis: 400, toMillis: 600, slots: [0, 1]),
                      .init(fromMillis: 600, toMillis: 800, slots: [])]),
        Row(checks: "stages ramp 0 → 4 → 0 over 800 ms: slots join as the rounded target rises and leave as it falls",
            stages: StageProfile(initial: 0, stages: [.init(durationNanos: 400_000_000, target: 4),
                                                       .init(durationNanos: 400_000_000, target: 0)]),
            durationMillis: 800,
            windows: [.init(fromMillis: 0, toMillis: 50, slots: []),
                      .init(fromMillis: 60, toMillis: 140, slots: [0]),
                      .init(fromMillis: 360, toMillis: 440, slots: [0, 1, 2, 3]),
                      .init(fromMillis: 460, toMillis: 540, slots: [0, 1, 2]),
                      .init(fromMillis: 760, toMillis: 800, slots: [])]),
        Row(checks: "3 virtual users over 2 workers: worker 0 runs 2 of its slots",
            threads: 2, worker: 0, stages: StageProfile(initial: 3, stages: []), durationMillis: 100,
            windows: [.init(fromMillis: 0, toMillis: 100, slots: [0, 1])]),
        Row(checks: "3 virtual users over 2 workers: worker 1 runs 1 of its slots",
            threads: 2, worker: 1, stages: StageProfile(initial: 3, stages: []), durationMillis: 100,
            windows: [.init(fromMillis: 0, toMillis: 100, slots: [0])]),
    ]

    @Test(arguments: rows) func schedule(row: Row) {
        let driver = ScriptedDriver(steps: row.steps)
        var worker = SimulatedWorker(config: row.configuration, driver: driver,
                                     serviceNanos: row.serviceMillis * 1_000_000, worker: row.worker)
        worker.run()
        #expect(worker.finished)
        if let sent = row.sent { #expect(worker.sent.count == sent) }
        if let completed = row.completed { #expect(worker.machine.completedIterations == completed) }
        for window in row.windows {
            let began = driver.begins.filter {
                $0.intendedNanos >= window.fromMillis * 1_000_000 && $0.intendedNanos < window.toMillis * 1_000_000
            }
            #expect(Set(began.map(\.slot)) == window.slots, "\(window)")
        }
        // A closed model never waits for a slot: each request leaves when it is meant to, every wait ends on time.
        #expect(worker.sent.allSatisfy { $0.actualNanos == $0.intendedNanos })
        #expect(driver.waitLatenessNanos.allSatisfy { $0 == 0 })
        #expect(worker.machine.interruptedIterations == 0)
        #expect(worker.lateArrivals == 0 && worker.droppedArrivals == 0)
    }

    @Test func requestAfterAThinkTimeIsMeantForTheWaitsEnd() {
        var config = EngineConfiguration()
        config.connections = 1
        config.maxIterations = 1
        let driver = ScriptedDriver(steps: [.request(endpoint: 0), .think(nanos: 20_000_000), .request(endpoint: 1)])
        var worker = SimulatedWorker(config: config, driver: driver, serviceNanos: 5_000_000)
        worker.run()
        #expect(worker.sent == [.init(slot: 0, intendedNanos: 0, actualNanos: 0),
                                .init(slot: 0, intendedNanos: 25_000_000, actualNanos: 25_000_000)])
        #expect(worker.recorded.map(\.endpointIndex) == [0, 1])
        #expect(worker.machine.completedIterations == 1)
    }
}

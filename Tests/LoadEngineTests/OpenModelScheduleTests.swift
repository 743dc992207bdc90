import BenchCore
import Testing
@testable import LoadEngine

/// The open model's decisions, driven with a manual clock: arrivals start at their times on a free slot, at
/// most one per slot at once; those started over a millisecond late are counted; those that find no slot
/// within `maxArrivalWaitNanos`, or never found one before the run ended, are counted as dropped.
struct OpenModelScheduleTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var checks: String
        var rate: StageProfile
        var arrivals = ArrivalProcess.uniform
        var durationMillis: UInt64 = 1_000
        var slots = 4
        var serviceMillis: UInt64 = 2
        var maxArrivalWaitMillis: UInt64 = 1_000
        var gracefulStopMillis: UInt64 = 1_000
        /// nil: as many as the schedule has arrivals before the end.
        var sent: Int?
        var late: UInt64 = 0
        var dropped: UInt64 = 0
        /// nil: at most the slot count.
        var maxInFlight: Int?
        var timeouts = 0
        var testDescription: String { checks }

        var configuration: EngineConfiguration {
            var config = EngineConfiguration()
            config.gracefulStopNanos = gracefulStopMillis * 1_000_000
            config.maxArrivalWaitNanos = maxArrivalWaitMillis * 1_000_000
            if rate.stages.isEmpty {
                config.model = .open(ratePerSecond: rate.initial, durationNanos: Int64(durationMillis * 1_000_000),
                                     maxInFlight: slots, arrivals: arrivals)
            } else {
                config.model = .open(OpenLoad(rate: .stages(rate.loadStages), arrivals: arrivals, maxInFlight: slots))
            }
            return config
        }
    }

    static let rows: [Row] = [
        Row(checks: "uniform 100/s for 1 s: 100 arrivals, each sent at its time (5 ms, 15 ms, …)",
            rate: StageProfile(initial: 100, stages: []), sent: 100, maxInFlight: 1),
        Row(checks: "Poisson 500/s with seed 1: exactly the arrivals of that seed's schedule, none late",
            rate: StageProfile(initial: 500, stages: []), arrivals: .poisson, slots: 50, maxInFlight: nil),
        Row(checks: "a ramp 0 → 400/s over 1 s sends its integral, 200",
            rate: StageProfile(initial: 0, stages: [.init(durationNanos: 1_000_000_000, target: 400)]),
            slots: 20, sent: 200, maxInFlight: 1),
        Row(checks: "stages up and down, 0 → 200/s → 0 over 1 s, send their integral, 100",
            rate: StageProfile(initial: 0, stages: [.init(durationNanos: 500_000_000, target: 200),
                                                     .init(durationNanos: 500_000_000, target: 0)]),
            sent: 100, maxInFlight: 1),
        Row(checks: "in-flight limit: 3 slots whose requests take 1 s; waiting arrivals start late when a slot frees, "
                + "those over 1 s old are dropped, the rest when the graceful stop ends; 3 cut off as timeouts",
            rate: StageProfile(initial: 100, stages: []), slots: 3, serviceMillis: 1_000, gracefulStopMillis: 500,
            sent: 6, late: 3, dropped: 94, maxInFlight: 3, timeouts: 3),
        Row(checks: "one slot busy 120 ms at 10/s: arrivals wait for it (late: 20 or 40 ms), those that waited over "
                + "50 ms are dropped",
            rate: StageProfile(initial: 10, stages: []), slots: 1, serviceMillis: 120, maxArrivalWaitMillis: 50,
            sent: 8, late: 5, dropped: 2, maxInFlight: 1),
        Row(checks: "the graceful stop runs out while the only slot is busy: the arrivals never sent are dropped",
            rate: StageProfile(initial: 20, stages: []), durationMillis: 200, slots: 1, serviceMillis: 600,
            gracefulStopMillis: 100, sent: 1, dropped: 3, maxInFlight: 1, timeouts: 1),
    ]

    @Test(arguments: rows) func schedule(row: Row) throws {
        let config = row.configuration
        var expected = Engine(configuration: config, endpointNames: ["x"]).makeSchedule(worker: 0)
        var scheduled: [UInt64] = []
        while let due = expected?.nextOffsetNanos(), due < config.durationNanos { scheduled.append(due) }

        let driver = ScriptedDriver()
        var worker = SimulatedWorker(config: config, driver: driver, serviceNanos: row.serviceMillis * 1_000_000)
        worker.run()
        #expect(worker.finished)
        #expect(worker.sent.count == (row.sent ?? scheduled.count))
        #expect(worker.lateArrivals == row.late)
        #expect(worker.droppedArrivals == row.dropped)
        #expect(UInt64(worker.sent.count) + worker.droppedArrivals == UInt64(scheduled.count))
        #expect(worker.maxInFlight == (row.maxInFlight ?? worker.maxInFlight))
        #expect(worker.maxInFlight <= row.slots)
        #expect(worker.timeouts == row.timeouts)
        #expect(worker.machine.abortedRequests == UInt64(row.timeouts))
        // Every request counts from its arrival's time, whenever it left.
        let intended = worker.sent.map(\.intendedNanos)
        #expect(Set(intended).isSubset(of: scheduled))
        #expect(zip(intended, intended.dropFirst()).allSatisfy { $0 < $1 })
        if row.late == 0 { #expect(worker.sent.allSatisfy { $0.actualNanos == $0.intendedNanos }) }
    }

    @Test func arrivalDueBeforeTheEndIsSentAfterALateWakeup() {
        // 100/s for 300 ms: 30 arrivals, the last due at 295 ms. The generator is held (as by a busy machine)
        // while starting arrival 29, due at 285 ms, until after the end of the run.
        var config = EngineConfiguration()
        config.model = .open(ratePerSecond: 100)
        config.connections = 4
        config.durationNanos = 300_000_000
        let clock = ManualClock()
        let driver = ScriptedDriver(stall: (iteration: 29, untilNanos: 330_000_000, clock: clock))
        var worker = SimulatedWorker(config: config, driver: driver, clock: clock, serviceNanos: 1_000_000)
        worker.run()
        #expect(worker.sent.count == 30)
        #expect(worker.droppedArrivals == 0)
        // Arrival 29 was taken on time (the stall came after); arrival 30 left 35 ms late and counts from 295 ms.
        #expect(worker.lateArrivals == 1)
        #expect(worker.sent.last == .init(slot: worker.sent.last?.slot ?? -1, intendedNanos: 295_000_000,
                                          actualNanos: 330_000_000))
        #expect(worker.recorded.first { $0.intendedStartNanos == 295_000_000 }?.latencyMicros == 36_000)
    }

    @Test func stopRequestEndsTheScheduleWithoutCountingDrops() {
        // 200/s for 30 s, stopped at 300 ms: the 60 arrivals due by then are sent, the rest neither sent nor dropped.
        var config = EngineConfiguration()
        config.model = .open(ratePerSecond: 200)
        config.connections = 10
        config.durationNanos = 30_000_000_000
        var worker = SimulatedWorker(config: config, driver: ScriptedDriver(), serviceNanos: 1_000_000)
        worker.stopAtNanos = 300_000_000
        worker.run()
        #expect(worker.finished)
        #expect(worker.sent.count == 60)
        #expect(worker.droppedArrivals == 0)
        #expect(worker.recorded.count == 60)
    }

    @Test func iterationLimitEndsTheSchedule() {
        var config = EngineConfiguration()
        config.model = .open(ratePerSecond: 100)
        config.connections = 4
        config.durationNanos = 1_000_000_000
        config.maxIterations = 25
        var worker = SimulatedWorker(config: config, driver: ScriptedDriver(), serviceNanos: 2_000_000)
        worker.run()
        #expect(worker.sent.count == 25)
        #expect(worker.droppedArrivals == 0)
        #expect(worker.sent.last?.intendedNanos == 245_000_000)
    }

    @Test func workersShareTheArrivals() {
        // Two workers at 100/s in all: worker 1 takes arrivals 1, 3, 5… (15 ms, 35 ms, …).
        var config = EngineConfiguration()
        config.model = .open(ratePerSecond: 100)
        config.connections = 4
        config.threads = 2
        config.durationNanos = 1_000_000_000
        var worker = SimulatedWorker(config: config, driver: ScriptedDriver(), serviceNanos: 2_000_000, worker: 1)
        worker.run()
        #expect(worker.sent.count == 50)
        #expect(worker.sent.prefix(2).map(\.intendedNanos) == [15_000_000, 35_000_000])
    }

    @Test(arguments: [
        (rate: 10.0, connections: 2, threads: 1, warmup: true, shares: [1]),        // at least one per worker
        (rate: 20_000.0, connections: 4_000, threads: 2, warmup: true, shares: [100, 100]),
        (rate: 50_000.0, connections: 300, threads: 2, warmup: true, shares: [150, 150]),  // at most the limit
        (rate: 400.0, connections: 8, threads: 1, warmup: false, shares: [0]),     // no URL to open them with
    ])
    func openModelPreopensItsShareOfConnections(row: (rate: Double, connections: Int, threads: Int, warmup: Bool, shares: [Int])) {
        var config = EngineConfiguration()
        config.model = .open(ratePerSecond: row.rate)
        config.connections = row.connections
        config.threads = row.threads
        config.warmupURL = row.warmup ? "http://127.0.0.1:1/" : nil
        let shares = (0..<row.threads).map { SimulatedWorker(config: config, driver: ScriptedDriver(), serviceNanos: 1_000_000,
                                                             worker: $0).machine.preopenSlots.count }
        #expect(shares == row.shares)
    }

    /// The closed model opens one connection per virtual user before its schedule (every user sends at once at
    /// the start), split over the workers like the slots; staged users open their peak; nothing without a URL.
    @Test func closedModelOpensOneConnectionPerVirtualUser() {
        func shares(_ model: LoadModel, threads: Int, url: String? = "http://127.0.0.1:1/") -> [Int] {
            var config = EngineConfiguration()
            config.model = model
            config.threads = threads
            config.warmupURL = url
            return (0..<threads).map { SimulatedWorker(config: config, driver: ScriptedDriver(), serviceNanos: 1_000_000,
                                                        worker: $0).machine.preopenSlots.count }
        }
        let eight = LoadModel.closed(.constant(vus: 8, durationNanos: 1_000_000_000))
        #expect(shares(eight, threads: 1) == [8])
        #expect(shares(eight, threads: 2) == [4, 4])
        #expect(shares(.closed(.iterations(vus: 3, count: 10)), threads: 2) == [2, 1])
        let ramp = [LoadStage(durationNanos: 1_000_000_000, target: 6), LoadStage(durationNanos: 1_000_000_000, target: 0)]
        #expect(shares(.closed(.stages(ramp)), threads: 1) == [6])
        #expect(shares(eight, threads: 1, url: nil) == [0])
    }
}

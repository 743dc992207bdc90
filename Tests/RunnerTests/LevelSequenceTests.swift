import BenchCore
import Testing
@testable import Runner

/// The one level loop's sequences, judged on made-up levels.
struct LevelSequenceTests {
    static func level(_ value: Double, rps: Double, errorRate: Double = 0, p99Micros: UInt64 = 1_000,
                      healthy: Bool = true) -> SweepLevel {
        var summary = EndpointSummary(metrics: EndpointMetrics(name: "all"), durationSeconds: 1)
        summary.requestsPerSecond = rps
        summary.errorRate = errorRate
        summary.latencyMicros.p99 = p99Micros
        summary.latencyMicros.p95 = p99Micros
        summary.latencyMicros.p50 = p99Micros / 2
        return SweepLevel(level: value, durationSeconds: 1, summary: summary, server: nil, generatorHealthy: healthy)
    }

    @Test func sweepRunsEveryLevelWhileThroughputRises() {
        var sequence = SweepSequence(levels: [1, 2, 4], open: false, policy: SweepPolicy())
        #expect(sequence.first == 1)
        var done: [SweepLevel] = []
        var next: Double? = 1
        var rps = 100.0
        while let value = next {
            var level = Self.level(value, rps: rps)
            done.append(level)
            let step = sequence.next(after: &level, done: done)
            #expect(step.stoppedEarly == nil)
            next = step.next
            rps *= 2
        }
        #expect(done.map(\.level) == [1, 2, 4])
        #expect(sequence.results(levels: done, stoppedEarly: nil).dimension == .vus)
    }

    @Test func sweepStopsOnErrors() {
        var sequence = SweepSequence(levels: [1, 2, 4], open: true, policy: SweepPolicy(maxErrorRate: 0.05))
        var level = Self.level(1, rps: 10, errorRate: 0.5)
        let step = sequence.next(after: &level, done: [level])
        #expect(step.next == nil)
        #expect(step.stoppedEarly != nil)
    }

    @Test func findMaxJudgesProbesAndBisects() throws {
        let objective = try ServiceLevel(parsing: "p99<10ms")
        var sequence = FindMaxSequence(search: MaxRateSearch(startRatePerSecond: 100, precision: 0.05, maxProbes: 12),
                                       objective: objective, slo: "p99<10ms")
        #expect(sequence.first == 100)
        var passing = Self.level(100, rps: 100, p99Micros: 2_000)
        #expect(sequence.next(after: &passing, done: [passing]).next == 200)
        #expect(passing.metSLO == true)
        #expect(sequence.note(on: passing) == "meets SLO")
        // Within the SLO but short of the rate asked (a slow target took every slot): a miss that says so.
        var short = Self.level(200, rps: 150, p99Micros: 2_000)
        short.sentRatePerSecond = 150
        short.sentAskedRate = false
        short.generatorCauses = [.inFlightLimit]
        let after = sequence.next(after: &short, done: [passing, short])
        #expect(short.metSLO == false)
        #expect(sequence.note(on: short) == "misses SLO: sent 150/s of the 200/s asked (the in-flight limit was reached)")
        #expect(after.next.map { $0 > 100 && $0 < 200 } == true)
        #expect(sequence.results(levels: [short, passing], stoppedEarly: nil).levels.map(\.level) == [100, 200])
    }

    @Test func findMaxDoesNotJudgeTheTargetOnAProbeWhoseGeneratorSaturated() throws {
        var sequence = FindMaxSequence(search: MaxRateSearch(startRatePerSecond: 100), objective: try ServiceLevel(parsing: "p99<10ms"),
                                       slo: "p99<10ms")
        var passing = Self.level(100, rps: 100, p99Micros: 2_000)
        _ = sequence.next(after: &passing, done: [passing])
        var saturated = Self.level(200, rps: 200, p99Micros: 2_000, healthy: false)
        saturated.generatorCauses = [.cpuSaturated]
        let step = sequence.next(after: &saturated, done: [passing, saturated])
        #expect(saturated.metSLO == nil && step.next == nil)
        #expect(step.stoppedEarly?.contains("lower bound") == true)
        #expect(sequence.note(on: saturated) == "generator-bound (its CPU saturated), not judged")
        #expect(sequence.results(levels: [passing, saturated], stoppedEarly: step.stoppedEarly).maxRatePerSecond == 100)
        // Idle-CPU lag or an in-flight note leaves a probe judged by the SLO and the rate it sent.
        var noted = Self.level(200, rps: 200, p99Micros: 2_000, healthy: true)
        noted.generatorCauses = [.warmup, .schedulingLag]
        noted.sentAskedRate = true
        var fresh = FindMaxSequence(search: MaxRateSearch(startRatePerSecond: 200), objective: try ServiceLevel(parsing: "p99<10ms"),
                                    slo: "p99<10ms")
        _ = fresh.next(after: &noted, done: [noted])
        #expect(noted.metSLO == true)
    }

    @Test(arguments: [
        (asked: 100.0, sent: UInt64(1_000), seconds: 10.0, ok: true),
        (asked: 100.0, sent: UInt64(990), seconds: 10.0, ok: true),     // 1 % short
        (asked: 100.0, sent: UInt64(989), seconds: 10.0, ok: false),
        (asked: 10.0, sent: UInt64(49), seconds: 5.0, ok: true),        // one arrival short: rounding
        (asked: 10.0, sent: UInt64(48), seconds: 5.0, ok: false),
    ])
    func sentRateWithinOnePercent(row: (asked: Double, sent: UInt64, seconds: Double, ok: Bool)) {
        #expect(MaxRateSearch.sentAskedRate(askedPerSecond: row.asked, sentRequests: row.sent, seconds: row.seconds) == row.ok)
    }
}

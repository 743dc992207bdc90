import BenchCore
import Foundation
import Testing

/// The causes of send lag, told apart from made-up load facts.
struct GeneratorHealthTests {
    /// A lag summary with these percentiles (microseconds).
    static func lag(p50: UInt64, p99: UInt64, count: UInt64 = 1_000) -> PercentileSummary {
        var h = LatencyHistogram()
        h.record(micros: 1)
        var summary = PercentileSummary(h)
        (summary.count, summary.p50, summary.p90, summary.p95, summary.p99, summary.p999, summary.max) = (count, p50, p50, p50, p99, p99, p99)
        return summary
    }

    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var facts: GeneratorHealth.LoadFacts
        var causes: [GeneratorHealth.Cause]
        var measuringTarget: Bool
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "a worker thread over 90 % busy: the generator's CPU", facts: .init(
            openModel: true, ratePerSecond: 1_000, maxInFlight: 100, arrivals: 10_000,
            steadyLag: lag(p50: 3_000, p99: 20_000), busiestThread: 0.97), causes: [.cpuSaturated], measuringTarget: false),
        Row(name: "closed model at 95 %: still the CPU", facts: .init(busiestThread: 0.95),
            causes: [.cpuSaturated], measuringTarget: false),
        Row(name: "in-flight limited at low CPU: a note, no banner", facts: .init(
            openModel: true, ratePerSecond: 200, maxInFlight: 2, arrivals: 600, blockedArrivals: 550, droppedArrivals: 300,
            serviceMeanMicros: 20_000, serviceP99Micros: 25_000, steadyLag: lag(p50: 900_000, p99: 1_000_000),
            busiestThread: 0.03), causes: [.inFlightLimit], measuringTarget: true),
        Row(name: "lag only in the first second: warm-up, healthy", facts: .init(
            openModel: true, ratePerSecond: 20_000, maxInFlight: 4_000, arrivals: 200_000,
            steadyLag: lag(p50: 40, p99: 100), warmupLag: lag(p50: 5_000, p99: 300_000), connectsFirstSecond: 2_000,
            busiestThread: 0.4), causes: [.warmup], measuringTarget: true),
        Row(name: "idle-CPU lag small against the gap (3 ms at 50/s): healthy", facts: .init(
            openModel: true, ratePerSecond: 50, maxInFlight: 64, arrivals: 500, steadyLag: lag(p50: 100, p99: 3_000),
            busiestThread: 0.02), causes: [], measuringTarget: true),
        Row(name: "idle-CPU lag 100 µs at 50,000/s: under the 1 ms floor, healthy", facts: .init(
            openModel: true, ratePerSecond: 50_000, maxInFlight: 5_000, arrivals: 500_000, steadyLag: lag(p50: 30, p99: 100),
            busiestThread: 0.5), causes: [], measuringTarget: true),
        Row(name: "idle-CPU lag spikes past the gap: scheduling note", facts: .init(
            openModel: true, ratePerSecond: 1_000, maxInFlight: 64, arrivals: 10_000, steadyLag: lag(p50: 50, p99: 4_000),
            busiestThread: 0.1), causes: [.schedulingLag], measuringTarget: true),
        Row(name: "idle-CPU lag above the gap for most sends: behind schedule", facts: .init(
            openModel: true, ratePerSecond: 1_000, maxInFlight: 64, arrivals: 10_000, steadyLag: lag(p50: 5_000, p99: 30_000),
            busiestThread: 0.3), causes: [.behindSchedule], measuringTarget: false),
        Row(name: "a few blocked arrivals (under 1 %) do not name the limit", facts: .init(
            openModel: true, ratePerSecond: 10, maxInFlight: 2, arrivals: 1_000, blockedArrivals: 5, serviceMeanMicros: 20_000,
            steadyLag: lag(p50: 50, p99: 200), busiestThread: 0.01), causes: [], measuringTarget: true),
    ]

    @Test(arguments: rows)
    func causes(row: Row) {
        let verdict = GeneratorHealth.classify(row.facts)
        #expect(verdict.causes == row.causes)
        let health = GeneratorHealth(threads: 1, cpuBusyFraction: [row.facts.busiestThread], cpuSeconds: 1, requests: row.facts.arrivals,
                                     lag: LatencyHistogram(), lateArrivals: 0, droppedArrivals: row.facts.droppedArrivals,
                                     openModel: row.facts.openModel, load: row.facts)
        #expect(health.measuringTarget == row.measuringTarget)
        #expect(health.causes == row.causes)
        // Only a saturated CPU says the figures are the generator's.
        let all = (health.warnings + (health.notes ?? [])).joined(separator: "\n")
        #expect(all.contains("describe the generator, not the target") == row.causes.contains(.cpuSaturated))
    }

    @Test func inFlightNoteSaysWhetherTheTargetIsSlowAndSuggestsALimit() throws {
        // 200/s × 20 ms = 4 in flight against a limit of 2: the target is slow for this rate.
        let slow = GeneratorHealth.classify(.init(openModel: true, ratePerSecond: 200, maxInFlight: 2, arrivals: 600,
                                                  blockedArrivals: 550, droppedArrivals: 300, serviceMeanMicros: 20_000,
                                                  serviceP99Micros: 100_000))
        #expect(slow.targetSlow == true)
        #expect(slow.suggestedMaxInFlight == 30)   // 200/s × 100 ms × 1.5
        let note = try #require(slow.notes.first)
        #expect(note.contains("the target is slow") && note.contains("raise -c / maxInFlight to about 30"))
        #expect(note.contains("not a generator fault") && slow.warnings.isEmpty)
        // 10/s × 20 ms = 0.2 in flight: arrivals bunched up (Poisson), the target is not slow; at least twice the limit.
        let bursts = GeneratorHealth.classify(.init(openModel: true, ratePerSecond: 10, maxInFlight: 2, arrivals: 100,
                                                    blockedArrivals: 3, serviceMeanMicros: 20_000, serviceP99Micros: 30_000))
        #expect(bursts.targetSlow == false && bursts.suggestedMaxInFlight == 4)
        #expect(bursts.notes.first?.contains("bunched up") == true)
    }

    @Test func lagAllowanceIsTheMeanGapAtLeastOneMillisecond() {
        #expect(GeneratorHealth.lagAllowanceMicros(ratePerSecond: 10) == 100_000)
        #expect(GeneratorHealth.lagAllowanceMicros(ratePerSecond: 50_000) == 1_000)
        #expect(GeneratorHealth.lagAllowanceMicros(ratePerSecond: nil) == 1_000)
    }

    @Test func olderFilesWithoutCausesStillDecode() throws {
        let health = GeneratorHealth(threads: 1, cpuBusyFraction: [0.95], cpuSeconds: 1, requests: 1, lag: LatencyHistogram(),
                                     lateArrivals: 0, droppedArrivals: 0, openModel: true)
        var json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(health)) as? [String: Any])
        for key in ["causes", "notes", "steadyLagMicros", "warmupLagMicros", "preopenedConnections", "connectsFirstSecond",
                    "blockedArrivals", "suggestedMaxInFlight", "targetSlow"] { json[key] = nil }
        let old = try JSONDecoder().decode(GeneratorHealth.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(old.causes == nil && old.foundCauses == [.cpuSaturated] && !old.measuringTarget)
    }
}

import Foundation
import Testing
@testable import Capacity

/// What-if evaluation and the planner on a small CRM-shaped deployment whose numbers can be checked by hand
/// with the utilization law (QSP §3.2.1) and M/M/c residence times (Kleinrock vol. 1, §3.5).
struct PlannerTests {
    /// App CPU 2 ms per request on 4 cores (saturates at 2000 rps per node); database 1/640 s per request
    /// on one connection (saturates at 640 rps), 80% of its demand from reads.
    static let model = CapacityModel(stations: [
        ModelStation(name: "cpu", role: .cpu, demandSeconds: 0.002, servers: 4),
        ModelStation(name: "database", role: .database, demandSeconds: 1.0 / 640, servers: 1, readFraction: 0.8),
    ])
    static let slo = ServiceLevelObjective(targetThroughputPerSecond: 1000, latencyPercentile: 0.95, latencyBoundSeconds: 0.050)

    @Test func baselineFindsTheDatabaseBottleneck() throws {
        let e = try WhatIf.evaluate(Self.model, options: [], targetThroughputPerSecond: 500)
        #expect(abs(e.peakThroughputPerSecond - 640) < 1e-9)
        #expect(e.limitedBy == "database")
        #expect(e.bottleneck.name == "database")
        #expect(abs(e.bottleneck.utilization - 500.0 / 640) < 1e-12)
        // Database as M/M/1: R = D/(1−U) (QSP §6.3); CPU as M/M/4 with A = 1.
        let db = 1.0 / 640 / (1 - 500.0 / 640)
        let cpu = try MMcQueue(arrivalRatePerSecond: 500, serviceTimeSeconds: 0.002, servers: 4).meanResponseSeconds
        #expect(abs((e.responseTimeSeconds ?? 0) - (db + cpu)) < 1e-12)
        #expect(abs((e.percentileLatencySeconds ?? 0) - (db + cpu) * log(20)) < 1e-12)
    }

    @Test func saturatedTargetHasNoLatencyRatherThanNaN() throws {
        let e = try WhatIf.evaluate(Self.model, options: [], targetThroughputPerSecond: 1000)
        #expect(e.responseTimeSeconds == nil)
        #expect(e.percentileLatencySeconds == nil)
        #expect(e.stations.allSatisfy { $0.utilization.isFinite && $0.saturationThroughputPerSecond.isFinite })
    }

    @Test(arguments: [
        (CapacityOption.appNodes(count: 2), 640.0, "database"),
        (.cache(hitRatio: 0.5), 1280, "database"),
        (.connectionPool(size: 4), 2000, "cpu"),
        (.readReplicas(count: 1), 1.0 / (1.0 / 640 * 0.6), "database"),
        (.reduceDemand(station: "database", fraction: 0.75), 2000, "cpu"),
    ])
    func singleOptionsMoveThePeak(option: CapacityOption, peak: Double, limitedBy: String) throws {
        let e = try WhatIf.evaluate(Self.model, options: [option], targetThroughputPerSecond: 100)
        #expect(abs(e.peakThroughputPerSecond - peak) / peak < 1e-12)
        #expect(e.limitedBy == limitedBy)
    }

    /// An embedded database (SQLite in the application process): its 0.2 ms is part of the 2.4 ms of CPU, so a
    /// cache with hit ratio 0.9 takes 0.18 ms off the CPU as well: 1/2.22 ms = 450.45 rps instead of 1/2.4 ms.
    @Test func cacheOnAnEmbeddedDatabaseFreesCPU() throws {
        let stations = [
            ModelStation(name: "cpu", role: .cpu, demandSeconds: 0.0024, servers: 1),
            ModelStation(name: "database", role: .database, demandSeconds: 0.0002, servers: 1),
        ]
        let separate = try WhatIf.evaluate(CapacityModel(stations: stations), options: [.cache(hitRatio: 0.9)],
                                           targetThroughputPerSecond: 100)
        #expect(abs(separate.peakThroughputPerSecond - 1 / 0.0024) < 1e-9)
        let embedded = CapacityModel(stations: stations, databaseEmbedded: true)
        let cached = try WhatIf.evaluate(embedded, options: [.cache(hitRatio: 0.9)], targetThroughputPerSecond: 100)
        #expect(abs(cached.peakThroughputPerSecond - 1 / 0.00222) < 1e-9)
        #expect(cached.limitedBy == "cpu")
        let reduced = try WhatIf.evaluate(embedded, options: [.reduceDemand(station: "database", fraction: 0.5)],
                                          targetThroughputPerSecond: 100)
        #expect(abs(reduced.peakThroughputPerSecond - 1 / 0.0023) < 1e-9)
        // Without options the embedded model is the measured one.
        let baseline = try WhatIf.evaluate(embedded, options: [], targetThroughputPerSecond: 100)
        #expect(abs(baseline.peakThroughputPerSecond - 1 / 0.0024) < 1e-9)
        // An embedded database cannot be busier per request than the CPU it runs on.
        let impossible = CapacityModel(stations: [stations[0], ModelStation(name: "database", role: .database, demandSeconds: 0.003)],
                                       databaseEmbedded: true)
        #expect(throws: CapacityError.self) { try impossible.validate() }
    }

    @Test func hardwareOptionsActOnTheCPU() throws {
        let unlimitedDB = CapacityModel(stations: [
            ModelStation(name: "cpu", role: .cpu, demandSeconds: 0.002, servers: 4),
            ModelStation(name: "database", role: .database, demandSeconds: 0.0001, servers: 8),
        ])
        let cores = try WhatIf.evaluate(unlimitedDB, options: [.cpuCores(multiplier: 2)], targetThroughputPerSecond: 100)
        #expect(abs(cores.peakThroughputPerSecond - 4000) < 1e-9)
        let faster = try WhatIf.evaluate(unlimitedDB, options: [.fasterCPU(speedup: 1.5), .appNodes(count: 3)], targetThroughputPerSecond: 100)
        #expect(abs(faster.peakThroughputPerSecond - 9000) < 1e-9)
    }

    /// With a USL fit the application tier cannot exceed its USL peak (here λ/σ = 1000 rps per node when
    /// κ = 0), and lowering σ raises that ceiling.
    @Test func uslCapsTheApplicationTier() throws {
        var model = Self.model
        model.usl = USLModel(sigma: 0.1, kappa: 0, lambda: 100)
        let pooled: [CapacityOption] = [.connectionPool(size: 8)]
        let e = try WhatIf.evaluate(model, options: pooled, targetThroughputPerSecond: 100)
        #expect(abs(e.peakThroughputPerSecond - 1000) < 1e-9)
        #expect(e.limitedBy == "application scalability (USL)")
        let lower = try WhatIf.evaluate(model, options: pooled + [.lowerContention(fraction: 0.5)], targetThroughputPerSecond: 100)
        #expect(abs(lower.peakThroughputPerSecond - 2000) < 1e-9)
        // Less CPU work per request raises λ, and with it the ceiling, by the same factor: 20% less → 1000/0.8.
        let leaner = try WhatIf.evaluate(model, options: pooled + [.reduceDemand(station: "cpu", fraction: 0.2)],
                                         targetThroughputPerSecond: 100)
        #expect(abs(leaner.peakThroughputPerSecond - 1250) < 1e-9)
        let faster = try WhatIf.evaluate(model, options: pooled + [.fasterCPU(speedup: 1.5)], targetThroughputPerSecond: 100)
        #expect(abs(faster.peakThroughputPerSecond - 1500) < 1e-9)
    }

    /// A sweep on a one-core server flattened at its CPU's capacity (2.19 ms per request → 456 rps; USL peak 475).
    /// Doubling the cores must not stay capped at the one-core ceiling: measured on the reference CRM, the same
    /// server on two cores peaked at 915 rps; the prediction is the CPU station's 912 rps.
    @Test func moreCoresLiftTheMeasuredCeiling() throws {
        var model = CapacityModel(stations: [ModelStation(name: "cpu", role: .cpu, demandSeconds: 0.00219, servers: 1),
                                             ModelStation(name: "database", role: .database, demandSeconds: 0.0000127)])
        model.usl = USLModel(sigma: 0.8256, kappa: 0, lambda: 392)
        let today = try WhatIf.evaluate(model, options: [], targetThroughputPerSecond: 300)
        #expect(abs(today.peakThroughputPerSecond - 1 / 0.00219) < 1e-6)
        let twoCores = try WhatIf.evaluate(model, options: [.cpuCores(multiplier: 2)], targetThroughputPerSecond: 300)
        #expect(abs(twoCores.peakThroughputPerSecond - 2 / 0.00219) < 1e-6)
        #expect(twoCores.limitedBy == "cpu")
        #expect(abs(twoCores.peakThroughputPerSecond - 915) / 915 < 0.15)
    }

    @Test func plannerPicksTheCheapestCombinationAndExplains() throws {
        let plan = try CapacityPlanner.plan(model: Self.model, slo: Self.slo)
        #expect(plan.status == .met)
        // Both cache sizes cost one cache; the 80% one wins the tie on latency.
        #expect(plan.ranked.first?.options == [.cache(hitRatio: 0.8)])
        #expect(plan.ranked.dropFirst().first?.options == [.cache(hitRatio: 0.5)])
        #expect(plan.ranked.map(\.cost) == plan.ranked.map(\.cost).sorted())
        #expect(plan.explanations.first == "Today the database saturates at 640 rps, below the target of 1000 rps.")
        #expect(plan.explanations.count >= 2)
        #expect(plan.evaluatedCombinations == 2 * 2 * 3 * 1 * 3 * 3)
        // Every ranked option meets the SLO as stated.
        #expect(plan.ranked.allSatisfy { ($0.percentileLatencySeconds ?? 1) <= 0.050 && $0.peakThroughputPerSecond > 1000 })
    }

    @Test func combinationsAreExplainedOptionByOption() throws {
        let space = PlanSearchSpace(cpuCoreMultipliers: [1], cpuSpeedups: [1], cacheHitRatios: [0], appNodes: [1, 2],
                                    readReplicas: [0, 2])
        let plan = try CapacityPlanner.plan(model: Self.model, slo: Self.slo, space: space)
        let text = plan.explanations.joined(separator: "\n")
        #expect(text.contains("2 app nodes alone does not help: the database still saturates at 640 rps."))
        #expect(plan.status == .met)
    }

    @Test func unmetSLOSaysSoWithTheBestAchievable() throws {
        let slo = ServiceLevelObjective(targetThroughputPerSecond: 50_000, latencyBoundSeconds: 0.05)
        let plan = try CapacityPlanner.plan(model: Self.model, slo: slo)
        #expect(plan.status == .unmet)
        #expect(plan.ranked.isEmpty)
        let best = try #require(plan.bestAchievable)
        #expect(best.peakThroughputPerSecond > plan.baseline.peakThroughputPerSecond)
        #expect(plan.explanations.last?.hasPrefix("No combination searched meets the SLO (50000 rps with p95 ≤ 50 ms). Best achievable:") == true)
    }

    @Test func planIsCodableAndFreeOfNaN() throws {
        let plan = try CapacityPlanner.plan(model: Self.model, slo: Self.slo)
        let data = try JSONEncoder().encode(plan)
        #expect(try JSONDecoder().decode(CapacityPlan.self, from: data) == plan)
        let text = String(decoding: data, as: UTF8.self)
        #expect(!text.contains("nan") && !text.contains("inf"))
    }

    @Test func invalidInputsAreReportedTogether() {
        let bad = CapacityModel(stations: [ModelStation(name: "cpu", role: .cpu, demandSeconds: -1, servers: 0)], currentNodes: 0)
        #expect(throws: CapacityError.invalidInput(
            "station 'cpu': demand must be positive, got -1.0; station 'cpu': servers must be at least 1; current nodes must be at least 1")) {
            try bad.validate()
        }
        #expect(throws: CapacityError.self) {
            try CapacityPlanner.plan(model: Self.model, slo: ServiceLevelObjective(targetThroughputPerSecond: 0, latencyBoundSeconds: 1))
        }
        #expect(throws: CapacityError.self) {
            try WhatIf.evaluate(Self.model, options: [.cache(hitRatio: 1.5)], targetThroughputPerSecond: 10)
        }
        #expect(throws: CapacityError.self) {
            try CapacityPlanner.plan(model: Self.model, slo: Self.slo, space: PlanSearchSpace(appNodes: Array(1...100), maxCombinations: 100))
        }
    }
}

/// Building a model and a USL fit from what the load engine measures.
struct MeasurementTests {
    /// Service demand law (QSP §3.2.4): 30 CPU-seconds over 10 000 requests is 3 ms per request.
    @Test func demandFromCounterDeltas() throws {
        let cpu = try ModelStation.measured(name: "cpu", role: .cpu, busySecondsDelta: 30, completionsDelta: 10_000, servers: 4)
        #expect(abs(cpu.demandSeconds - 0.003) < 1e-15)
        #expect(throws: CapacityError.self) {
            try ModelStation.measured(name: "db", role: .database, busySecondsDelta: 1, completionsDelta: 0)
        }
    }

    /// An open-model sweep has no concurrency; Little's law N = X·R supplies it. Built from the
    /// specsdm91 fit so the recovered coefficients can be checked against the R package's.
    @Test func openSweepFitsThroughLittlesLaw() throws {
        let model = try USLFit.fit(USLFitTests.specsdm91).model
        let sweep = USLFitTests.specsdm91.map { p in
            SweepPoint(offeredRatePerSecond: p.throughput, throughputPerSecond: p.throughput,
                       meanLatencySeconds: p.concurrency / p.throughput)
        }
        let fit = try USLFit.fit(sweep: sweep)
        #expect(abs(fit.model.sigma - model.sigma) < 1e-9)
        #expect(abs(fit.model.kappa - model.kappa) < 1e-12)
        #expect(sweep[0].uslPoint.concurrency == 1)
    }
}

extension PlannerTests {
    /// The same deployment as a closed network: exact MVA throughput climbs to the database's 640 rps
    /// (the 1/Dmax asymptote, QSP §5.2) and a cache moves that asymptote to 1280 rps.
    @Test func closedNetworkOfTheModelApproachesTheBound() throws {
        var model = Self.model
        model.thinkTimeSeconds = 0.1
        let stations = try WhatIf.networkStations(model, options: [])
        let x = try MeanValueAnalysis.exact(stations: stations, thinkTimeSeconds: model.thinkTimeSeconds, maxPopulation: 400).last!
        #expect(x.throughputPerSecond <= 640 + 1e-9 && x.throughputPerSecond > 639)
        let cached = try WhatIf.networkStations(model, options: [.cache(hitRatio: 0.5)])
        let y = try SchweitzerMVA.solve(stations: cached, thinkTimeSeconds: 0.1, population: 2000)
        #expect(abs(y.throughputPerSecond - 1280) < 1)
    }
}

import Foundation
import Testing
@testable import Capacity

/// Open queues and operational laws against published worked examples.
struct QueueTests {
    /// M/M/1 rows from the course notes at https://www.coursehero.com/file/9082366/ (example #1):
    /// λ = 100, 150, 175 pps with μ = 200 pps gives N = 1, 3, 7 packets and T = 10, 20, 40 ms.
    @Test(arguments: [(100.0, 1.0, 0.010), (150, 3, 0.020), (175, 7, 0.040)])
    func mm1CourseExample(arrival: Double, inSystem: Double, responseSeconds: Double) throws {
        let q = try MMcQueue(arrivalRatePerSecond: arrival, serviceTimeSeconds: 1.0 / 200, servers: 1)
        #expect(abs(q.meanNumberInSystem - inSystem) < 1e-9)
        #expect(abs(q.meanResponseSeconds - responseSeconds) < 1e-12)
        #expect(abs(q.probabilityWait - arrival / 200) < 1e-12) // for M/M/1, P(wait) = ρ
    }

    /// Call-centre example, Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example"
    /// (https://www.callcentrehelper.com/erlang-c-formula-example-121281.htm): 100 calls per 30 min,
    /// AHT 180 s → 10 Erlangs; with 11 agents P(wait) = 0.6821 (printed to 4 decimals), ASA = P·AHT/(N−A).
    @Test func callCentreErlangC() throws {
        let q = try MMcQueue(arrivalRatePerSecond: 100.0 / 1800, serviceTimeSeconds: 180, servers: 11)
        #expect(abs(q.offeredLoad - 10) < 1e-12)
        #expect(abs(q.probabilityWait - 0.6821) < 0.00005)
        #expect(abs(q.meanWaitSeconds - 0.6821 * 180) < 0.01)
        // Service level within 20 s: 1 − P·e^{−(N−A)·20/AHT}.
        #expect(abs(q.probabilityWaitAtMost(seconds: 20) - (1 - q.probabilityWait * Elementary.exp(-20.0 / 180))) < 1e-12)
    }

    /// Erlang B tables (e.g. Cooper 1981, Table I): 10 trunks carry 4.46 Erlangs at 1% blocking and
    /// 5.08 Erlangs at 2%.
    @Test(arguments: [(10, 4.46, 0.01), (10, 5.08, 0.02), (1, 1.0, 0.5)])
    func erlangBTable(servers: Int, load: Double, blocking: Double) {
        #expect(abs(MMcQueue.erlangB(servers: servers, offeredLoad: load) - blocking) < 0.0005)
    }

    @Test func largeServerCountsStayFinite() throws {
        let q = try MMcQueue(arrivalRatePerSecond: 950, serviceTimeSeconds: 1, servers: 1000)
        for value in [q.probabilityWait, q.meanWaitSeconds, q.meanQueueLength, q.meanResponseSeconds] {
            #expect(value.isFinite && value >= 0)
        }
    }

    @Test func unstableAndNonPositiveQueuesAreTypedErrors() {
        #expect(throws: CapacityError.unstableQueue(station: "queue", utilization: 1)) {
            try MMcQueue(arrivalRatePerSecond: 2, serviceTimeSeconds: 1, servers: 2)
        }
        #expect(throws: CapacityError.nonPositive(name: "arrival rate", value: 0, allowsZero: false)) {
            try MMcQueue(arrivalRatePerSecond: 0, serviceTimeSeconds: 1, servers: 2)
        }
        #expect(throws: CapacityError.self) { try MMcQueue(arrivalRatePerSecond: 1, serviceTimeSeconds: .nan, servers: 2) }
        #expect(throws: CapacityError.self) { try MMcQueue(arrivalRatePerSecond: 1, serviceTimeSeconds: 0.1, servers: 0) }
    }

    /// Operational laws (QSP ch. 3) and asymptotic bounds (QSP ch. 5, Table 5.1) on the Jain Table 34.1 model: Dmax = 3 s, D = 6 s,
    /// Z = 4 s, so N* = 10/3 and X ≤ 1/3 — the asymptote Table 34.1 reaches (0.333).
    @Test func operationalLaws() throws {
        let bounds = try OperationalLaws.asymptoticBounds(demandsSeconds: [2, 3, 1], thinkTimeSeconds: 4, population: 20)
        #expect(abs(bounds.maxThroughputPerSecond - 1.0 / 3) < 1e-12)
        #expect(abs(bounds.saturationPopulation - 10.0 / 3) < 1e-12)
        #expect(abs(bounds.minResponseTimeSeconds - 56) < 1e-12) // Table 34.1 exact: 56.016 ≥ 56
        #expect(OperationalLaws.population(throughputPerSecond: 0.1, responseTimeSeconds: 6) == 0.6000000000000001)
        #expect(try OperationalLaws.serviceDemandSeconds(utilization: 0.6, throughputPerSecond: 200) == 0.003)
        #expect(OperationalLaws.utilization(throughputPerSecond: 0.1, serviceTimeSeconds: 2) == 0.2)
        #expect(abs(OperationalLaws.responseTimeSeconds(population: 20, throughputPerSecond: 20 / 60.016, thinkTimeSeconds: 4) - 56.016) < 1e-9)
        #expect(throws: CapacityError.self) { try OperationalLaws.serviceDemandSeconds(utilization: 0.5, throughputPerSecond: 0) }
        #expect(throws: CapacityError.self) { try OperationalLaws.asymptoticBounds(demandsSeconds: [], thinkTimeSeconds: 0, population: 1) }
    }
}

extension QueueTests {
    /// M/M/1 response time is exponential with rate μ − λ (Kleinrock vol. 1, eq. 3.28), so the p-quantile
    /// is ln(1/(1−p))/(μ−λ): the exponential-tail approximation is exact here.
    @Test func mm1ResponseQuantileIsExact() throws {
        let q = try MMcQueue(arrivalRatePerSecond: 150, serviceTimeSeconds: 1.0 / 200, servers: 1)
        #expect(abs(q.responseTimeQuantileSeconds(0.95) - log(20) / 50) < 1e-15)
    }

    /// Seidmann's multi-server approximation inside Schweitzer's MVA stays near exact multi-server MVA.
    @Test func seidmannNearExactMultiServer() throws {
        let stations = [Station(name: "cpu", demandSeconds: 0.008, kind: .queueing(servers: 4)),
                        Station(name: "db", demandSeconds: 0.003)]
        for users in [5, 50, 400] {
            let exact = try MeanValueAnalysis.exact(stations: stations, thinkTimeSeconds: 0.1, maxPopulation: users).last!
            let approx = try SchweitzerMVA.solve(stations: stations, thinkTimeSeconds: 0.1, population: users)
            #expect(abs(approx.throughputPerSecond - exact.throughputPerSecond) / exact.throughputPerSecond < 0.05, "N=\(users)")
        }
    }
}

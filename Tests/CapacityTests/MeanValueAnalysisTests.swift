import Testing
@testable import Capacity

/// Exact and approximate MVA against textbook tables.
struct MeanValueAnalysisTests {
    /// Jain, *The Art of Computer Systems Performance Analysis* (Wiley 1991), Example 34.2 and Table 34.1
    /// (reproduced at http://kuliahonline.unikom.ac.id/?go/listmateri/&dl=file&kid=ODc3&matid=6889):
    /// CPU S=0.125 s × V=16, disk A 0.3 s × 10, disk B 0.2 s × 5, think time Z = 4 s.
    static let jain = [
        Station(name: "cpu", demandSeconds: 2), Station(name: "diskA", demandSeconds: 3),
        Station(name: "diskB", demandSeconds: 1),
    ]
    static let visits = [16.0, 10, 5]

    /// Rows of Table 34.1: N, per-visit response CPU/A/B, system response, throughput, queue CPU/A/B.
    @Test(arguments: [
        [1, 0.125, 0.300, 0.200, 6.000, 0.100, 0.200, 0.300, 0.100],
        [2, 0.150, 0.390, 0.220, 7.400, 0.175, 0.421, 0.684, 0.193],
        [3, 0.178, 0.505, 0.239, 9.088, 0.229, 0.651, 1.158, 0.273],
        [4, 0.206, 0.647, 0.255, 11.051, 0.266, 0.878, 1.721, 0.338],
        [5, 0.235, 0.816, 0.268, 13.256, 0.290, 1.088, 2.365, 0.388],
        [17, 0.370, 3.962, 0.300, 47.045, 0.333, 1.974, 13.195, 0.499],
        [18, 0.372, 4.259, 0.300, 50.032, 0.333, 1.981, 14.187, 0.499],
        [19, 0.373, 4.556, 0.300, 53.022, 0.333, 1.987, 15.181, 0.500],
        [20, 0.373, 4.854, 0.300, 56.016, 0.333, 1.991, 16.177, 0.500],
    ])
    func jainTable34_1(row: [Double]) throws {
        let results = try MeanValueAnalysis.exact(stations: Self.jain, thinkTimeSeconds: 4, maxPopulation: 20)
        let r = results[Int(row[0]) - 1]
        // Printed to 3 decimals: agree to half a unit in the last place (plus binary slack).
        let tol = 0.0005 + 1e-9
        for k in 0..<3 {
            #expect(abs(r.stations[k].residenceTimeSeconds / Self.visits[k] - row[1 + k]) <= tol)
            #expect(abs(r.stations[k].queueLength - row[6 + k]) <= tol)
        }
        #expect(abs(r.responseTimeSeconds - row[4]) <= tol)
        #expect(abs(r.throughputPerSecond - row[5]) <= tol)
    }

    /// Menascé, Almeida & Dowdy, *Performance by Design* (Prentice Hall 2004), §12.2: the database server of
    /// Figure 12.1 (CPU 10 s, fast disk 7.5 s, slow disk 15 s per transaction, no think time) with N = 2 has
    /// mean queue lengths 0.5913, 0.4174 and 0.9913, summing to 2.0000.
    @Test func menasceDatabaseServer() throws {
        let stations = [
            Station(name: "cpu", demandSeconds: 10), Station(name: "fastDisk", demandSeconds: 7.5),
            Station(name: "slowDisk", demandSeconds: 15),
        ]
        let r = try MeanValueAnalysis.exact(stations: stations, thinkTimeSeconds: 0, maxPopulation: 2)[1]
        let q = r.stations.map(\.queueLength)
        #expect(abs(q[0] - 0.5913) < 0.00005)
        #expect(abs(q[1] - 0.4174) < 0.00005)
        #expect(abs(q[2] - 0.9913) < 0.00005)
        #expect(abs(q.reduce(0, +) - 2) < 1e-12)
    }

    /// The machine-repairman model M/M/c//N (Kleinrock, *Queueing Systems* vol. 1, 1975, §3.8): a c-server
    /// station plus think time is a birth–death chain, so exact multi-server MVA must equal its solution.
    @Test(arguments: [(2, 0.5, 3.0, 10), (4, 1.0, 2.0, 25), (8, 0.2, 0.5, 40)])
    func multiServerMatchesBirthDeathChain(servers: Int, demand: Double, think: Double, users: Int) throws {
        let station = Station(name: "pool", demandSeconds: demand, kind: .queueing(servers: servers))
        let mva = try MeanValueAnalysis.exact(stations: [station], thinkTimeSeconds: think, maxPopulation: users).last!
        var weights = [1.0]
        for j in 1...users {
            weights.append(weights[j - 1] * (Double(users - j + 1) / think) / (Double(min(j, servers)) / demand))
        }
        let total = weights.reduce(0, +)
        let throughput = weights.enumerated().reduce(0) { $0 + $1.element / total * Double(min($1.offset, servers)) / demand }
        let queue = weights.enumerated().reduce(0) { $0 + $1.element / total * Double($1.offset) }
        #expect(abs(mva.throughputPerSecond - throughput) / throughput < 1e-9)
        #expect(abs(mva.stations[0].queueLength - queue) < 1e-8)
    }

    @Test func delayStationAddsItsDemand() throws {
        let stations = Self.jain + [Station(name: "net", demandSeconds: 0.5, kind: .delay)]
        let r = try MeanValueAnalysis.exact(stations: stations, thinkTimeSeconds: 4, maxPopulation: 1)[0]
        #expect(abs(r.responseTimeSeconds - 6.5) < 1e-12)
    }

    /// Schweitzer's approximation (Jain §34.3) on the same model: close to exact at N = 20 and on the
    /// 1/Dmax asymptote (QSP §5.2) at large N.
    @Test func schweitzerTracksExact() throws {
        let exact = try MeanValueAnalysis.exact(stations: Self.jain, thinkTimeSeconds: 4, maxPopulation: 20).last!
        let approx = try SchweitzerMVA.solve(stations: Self.jain, thinkTimeSeconds: 4, population: 20)
        #expect(abs(approx.throughputPerSecond - exact.throughputPerSecond) / exact.throughputPerSecond < 0.02)
        #expect(abs(approx.responseTimeSeconds - exact.responseTimeSeconds) / exact.responseTimeSeconds < 0.05)
        let big = try SchweitzerMVA.solve(stations: Self.jain, thinkTimeSeconds: 4, population: 5000)
        #expect(abs(big.throughputPerSecond - 1.0 / 3) < 1e-3)
    }

    @Test func rejectsBadNetworks() {
        #expect(throws: CapacityError.self) { try MeanValueAnalysis.exact(stations: [], thinkTimeSeconds: 1, maxPopulation: 3) }
        #expect(throws: CapacityError.nonPositive(name: "demand of station 'x'", value: 0, allowsZero: false)) {
            try MeanValueAnalysis.exact(stations: [Station(name: "x", demandSeconds: 0)], thinkTimeSeconds: 1, maxPopulation: 3)
        }
        #expect(throws: CapacityError.self) {
            try SchweitzerMVA.solve(stations: Self.jain, thinkTimeSeconds: -1, population: 3)
        }
        #expect(throws: CapacityError.self) {
            try MeanValueAnalysis.exact(stations: Self.jain, thinkTimeSeconds: 1, maxPopulation: 0)
        }
    }
}

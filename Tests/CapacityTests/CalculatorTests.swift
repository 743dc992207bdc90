import Foundation
import Testing
@testable import Capacity

/// The three `crmbench capacity` calculators, through the functions the command calls.
struct CalculatorTests {
    static let specsdm91CSV = """
        N,X
        1,64.9
        18,995.9
        36,1652.4
        72,1853.2
        108,1828.9
        144,1775.0
        216,1702.2
        """

    /// Same published values as USLFitTests.specsdm91CoefficientsMatchRPackage (smoeding/usl
    /// `tests/usl-nlxb.Rout.save`), through the CSV path.
    @Test func uslFromCSVMatchesRPackage() throws {
        let report = try USLCalculator.run(csv: Self.specsdm91CSV)
        #expect(abs(report.sigma - 0.0277285) < 5e-8)
        #expect(abs(report.kappa - 0.0001044) < 5e-8)
        #expect(abs(report.lambda - 89.9952330) < 5e-6)
        #expect(abs(report.standardErrors.lambda - 14.2134894) < 5e-6)
        #expect(abs(report.r2 - 0.9896) < 0.00005)
        // λ/σ for every fit: limit-scalability.Rout.save, all.equal(limit.scalability(u), 3245.589, 0.0001).
        #expect(abs((report.amdahlLimit ?? 0) - 3245.589) / 3245.589 < 1e-4)
        let json = try String(decoding: JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"amdahlLimit\":3245.5"))
        for key in ["sigma", "kappa", "lambda", "standardErrors", "r2", "peakConcurrency", "peakThroughput"] {
            #expect(json.contains("\"\(key)\":"))
        }
        #expect(report.text.contains("Amdahl limit        3"))
    }

    /// The raytracer fit (smoeding/usl `tests/confint.Rout.save`) has κ = 0: an Amdahl limit, no peak N.
    @Test func uslHeaderlessCSVWithAmdahlLimit() throws {
        let csv = "1,20\n4,78\n8,130\n12,170\n16,190\n20,200\n24,210\n28,230\n32,260\n48,280\n64,310\n"
        let report = try USLCalculator.run(csv: csv)
        #expect(report.peakConcurrency == nil)
        #expect(abs((report.amdahlLimit ?? 0) - 21.8488 / 0.0578) / 378 < 0.002)
        let json = try String(decoding: JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"peakConcurrency\":null"))
    }

    @Test(arguments: [
        ("N,X\n1,2\nfoo,3\n", CapacityError.badCSVLine(line: 3, text: "foo,3")),
        ("1,2\n2,4,6\n", CapacityError.badCSVLine(line: 2, text: "2,4,6")),
        ("N,X\n1,10\n2,20\n3,30\n", CapacityError.tooFewLevels(found: 3, required: 4)),
        ("1,10\n2,20\n3,0\n4,40\n", CapacityError.nonPositive(name: "throughput X at point 3", value: 0, allowsZero: false)),
        ("1,10\n2,nan\n3,30\n4,40\n", CapacityError.badCSVLine(line: 2, text: "2,nan")),
        ("", CapacityError.tooFewLevels(found: 0, required: 4)),
    ])
    func uslRejectsBadCSV(csv: String, error: CapacityError) {
        #expect(throws: error) { try USLCalculator.run(csv: csv) }
    }

    @Test func csvSkipsCommentsBlankLinesAndCRLF() throws {
        let points = try USLCalculator.parseCSV("# sweep\r\nN;X\r\n\r\n1; 10\r\n2\t19\n")
        #expect(points == [USLPoint(concurrency: 1, throughput: 10), USLPoint(concurrency: 2, throughput: 19)])
    }

    /// Jain (1991) Table 34.1 through the station-spec path: N = 20 gives R = 56.016 s, X = 0.333/s.
    @Test func mvaFromSpecsMatchesJain() throws {
        let stations = try ["cpu:2", "diskA:3:1", "diskB:1"].map(MVACalculator.parseStation)
        let report = try MVACalculator.run(stations: stations, thinkTimeSeconds: 4, users: try MVACalculator.parseRange("18..20"),
                                           approximate: false)
        #expect(report.populations.map(\.population) == [18, 19, 20])
        let last = try #require(report.populations.last)
        #expect(abs(last.responseTime - 56.016) < 0.0005)
        #expect(abs(last.throughput - 0.333) < 0.0005)
        #expect(abs(last.stations[1].queueLength - 16.177) < 0.0005)
        #expect(abs(last.stations[1].utilization - 1) < 0.002)
        let json = try String(decoding: JSONEncoder().encode(report), as: UTF8.self)
        for key in ["throughput", "responseTime", "residenceTime", "queueLength", "utilization"] {
            #expect(json.contains("\"\(key)\":"))
        }
        let approx = try MVACalculator.run(stations: stations, thinkTimeSeconds: 4, users: 20...20, approximate: true)
        #expect(approx.method == "schweitzer" && approx.populations.count == 1)
    }

    @Test func stationSpecsParse() throws {
        #expect(try MVACalculator.parseStation("db:0.002:8") == Station(name: "db", demandSeconds: 0.002, kind: .queueing(servers: 8)))
        #expect(try MVACalculator.parseStation("lb:0.001:delay") == Station(name: "lb", demandSeconds: 0.001, kind: .delay))
        #expect(try MVACalculator.parseRange("7") == 7...7)
        #expect(try MVACalculator.parseRange(" 1 .. 50 ") == 1...50)
    }

    @Test(arguments: ["cpu", "cpu:abc", ":1", "cpu:1:two", "cpu:1:2:3"])
    func badStationSpecs(spec: String) {
        #expect(throws: CapacityError.badStationSpec(spec)) { try MVACalculator.parseStation(spec) }
    }

    @Test func nonPositiveStationValues() {
        #expect(throws: CapacityError.self) { try MVACalculator.parseStation("cpu:0") }
        #expect(throws: CapacityError.self) { try MVACalculator.parseStation("cpu:-1:2") }
        #expect(throws: CapacityError.self) { try MVACalculator.parseStation("cpu:1:0") }
        #expect(throws: CapacityError.self) {
            try MVACalculator.run(stations: [Station(name: "a", demandSeconds: 1)], thinkTimeSeconds: -2, users: 1...2, approximate: false)
        }
    }

    @Test(arguments: ["5..2", "0..3", "a..b", "", "1..", "-3"])
    func badRanges(text: String) {
        #expect(throws: CapacityError.badRange(text)) { try MVACalculator.parseRange(text) }
    }

    /// The Call Centre Helper Erlang C example (see QueueTests.callCentreErlangC), in seconds.
    @Test func mmcCallCentre() throws {
        let report = try MMcCalculator.run(arrivalRatePerSecond: 100.0 / 1800, serviceTimeSeconds: 180, servers: 11)
        #expect(abs(report.probabilityWait - 0.6821) < 0.00005)
        #expect(abs(report.utilization - 10.0 / 11) < 1e-12)
        #expect(abs(report.meanResponseTime - report.meanWait - 180) < 1e-9)
        let json = try String(decoding: JSONEncoder().encode(report), as: UTF8.self)
        for key in ["utilization", "probabilityWait", "meanWait", "meanResponseTime", "meanQueueLength"] {
            #expect(json.contains("\"\(key)\":"))
        }
    }

    @Test func mmcErrors() {
        #expect(throws: CapacityError.unstableQueue(station: "M/M/2", utilization: 1.5)) {
            try MMcCalculator.run(arrivalRatePerSecond: 3, serviceTimeSeconds: 1, servers: 2)
        }
        #expect(throws: CapacityError.self) { try MMcCalculator.run(arrivalRatePerSecond: -1, serviceTimeSeconds: 1, servers: 2) }
        #expect(throws: CapacityError.self) { try MMcCalculator.run(arrivalRatePerSecond: 1, serviceTimeSeconds: 1, servers: 0) }
    }

    @Test(arguments: [(0.0277285123, "0.0277285"), (89.99523301, "89.9952"), (12341.7456, "12341.7"), (0, "0"),
                      (1_234_567.8, "1234570"), (-0.5, "-0.5"), (7.690945e-4, "0.000769095")])
    func formatsSignificantDigits(value: Double, text: String) {
        #expect(Format.number(value) == text)
    }

    @Test func errorMessagesAreReadable() {
        #expect(CapacityError.badCSVLine(line: 3, text: "foo").description == "line 3: expected two numbers 'N,X', got 'foo'")
        #expect(CapacityError.tooFewLevels(found: 3, required: 4).description
            == "the USL fit needs at least 4 distinct concurrency levels, got 3")
        #expect(CapacityError.unstableQueue(station: "db", utilization: 1.25).description
            == "queue 'db' is unstable: utilization 1.25 ≥ 1 (arrivals outpace service)")
    }
}

extension CalculatorTests {
    /// Awkward sweeps — flat, falling, perfectly linear, huge, tiny — either fit with finite numbers
    /// everywhere or fail with a typed error; never NaN or infinity in the JSON.
    @Test(arguments: [
        "1,100\n2,100\n3,100\n4,100\n5,100\n6,100",
        "1,100\n2,90\n3,80\n4,70\n5,60\n6,50",
        "1,10\n2,20\n3,30\n4,40\n5,50\n6,60",
        "1,1e12\n2,1.9e12\n4,3.1e12\n8,3.3e12\n16,3.0e12\n32,2.1e12",
        "1,1e-9\n2,1.8e-9\n4,2.9e-9\n8,3.2e-9\n16,2.8e-9\n32,2.0e-9",
        "1,5\n1,7\n2,9\n2,11\n4,12\n8,12",
    ])
    func awkwardSweepsNeverLeakNaN(csv: String) throws {
        do {
            let report = try USLCalculator.run(csv: csv)
            let json = try JSONEncoder().encode(report) // throws on NaN/inf
            #expect(!json.isEmpty)
            #expect(report.sigma >= 0 && report.kappa >= 0 && report.lambda > 0)
        } catch is CapacityError {
            // A typed refusal is an acceptable answer.
        }
    }
}

import Testing
@testable import BenchCore

@Suite struct CapacityFileTests {
    @Test func readsEveryKey() throws {
        let file = try CapacityFile.parse("""
        cores: 4
        nodes: 2
        readFraction: 0.7
        database: embedded
        slo: {throughput: 1000, p95: 200ms}
        costs: {core: 20, appNode: 200, readReplica: 150}
        """, file: "cap.yaml")
        #expect(file.cores == 4 && file.nodes == 2 && file.readFraction == 0.7)
        #expect(file.databaseEmbedded == true)
        #expect(try CapacityFile.parse("database: separate", file: "c.yaml").databaseEmbedded == false)
        #expect(try CapacityFile.parse("cores: 1", file: "c.yaml").databaseEmbedded == nil)
        #expect(file.sloThroughputPerSecond == 1_000 && file.sloPercentile == 0.95 && file.sloLatencyMicros == 200_000)
        #expect(file.costs == ["core": 20, "appNode": 200, "readReplica": 150])
    }

    @Test(arguments: [
        ("cores: 0", "cap.yaml:1:8: cores must be a whole number from 1 to 4096"),
        // Past these, a what-if's cores × multiplier or a plan's printed peak trapped in an Int conversion.
        ("cores: 9223372036854775807", "cores must be a whole number from 1 to 4096"),
        ("nodes: 100000", "nodes must be a whole number from 1 to 4096"),
        ("slo: {throughput: 1e308}", "slo.throughput must be a positive rate, at most 10000000 per second"),
        ("slo: {throughput: .inf}", "slo.throughput must be a positive rate"),
        ("slo: {throughput: .nan}", "slo.throughput must be a positive rate"),
        ("readFraction: 2", "cap.yaml:1:15: readFraction must be between 0 and 1"),
        ("slo: {throughput: -1}", "slo.throughput must be a positive rate"),
        ("slo: {p95: fast}", "slo.p95 must be a duration like 200ms"),
        ("slo: {p42: 1s}", "unknown slo key 'p42'"),
        ("costs: {gold: 1}", "unknown cost 'gold'"),
        ("colour: blue", "cap.yaml:1:1: unknown key 'colour'"),
        ("cores: 2\ndatabase: shared", "cap.yaml:2:11: database must be 'embedded' (inside the application process) or 'separate'"),
        ("- a list", "expected a mapping"),
        ("cores: [unclosed", "not YAML"),
    ])
    func reportsProblemsWithLocations(text: String, expected: String) {
        do {
            _ = try CapacityFile.parse(text, file: "cap.yaml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }
}

import BenchCore
import Testing

@Suite("Data feeders")
struct ScenarioFeederTests {
    static let csv = "email,name\n\"a@x.test\",\"Ann, Jr.\"\nb@x.test,Bob\r\nc@x.test,\"Say \"\"hi\"\"\"\n"

    static func feeder(_ mode: FeederData.Mode) throws -> FeederData {
        let parsed = try FeederData.parseCSV(Array(Self.csv.utf8))
        return FeederData(name: "people", mode: mode, columns: parsed.columns, rows: parsed.rows)
    }

    static func emails(_ set: inout FeederSet, _ count: Int, random: inout SplitMix64) -> [String] {
        (0..<count).map { _ in
            if case .rows(let rows) = set.draw(using: &random) { return rows["people"]?["email"] ?? "?" }
            return "exhausted"
        }
    }

    @Test func csvQuotingAndLineEndings() throws {
        let parsed = try FeederData.parseCSV(Array(Self.csv.utf8))
        #expect(parsed.columns == ["email", "name"])
        #expect(parsed.rows == [["a@x.test", "Ann, Jr."], ["b@x.test", "Bob"], ["c@x.test", "Say \"hi\""]])
    }

    @Test func jsonFeederUsesUnionOfKeys() throws {
        let parsed = try FeederData.parseJSON(Array(#"[{"id": 1, "name": "A"}, {"id": 2, "vip": true}]"#.utf8))
        #expect(parsed.columns == ["id", "name", "vip"])
        #expect(parsed.rows == [["1", "A", ""], ["2", "", "true"]])
    }

    @Test func sequentialWrapsAround() throws {
        var set = FeederSet([try Self.feeder(.sequential)])
        var random = SplitMix64(seed: 1)
        #expect(Self.emails(&set, 5, random: &random) == ["a@x.test", "b@x.test", "c@x.test", "a@x.test", "b@x.test"])
    }

    @Test func randomCoversRowsReproducibly() throws {
        var first = FeederSet([try Self.feeder(.random)])
        var second = FeederSet([try Self.feeder(.random)])
        var randomA = SplitMix64(seed: 8)
        var randomB = SplitMix64(seed: 8)
        let drawn = Self.emails(&first, 200, random: &randomA)
        #expect(drawn == Self.emails(&second, 200, random: &randomB))
        #expect(Set(drawn) == ["a@x.test", "b@x.test", "c@x.test"])
    }

    @Test func uniqueUsesEachRowOnceThenReportsExhaustion() throws {
        var set = FeederSet([try Self.feeder(.unique)])
        var random = SplitMix64(seed: 1)
        #expect(Self.emails(&set, 3, random: &random) == ["a@x.test", "b@x.test", "c@x.test"])
        #expect(set.draw(using: &random) == .exhausted(feeder: "people"))
        #expect(set.draw(using: &random) == .exhausted(feeder: "people"))
    }

    @Test func partitionsAreDisjointForUnique() throws {
        let all = FeederSet([try Self.feeder(.unique)])
        var random = SplitMix64(seed: 1)
        var worker0 = all.partition(index: 0, count: 2)
        var worker1 = all.partition(index: 1, count: 2)
        #expect(Self.emails(&worker0, 3, random: &random) == ["a@x.test", "c@x.test", "exhausted"])
        #expect(Self.emails(&worker1, 2, random: &random) == ["b@x.test", "exhausted"])
    }

    @Test func exhaustionReachesTheEngineThroughTheFactory() throws {
        let scenario = try ScenarioFixtures.scenario("""
            target: http://h
            data:
              - {name: people, file: data/people.csv, mode: unique}
            flows:
              - name: f
                steps:
                  - post: /customers
                    json: {email: "${data.people.email}"}
            """, files: ["data/people.csv": Self.csv])
        var factory = IterationFactory(scenario: scenario, seed: 1, env: { _ in nil }, nowEpochMillis: { 0 })
        var bodies: [String] = []
        while case .success(var iteration) = factory.next() {
            if case .send(let request) = iteration.start() { bodies.append(String(decoding: request.body, as: UTF8.self)) }
        }
        #expect(bodies == [#"{"email":"a@x.test"}"#, #"{"email":"b@x.test"}"#, #"{"email":"c@x.test"}"#])
        guard case .failure(.feederExhausted("people")) = factory.next() else {
            Issue.record("expected exhaustion")
            return
        }
    }

    @Test("malformed CSV is rejected", arguments: ["", "a,b\n1\n", "a,,b\n1,2,3\n", "a\n\"open\n"])
    func badCSV(text: String) {
        #expect(throws: TextParseError.self) { try FeederData.parseCSV(Array(text.utf8)) }
    }
}

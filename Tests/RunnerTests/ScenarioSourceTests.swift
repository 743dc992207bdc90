import Foundation
import BenchCore
import LoadEngine
import Testing
@testable import Runner

/// A scenario source across the levels of a sweep: no level repeats another's template values.
struct ScenarioSourceTests {
    static let yaml = """
    name: writes
    target: http://127.0.0.1:9
    flows:
      - name: create
        steps:
          - post: /api/v1/customers
            name: create customer
            json:
              name: Customer ${seq}
              email: bench-${random.uuid}@example.test
    load: {vus: 2, duration: 1s}
    """

    static func source() throws -> ScenarioSource {
        let scenario = try ScenarioLoader { _ in [] }.load(text: yaml, path: "writes.yaml").get()
        return try ScenarioSource(scenario: scenario, path: "writes.yaml", options: RunTarget())
    }

    /// The request bodies of `iterations` iterations on each of `workers` workers of one level.
    static func level(_ source: ScenarioSource, workers: Int, iterations: Int) -> [String] {
        source.beginLevel()
        var bodies: [String] = []
        for worker in 0..<workers {
            let driver = source.makeDriver(worker: worker, workers: workers, workload: 0)
            for slot in 0..<iterations {
                if case .send(let request) = driver.beginIteration(slot: slot, intendedNanos: 0) {
                    bodies.append(String(decoding: request.body ?? [], as: UTF8.self))
                }
            }
        }
        return bodies
    }

    @Test func levelsContinueSeqAndRandomStreams() throws {
        let source = try Self.source()
        // Three levels of 1, 2 and 3 workers, as a sweep over 1,2,3 virtual users runs them.
        let bodies = [1, 2, 3].flatMap { Self.level(source, workers: $0, iterations: 4) }
        #expect(bodies.count == 24)
        #expect(Set(bodies).count == bodies.count, "a level repeated a request body")
        let names = bodies.map { Self.text(after: "Customer ", in: $0, while: \.isNumber) }
        #expect(Set(names).count == bodies.count, "a level repeated a ${seq}: \(names)")
        let emails = bodies.map { Self.text(after: "bench-", in: $0) { $0 != "@" } }
        #expect(Set(emails).count == bodies.count, "a level repeated a ${random.uuid}")
    }

    /// The characters after `marker` in `body` while `keep` holds.
    static func text(after marker: String, in body: String, while keep: (Character) -> Bool) -> String {
        guard let range = body.range(of: marker) else { return "" }
        return String(body[range.upperBound...].prefix(while: keep))
    }

    @Test func oneLevelAloneIsUnchanged() throws {
        // Workers of one level draw disjoint ${seq} values, as before levels continued.
        let bodies = Self.level(try Self.source(), workers: 2, iterations: 3)
        let names = bodies.compactMap { Int(Self.text(after: "Customer ", in: $0, while: \.isNumber)) }
        #expect(names.sorted() == [0, 1, 2, 3, 4, 5])
    }
}

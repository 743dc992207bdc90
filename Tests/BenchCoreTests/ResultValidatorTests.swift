import Foundation
import Testing
import BenchFixtures
@testable import BenchCore

@Suite struct ResultValidatorTests {
    /// One corruption of a valid result.json: the JSON value put at a path, and what the error must say.
    struct Corruption: Sendable, CustomTestStringConvertible {
        var path: String
        var json: String
        var message: String
        var testDescription: String { "\(path) = \(json)" }
    }

    static let corruptions: [Corruption] = [
        Corruption(path: "histograms.endpoints.0.latency.buckets.3", json: "[100]",
                   message: "histograms.endpoints[0].latency.buckets[3]: expected [value, count], found 1 number"),
        Corruption(path: "histograms.overall.serviceTime.buckets.1", json: "[100, 2, 3]",
                   message: "histograms.overall.serviceTime.buckets[1]: expected [value, count], found 3 numbers"),
        Corruption(path: "histograms.overall.latency.buckets.2.1", json: "-5",
                   message: "histograms.overall.latency.buckets[2][1]: expected a whole number from 0 to 18446744073709551615, found -5"),
        Corruption(path: "histograms.lag.buckets", json: "[[20, 9223372036854775807], [30, 9223372036854775807], [40, 9223372036854775807]]",
                   message: "histograms.lag.buckets[0]: expected counts adding up to at most 2^53"),
        Corruption(path: "histograms.overall.latency.buckets.0", json: "[99999999, 1]",
                   message: "histograms.overall.latency.buckets[1]: expected values in ascending order"),
        Corruption(path: "summary.overall.latencyMicros.count", json: "7",
                   message: "summary.overall.latencyMicros.count: expected the total of histograms.overall.latency"),
        Corruption(path: "summary.endpoints.0.errors", json: "99999999",
                   message: "summary.endpoints[0].errors: expected at most requests"),
        Corruption(path: "summary.overall.latencyMicros.p90", json: "1",
                   message: "summary.overall.latencyMicros.p90: expected at least p50"),
        Corruption(path: "summary.overall.errorRate", json: "\"nan\"",
                   message: "summary.overall.errorRate: expected a fraction from 0 to 1, found nan"),
        Corruption(path: "timeSeries.2.second", json: "1000000000000",
                   message: "timeSeries[2].second: expected a second from 0 to 3605"),
        Corruption(path: "timeSeries.3.second", json: "1",
                   message: "timeSeries[3].second: expected seconds in ascending order, found 1 after 2"),
        Corruption(path: "timeSeries.0.p99Micros", json: "0",
                   message: "timeSeries[0].p99Micros: expected at least p90Micros"),
        Corruption(path: "meta.durationSeconds", json: "1e300",
                   message: "meta.durationSeconds: expected a duration from 0 to 31622400 seconds"),
        Corruption(path: "timeSeries.0.second", json: "1.5",
                   message: "timeSeries[0].second: expected a whole number, found 1.5"),
        Corruption(path: "summary.overall.requests", json: "\"many\"",
                   message: "summary.overall.requests: expected a whole number from 0 to 18446744073709551615, found the string \"many\""),
        Corruption(path: "config.model", json: "null", message: "config.model: expected a string, found null"),
    ]

    @Test(arguments: corruptions) func corruptedResultsAreRefusedWithThePath(_ corruption: Corruption) throws {
        var tree = try JSONSerialization.jsonObject(with: ResultCodec.encode(SyntheticRun.make(seconds: 5)))
        let value = try JSONSerialization.jsonObject(with: Data(corruption.json.utf8), options: .fragmentsAllowed)
        tree = Self.setting(value, at: corruption.path.split(separator: ".").map(String.init), in: tree)
        let data = try JSONSerialization.data(withJSONObject: tree)
        do {
            _ = try ResultCodec.decode(data)
            Issue.record("decoded a corrupted result")
        } catch let problem as ResultCodec.Problem {
            let message = problem.message(file: "r/result.json")
            #expect(message.contains("r/result.json: " + corruption.message), "\(message)")
        }
    }

    @Test func validResultsHaveNoIssues() throws {
        let results = [SyntheticRun.make(), ResultTests.sampleResult(partial: true),
                       SyntheticRun.make(endpoints: [.init(name: "a", medianMicros: 300, requestsPerSecond: 900, errorRate: 0.1),
                                                     .init(name: "b", medianMicros: 90_000, requestsPerSecond: 3)])]
        for result in results {
            #expect(ResultValidator.issues(in: result) == [])
            #expect(throws: Never.self) { try ResultCodec.decode(try ResultCodec.encode(result)) }
        }
        let (a, _) = ResultMergerTests.result(ResultMergerTests.outcomes(seed: 1, count: 300), host: "a")
        let (b, _) = ResultMergerTests.result(ResultMergerTests.outcomes(seed: 2, count: 200), host: "b")
        #expect(ResultValidator.issues(in: try ResultMerger.merge([a, b], commandLine: [])) == [])
    }

    @Test func everyIssueIsReportedAtOnce() {
        var result = SyntheticRun.make(seconds: 5)
        result.histograms.overall.latency.buckets[0] = [1]
        result.timeSeries[1].second = -1
        let issues = ResultValidator.issues(in: result).map(\.path)
        #expect(issues.contains("histograms.overall.latency.buckets[0]") && issues.contains("timeSeries[1].second"))
    }

    @Test func jsonThatIsNotAResultIsNamedForWhatItIs() {
        func message(_ text: String) -> String {
            do { _ = try ResultCodec.decode(Data(text.utf8)); return "" } catch { return "\(error)" }
        }
        #expect(message("[]") == "expected a JSON object (a result), found an empty array")
        #expect(message(#"{"a": 1}"#) == "schemaVersion: expected the result schema version (1), found nothing")
        #expect(message(#"{"schemaVersion": "1"}"#) == "schemaVersion: expected an integer, found the string \"1\"")
        #expect(message(#"{"schemaVersion": 99}"#).contains("schema version 99 is not supported"))
        #expect(message("{\n  \"schemaVersion\": 1,,\n}").contains("(line 2, column"))
        #expect(message(#"{"schemaVersion": 1}"#).hasPrefix("partial: expected a value, found nothing"))
    }

    static func setting(_ value: Any, at path: [String], in node: Any) -> Any {
        guard let step = path.first else { return value }
        if var array = node as? [Any], let i = Int(step) {
            array[i] = setting(value, at: Array(path.dropFirst()), in: array[i])
            return array
        }
        var dict = node as? [String: Any] ?? [:]
        dict[step] = setting(value, at: Array(path.dropFirst()), in: dict[step] ?? [String: Any]())
        return dict
    }
}

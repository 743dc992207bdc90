import BenchCore
import BenchFixtures
import Foundation
import Testing

/// Every command that reads a result.json refuses an inconsistent one with exit 65 and the file and JSON path.
@Suite struct InvalidResultTests {
    /// A run folder holding a valid result whose `histograms.overall.latency.buckets[3]` is `[100]`.
    static func folders() throws -> (good: String, bad: String) {
        let root = CLI.temporaryDirectory()
        let good = root + "/good", bad = root + "/bad"
        for folder in [good, bad] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        var result = SyntheticRun.make(seconds: 5)
        try ResultCodec.encode(result).write(to: URL(fileURLWithPath: good + "/result.json"))
        result.histograms.overall.latency.buckets[3] = [100]
        try ResultCodec.encode(result).write(to: URL(fileURLWithPath: bad + "/result.json"))
        return (good, bad)
    }

    @Test func everyReaderExits65NamingTheFileAndPath() throws {
        let (good, bad) = try Self.folders()
        let commands = [["report", bad], ["report", bad, "--format", "csv", "--stdout"], ["compare", good, bad],
                        ["merge", good, bad, "--out", bad + "-merged"], ["plan", bad, "--slo", "throughput=10,p95<200ms"]]
        for arguments in commands {
            let outcome = try CLI.run(arguments, timeoutSeconds: 30)
            #expect(outcome.status == 65, "\(arguments): \(outcome.status) \(outcome.stderr)")
            #expect(outcome.stderr.contains("\(bad)/result.json: histograms.overall.latency.buckets[3]: expected [value, count], found 1 number"),
                    "\(arguments): \(outcome.stderr)")
        }
        #expect(try CLI.run(["report", good, "--format", "md", "--stdout"]).status == 0)
    }

    @Test func mergeDoesNotWriteOverOneOfItsRuns() throws {
        let (good, _) = try Self.folders()
        let before = try Data(contentsOf: URL(fileURLWithPath: good + "/result.json"))
        for out in [good, good + "/", good + "/../good"] {
            let outcome = try CLI.run(["merge", good, good + "/result.json", "--out", out], timeoutSeconds: 30)
            #expect(outcome.status == 64, "\(out): \(outcome.stderr)")
            #expect(outcome.stderr.contains("is one of the runs being merged"), "\(outcome.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: good + "/result.json")) == before)
    }
}

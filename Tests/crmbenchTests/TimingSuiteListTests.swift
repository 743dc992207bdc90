import Foundation
import Testing

/// `make test` runs every suite in parallel except the Makefile's TIMING_SUITES, which run one at a time afterwards.
/// A suite tagged `timing` that is missing from that list would run beside others and flake; this keeps the list
/// and the tags in step (Swift Testing cannot select by tag, so the Makefile names the suites).
@Suite struct TimingSuiteListTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The suite names in the Makefile's `TIMING_SUITES := A|B|C` line.
    static func listedSuites() throws -> Set<String> {
        let makefile = try String(contentsOf: root.appendingPathComponent("Makefile"), encoding: .utf8)
        guard let line = makefile.split(separator: "\n").first(where: { $0.hasPrefix("TIMING_SUITES :=") }) else { return [] }
        let names = line.dropFirst("TIMING_SUITES :=".count).split(separator: "|")
        return Set(names.map { $0.trimmingCharacters(in: .whitespaces) })
    }

    /// The struct names of suites whose `@Suite(...)` attribute carries the `timing` tag, in every test file.
    static func taggedSuites() throws -> [String: String] {
        var found: [String: String] = [:]
        let files = FileManager.default.enumerator(at: root.appendingPathComponent("Tests"), includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            var rest = text[...]
            while let suite = rest.range(of: "@Suite") {
                let tail = rest[suite.upperBound...]
                guard let structRange = tail.range(of: "struct ") else { break }
                let attribute = tail[..<structRange.lowerBound]
                let name = tail[structRange.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                if attribute.contains(".timing") { found[String(name)] = url.lastPathComponent }
                rest = tail[structRange.upperBound...]
            }
        }
        return found
    }

    @Test func everySuiteTaggedTimingRunsApart() throws {
        let listed = try Self.listedSuites()
        #expect(listed.count >= 10, "TIMING_SUITES not found in the Makefile")
        let tagged = try Self.taggedSuites()
        #expect(tagged.count >= 10, "no suites tagged timing were found under Tests/")
        for (name, file) in tagged.sorted(by: { $0.key < $1.key }) {
            #expect(listed.contains(name), "\(name) (\(file)) is tagged timing but missing from the Makefile's TIMING_SUITES")
        }
    }
}

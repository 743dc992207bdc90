#if os(Linux)
import CCurl
import Foundation
import Testing

/// Start-up code pages handed back before a run starts (`ccurl_drop_own_code_pages`, called by `Engine.run`): the
/// process's file-backed memory falls, its written memory is untouched, and the code it dropped still runs (the pages
/// fault back in from the file).
@Suite struct ResidentCodeTests {
    /// A field of /proc/self/status in kB ("RssFile", "RssAnon").
    static func statusKB(_ field: String) throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix(field + ":") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }

    @Test func dropsTheExecutablesCleanPagesAndTheCodeStillRuns() throws {
        // Everything this test binary ran so far (the test runner, the libraries) is resident now.
        let fileBefore = try Self.statusKB("RssFile")
        let dropped = ccurl_drop_own_code_pages()
        let fileAfter = try Self.statusKB("RssFile")
        #expect(dropped > 1_024, "a test binary's start-up touches more than a megabyte of its code")
        #expect(fileAfter < fileBefore)
        // Written memory is never dropped: what the heap holds keeps its values.
        let words = (0..<1_000).map { "word\($0)" }
        #expect(ccurl_drop_own_code_pages() >= 0)
        #expect(words[999] == "word999")
        // Code from the dropped pages runs again.
        #expect([3, 1, 2].sorted() == [1, 2, 3])
        #expect(String(format: "%.1f", 2.25) == "2.2" || String(format: "%.1f", 2.25) == "2.3")
        #expect(try JSONDecoder().decode([Int].self, from: Data("[1,2]".utf8)) == [1, 2])
    }
}
#endif

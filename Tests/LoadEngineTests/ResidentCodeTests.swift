#if os(Linux)
import CCurl
import Foundation
import Testing

/// Start-up code pages handed back before a run starts (`ccurl_drop_own_code_pages`, called by `Engine.run`): this
/// executable's resident code shrinks, its written memory is untouched, and the code it dropped still runs (the pages
/// fault back in from the file). In the serial half of `make test`: another test running beside it would fault the
/// pages back in between the two readings.
@Suite(.serialized, .tags(.timing)) struct ResidentCodeTests {
    /// The kB resident in this executable's code mappings (smaps: an exact count of the page tables).
    static func residentCodeKB() throws -> Int {
        let exe = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let smaps = try String(contentsOfFile: "/proc/self/smaps", encoding: .utf8)
        var total = 0
        var inCode = false
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let first = fields.first, first.contains("-"), fields.count >= 2, !first.hasSuffix(":") {
                inCode = fields[1] == "r-xp" && fields.count >= 6 && fields[5...].joined(separator: " ") == exe
            } else if inCode, fields.first == "Rss:", fields.count >= 2, let kB = Int(fields[1]) {
                total += kB
            }
        }
        return total
    }

    @Test func dropsTheExecutablesCleanPagesAndTheCodeStillRuns() throws {
        // Run a spread of code first (encoding, sorting, formatting) so that some of it is resident.
        let encoded = try JSONEncoder().encode(["b": [3, 1, 2], "a": [5]])
        #expect(encoded.count > 0)
        let before = try Self.residentCodeKB()
        let dropped = ccurl_drop_own_code_pages()
        let after = try Self.residentCodeKB()
        #expect(before > 0)
        #expect(dropped > 0)
        #expect(after < before, "resident code \(before) kB before, \(after) kB after dropping \(dropped) kB")
        // Written memory is never dropped: what the heap holds keeps its values.
        let words = (0..<1_000).map { "word\($0)" }
        #expect(ccurl_drop_own_code_pages() >= 0)
        #expect(words[999] == "word999")
        // Code from the dropped pages runs again.
        #expect([3, 1, 2].sorted() == [1, 2, 3])
        #expect(try JSONDecoder().decode([String: [Int]].self, from: encoded) == ["b": [3, 1, 2], "a": [5]])
    }
}
#endif

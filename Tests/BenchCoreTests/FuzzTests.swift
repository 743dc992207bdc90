import BenchCore
import Foundation
import Testing

/// Random mutations of the shipped scenarios: the loader must return a scenario or diagnostics, never crash.
@Suite("Fuzzing the loader")
struct FuzzTests {
    static let mutationsPerFile = 750

    /// The shipped scenarios and their data files, read once.
    static let files: [String: [UInt8]] = {
        var files: [String: [UInt8]] = [:]
        let directory = ScenarioFixtures.scenariosDirectory
        for name in ScenarioFixtures.shippedNames + ["data/customers.csv", "data/search-terms.csv", "data/ticket-subjects.json"] {
            let path = directory + "/" + name
            files[path] = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
        }
        return files
    }()

    /// A fresh loader each time: a loader holds a non-Sendable reader closure, so it cannot be a shared static.
    static var loader: ScenarioLoader {
        ScenarioLoader { path in
            guard let bytes = files[path] else { throw ScenarioFixtures.MissingFile(path: path) }
            return bytes
        }
    }

    static let noise: [UInt8] = Array("[]{}:,-&*!|>'\"%@#?$ \t\n0123456789xyz${}.\\".utf8)

    /// Numbers at and past the edges of every integer type, and not numbers at all.
    static let hugeNumbers = ["9223372036854775807", "9223372036854775808", "99999999999999999999", "-1", "1e308", "0", "nan", "2562047h"]
    /// Patterns outside the subset or that backtrack catastrophically elsewhere.
    static let evilRegexes = [#"(.*)*(.*)*\"zzz\""#, "(a+)+", "(a|a)*", "(?=x)", #"(x)\\1"#, "a{99999}", "[", "((((x))))+", "(?i)a"]
    /// Header and URL values that would split a request.
    static let lineBreaks = [#"\r\nX-Evil: 1"#, #"\n"#, #"\0"#, "\r", " x"]

    /// One random edit: flip a byte, insert noise, delete or duplicate a line, truncate, re-indent a line, add a
    /// byte-order mark, swap a number for a huge one, add a CR/LF, repeat a line many times, or add an evil regex.
    static func mutate(_ input: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        var bytes = input
        guard !bytes.isEmpty else { return noise }
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
        let lineIndex = Int.random(in: 0..<lines.count, using: &random)
        switch Int.random(in: 0..<13, using: &random) {
        case 0:
            let index = Int.random(in: 0..<bytes.count, using: &random)
            bytes[index] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            return bytes
        case 1:
            let index = Int.random(in: 0...bytes.count, using: &random)
            bytes.insert(noise[Int.random(in: 0..<noise.count, using: &random)], at: index)
            return bytes
        case 2:
            return Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
        case 3:
            lines.remove(at: lineIndex)
        case 4:
            lines.insert(lines[lineIndex], at: Int.random(in: 0...lines.count, using: &random))
        case 5:
            let shift = Int.random(in: -4...6, using: &random)
            let indent = lines[lineIndex].prefix { $0 == 32 }.count
            let content = lines[lineIndex].drop { $0 == 32 }
            lines[lineIndex] = [UInt8](repeating: 32, count: max(0, indent + shift)) + content
        case 6:
            let other = Int.random(in: 0..<lines.count, using: &random)
            lines.swapAt(lineIndex, other)
        case 8:
            return [0xEF, 0xBB, 0xBF] + bytes
        case 9:
            // The first run of digits on the line becomes a huge (or not-a) number.
            guard let start = lines[lineIndex].firstIndex(where: { (48...57).contains($0) }) else { return bytes }
            let end = lines[lineIndex][start...].firstIndex { !(48...57).contains($0) } ?? lines[lineIndex].endIndex
            lines[lineIndex].replaceSubrange(start..<end, with: Array(hugeNumbers[Int.random(in: 0..<hugeNumbers.count, using: &random)].utf8))
        case 10:
            // Inside a quoted value (escapes) or anywhere (raw bytes): CR, LF, NUL or a space.
            let line = lines[lineIndex]
            let at = line.lastIndex(of: UInt8(ascii: "\"")) ?? line.endIndex
            lines[lineIndex].insert(contentsOf: Array(lineBreaks[Int.random(in: 0..<lineBreaks.count, using: &random)].utf8), at: at)
        case 11:
            // Long lists: past the limits on stages and flows (1000), not so long that parsing dominates the test.
            let copies = Int.random(in: 990...1_010, using: &random)
            lines.insert(contentsOf: Array(repeating: lines[lineIndex], count: copies), at: lineIndex)
        case 12:
            let indent = lines[lineIndex].prefix { $0 == 32 }.count
            let pattern = evilRegexes[Int.random(in: 0..<evilRegexes.count, using: &random)]
            let extraction = String(repeating: " ", count: indent) + "extract: {v: {regex: \"\(pattern)\", group: 1}}"
            lines.insert(Array(extraction.utf8), at: lineIndex)
        default:
            let index = Int.random(in: 0...bytes.count, using: &random)
            let byte = UInt8.random(in: 0...255, using: &random)
            bytes.insert(byte, at: index)
            return bytes
        }
        return Array(lines.joined(separator: [10]))
    }

    @Test("mutated shipped scenarios never crash the loader", arguments: ScenarioFixtures.shippedNames)
    func mutations(name: String) throws {
        let path = ScenarioFixtures.scenariosDirectory + "/" + name
        let original = try #require(Self.files[path])
        var random = SplitMix64(seed: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ Int($1) }.magnitude))
        var valid = 0
        var invalid = 0
        for round in 0..<Self.mutationsPerFile {
            var bytes = original
            // Stack one to four edits so some inputs drift far from the original.
            for _ in 0...(round % 4) { bytes = Self.mutate(bytes, using: &random) }
            switch Self.loader.load(bytes: bytes, path: path) {
            case .success:
                valid += 1
            case .failure(.invalid(let diagnostics)):
                invalid += 1
                #expect(!diagnostics.isEmpty)
                #expect(diagnostics.allSatisfy { $0.line >= 1 && $0.column >= 1 && !$0.message.isEmpty })
            case .failure(.unreadable):
                Issue.record("bytes were given; nothing to read")
            }
        }
        #expect(valid + invalid == Self.mutationsPerFile)
        #expect(invalid > Self.mutationsPerFile / 4)
    }

    @Test("hostile inputs", arguments: [
        String(repeating: "- ", count: 5_000) + "x",
        String(repeating: "{a: ", count: 10_000),
        String(repeating: "[", count: 1_000_000),
        (0..<300).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n"),
        String(repeating: "a: b\n", count: 200_000),
        "\u{FEFF}target: http://h\nflows: {}",
        "%YAML 9.9\n---\na: 1",
        "--- a\n--- b\n",
        "!!binary AAAA",
        "target: !!int 99999999999999999999999\nflows: [{name: f, weight: 99999999999999999999, steps: [{get: /a}]}]",
        "a: *undefined",
        "\u{FEFF}\u{FEFF}target: http://h\nflows: {}",
        "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload:\n  stages:\n"
            + String(repeating: "    - {duration: 1s, target: 1}\n", count: 20_000),
        "target: http://h\nflows: [{name: f, steps: [{get: /a, headers: {X-A: \"1\\r\\nX-Evil: 1\"}}]}]",
        "target: http://h\nflows: [{name: f, steps: [{get: /a, extract: {v: {regex: \"(.*)*(.*)*(.*)*zzz\", group: 1}}}]}]",
        "target: http://h\nflows: [{name: f, weight: 9223372036854775807, steps: [{get: /a}]}, {name: g, weight: 9223372036854775807, steps: [{get: /a}]}]",
        // Just inside the nesting guards: deep, but parsed and rejected with diagnostics, not a stack overflow.
        "target: http://h\n" + (0..<150).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n"),
        "target: http://h\nflows:\n  - name: f\n    steps:\n      - post: /a\n        json: "
            + String(repeating: "[", count: 45) + String(repeating: "]", count: 45),
    ])
    func hostile(text: String) {
        let result = ScenarioFixtures.loader([:]).load(bytes: Array(text.utf8), path: "h.yaml")
        guard case .failure(.invalid(let diagnostics)) = result else {
            Issue.record("expected diagnostics, got \(result)")
            return
        }
        #expect(!diagnostics.isEmpty)
    }
}

@testable import BenchCore
import Foundation
import Testing

@Suite("Regex matcher")
struct RegexPatternTests {
    /// Patterns and bodies the scenarios use; NSRegularExpression (the previous engine) is the reference.
    static let ordinary: [(String, String)] = [
        (#"id=(\d+)"#, "ok id=991; done"),
        (#"id=\d+"#, "ok id=991; done"),
        (#""id"\s*:\s*"([^"]+)""#, #"{"name": "x", "id" : "ab-12"}"#),
        (#"code=(\w+)"#, "a code=XY_9z!"),
        (#"<title>(.*?)</title>"#, "<html><title>Hi there</title><title>2</title>"),
        (#"<title>(.*)</title>"#, "<html><title>Hi there</title><title>2</title>"),
        (#"^(\w+)-(\d{2,4})$"#, "order-2024"),
        (#"^(\w+)-(\d{2,4})$"#, "order-20245"),
        (#"(a|ab)(c|bcd)(d*)"#, "abcd"),
        (#"(?i)TOKEN=([a-f0-9]+)"#, "token=DEADbeef99"),
        (#"[^,]+,([^,]*),"#, "one,,three,"),
        (#"\bcat\b"#, "concat cat"),
        (#"x(?:ab)+y"#, "xababy"),
        (#"(?<num>\d+)\.(\d+)"#, "v 12.345"),
        (#"colou?r"#, "the colour red"),
        (#"a{3}"#, "aa aaa"),
        (#"a{2,}?"#, "aaaa"),
        (#"Location: (/api/v1/orders/\d+)"#, "HTTP/1.1 201\r\nLocation: /api/v1/orders/77\r\n"),
        (#"end$"#, "the end\n"),
        (#"(?m)^b$"#, "a\nb\nc"),
        (#"(?s)a.b"#, "a\nb"),
        (#"a.b"#, "a\nb"),
        (#"[\d.]+"#, "version 1.2.3 ok"),
        (#"\x41\u00e9"#, "zAé"),
        (#"(é+)"#, "caféé!"),
        (#"(\w+)@"#, "José@x"),
        (#"(a)|b"#, "b"),
        (#"\$(\d+)\.\d\d"#, "total $12.50"),
        (#"[a-c-]+"#, "x-ab-c-y"),
    ]

    @Test("ordinary patterns match as NSRegularExpression did", arguments: ordinary)
    func sameAsFoundation(pattern: String, body: String) throws {
        let ours = try RegexPattern(pattern).firstMatch(in: body)
        let reference = try NSRegularExpression(pattern: pattern)
        let match = reference.firstMatch(in: body, range: NSRange(body.startIndex..<body.endIndex, in: body))
        guard let match else {
            #expect(ours.groups == nil, "\(pattern) on \(body)")
            return
        }
        #expect(ours.groups?.count == match.numberOfRanges)
        for group in 0..<match.numberOfRanges {
            let expected = Range(match.range(at: group), in: body).map { String(body[$0]) }
            #expect(ours.text(ofGroup: group, in: Array(body.utf8)) == expected, "\(pattern) group \(group) on \(body)")
        }
    }

    @Test("backtracking risks are refused", arguments: [
        (#"(.*)*(.*)*(.*)*"zzz""#, "empty string"),
        (#"(a*)*"#, "empty string"),
        (#"(a?)+"#, "empty string"),
        (#"(a|)*"#, "empty string"),
        (#"(a*b*){2,5}"#, "empty string"),
        (#"(a+)+"#, "nested quantifiers"),
        (#"(\d+)*x"#, "nested quantifiers"),
        (#"(a+b?)+"#, "nested quantifiers"),
        (#"(\w+\s?)*$"#, "nested quantifiers"),
        (#"((ab)+)+"#, "nested quantifiers"),
        (#"(\s|.)*"#, "alternatives #1 and #2"),
        (#"(a|a)+"#, "alternatives #1 and #2"),
        (#"(\w|\d)+"#, "alternatives #1 and #2"),
        (#"(ab|cd|ab)*"#, "alternatives #1 and #3"),
    ])
    func refused(pattern: String, reason: String) {
        #expect {
            try RegexPattern(pattern)
        } throws: { error in
            (error as? TextParseError)?.message.contains(reason) == true
        }
    }

    @Test("safe repetitions are accepted", arguments: [
        #"(\d+,)*"#, #"(?:[a-z]+\.)+com"#, #"(a+b)+"#, #"(a?b)+"#, #"(\w|-)+"#, #"(GET|POST)+"#, #"(.|\n)*"#,
        #".*.*="#, #"(ab){2,3}"#, #"(a{3})+"#, #"(?:x(a+))+"#, #"(a+){1}"#, #"(a*)?"#, #"([^"]*)""#, #"\d+(\.\d+)?"#,
    ])
    func accepted(pattern: String) throws {
        _ = try RegexPattern(pattern)
    }

    @Test("features outside the subset are refused by name", arguments: [
        (#"(a)\1"#, "backreferences"),
        (#"\k<x>"#, "backreferences"),
        (#"a(?=b)"#, "lookahead"),
        (#"a(?!b)"#, "lookahead"),
        (#"(?<=a)b"#, "lookbehind"),
        (#"(?<!a)b"#, "lookbehind"),
        (#"(?>a+)"#, "atomic groups"),
        (#"a*+"#, "possessive"),
        (#"[[a]]"#, "nested classes"),
        (#"[a&&b]"#, "intersection"),
        (#"a(?i)b"#, "inline flags"),
        (#"\p{L}"#, #"escape '\p'"#),
        (#"(unclosed"#, "missing ')'"),
        (#"a)"#, "unmatched ')'"),
        (#"[abc"#, "missing ']'"),
        (#"*a"#, "nothing to repeat"),
        (#"a**"#, "another quantifier"),
        (#"a{2000}"#, "up to 1000"),
        (#"a{3,2}"#, "min above max"),
        (#"{"id":1}"#, "'{' must be escaped"),
        (#"[z-a]"#, "out of order"),
        (#"x\"#, #"lone '\'"#),
        (#"(a{1000}){1000}"#, "too large"),
    ])
    func unsupported(pattern: String, fragment: String) {
        #expect {
            try RegexPattern(pattern)
        } throws: { error in
            (error as? TextParseError)?.message.contains(fragment) == true
        }
    }

    /// The pattern that kept a worker at 100 % CPU: validation refuses it, and the matcher stays linear anyway.
    @Test("a catastrophic pattern runs in a bounded number of steps", arguments: [40, 1_048_576])
    func boundedSteps(bodyBytes: Int) throws {
        let evil = try RegexPattern(#"(.*)*(.*)*(.*)*"zzz""#, refusingBacktrackingRisks: false)
        let body = [UInt8](repeating: UInt8(ascii: "a"), count: bodyBytes)
        let result = evil.search(body)
        #expect(result.groups == nil)
        #expect(result.steps <= evil.stepBound(inputBytes: bodyBytes))
        // A concrete ceiling too: a few dozen steps per byte, not 2^n.
        #expect(result.steps <= 100 * (bodyBytes + 1), "\(result.steps) steps")
    }

    @Test func nestedGroupsAndAlternationsStayWithinTheBound() throws {
        let evil = try RegexPattern(#"((a|a)+)+b"#, refusingBacktrackingRisks: false)
        let body = [UInt8](repeating: UInt8(ascii: "a"), count: 10_000)
        let result = evil.search(body)
        #expect(result.groups == nil)
        #expect(result.steps <= evil.stepBound(inputBytes: body.count))
    }

    @Test func invalidUTF8ReadsAsReplacement() throws {
        let pattern = try RegexPattern(#"x(.)y"#)
        let body: [UInt8] = [0x78, 0xFF, 0x79]
        #expect(pattern.search(body).text(ofGroup: 1, in: body) == "\u{FFFD}")
    }

    @Test func extractionRefusesTheHangingPatternAtValidation() {
        let diagnostics = ScenarioFixtures.diagnostics("""
            target: http://h
            flows:
              - name: f
                steps:
                  - get: /a
                    extract:
                      v: {regex: "(.*)*(.*)*(.*)*\\"zzz\\"", group: 1}
            """)
        #expect(diagnostics.contains { $0.message.contains("can match the empty string") && $0.line == 7 },
                "\(diagnostics.map(\.description))")
    }
}

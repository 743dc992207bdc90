@testable import BenchCore
import Testing

/// The byte scanner must answer exactly what the `JSONSerialization` walk answers, or step aside.
@Suite("JSON scanner")
struct JSONScannerTests {
    static let documents: [String] = [
        #"{"id": 42, "name": "Ann", "paid": true, "amount": 12.5, "items": [{"id": 7}, {"id": 8}], "a.b": {"c": null}}"#,
        #"  {"id":1,"email":"ada@example.com","tags":["x","y"],"n":-0,"e":1e2,"f":-1.5E-3,"big":12345678901234567890}  "#,
        #"{"s": "quote \" inside", "t": "tab\tescape", "u": "\u00e9", "k": "caf\u00e9"}"#,
        #"{"dup": 1, "dup": 2, "x": {"y": [1, [2, 3], {"z": false}]}}"#,
        #"{"K": 1, "\u212A": 2}"#,
        #"{"name": "José", "id": 3}"#,
        #"[1, 2, 3]"#,
        #""just a string""#,
        #"17"#,
        #"null"#,
        #"{"trailing": 1,}"#,
        #"{"leading": 01}"#,
        #"{"unterminated": "abc}"#,
        #"{"a": 1} extra"#,
        #"<html>"#,
        "",
        "   ",
        #"{"a": [], "b": {}, "c": [[]], "d": 0.1, "e": 123456789012345, "f": 1234567890123456, "g": 1.0}"#,
        #"{"ctrl": "a\u0001b"}"#,
        "{\"raw\": \"a\u{01}b\"}",
        #"{"x": tru}"#,
        #"{"x": 1.}"#,
        #"{"x": -}"#,
        #"{"x": 1e}"#,
    ]

    static let paths: [String] = [
        "$", "$.id", "$.name", "$.paid", "$.amount", "$.items[0].id", "$.items[-1].id", "$.items[2].id",
        "$.items[-3]", "$['a.b']", "$['a.b'].c", "$.items[1]", "$.missing", "$.name.first", "$[0]", "$[-1]",
        "$[3]", "$.email", "$.tags[1]", "$.n", "$.e", "$.f", "$.big", "$.s", "$.t", "$.u", "$.k", "$.dup",
        "$.x.y[1][0]", "$.x.y[2].z", "$.x.y[-1].z", "$.K", "$['\u{212A}']", "$.a", "$.b", "$.c[0]", "$.d", "$.g",
        "$.trailing", "$.leading", "$.unterminated", "$.ctrl", "$.raw", "$.x",
    ]

    @Test("agrees with the full parser", arguments: documents)
    func agreesWithFullParser(document: String) throws {
        for text in Self.paths {
            let path = try JSONPath.parse(text)
            var fast = ResponseDocument(body: Array(document.utf8))
            var slow = ResponseDocument(body: Array(document.utf8))
            #expect(fast.value(at: path) == slow.parsedValue(at: path), "\(text) in \(document)")
        }
    }

    @Test("scans plain documents without the full parser", arguments: [
        ("$.id", JSONScanner.Found.text("42")),
        ("$.amount", .text("12.5")),
        ("$.items[-1].id", .text("8")),
        ("$['a.b'].c", .null),
        ("$.missing", .missing),
        ("$.items[5]", .missing),
    ])
    func scansPlainDocuments(path: String, expected: JSONScanner.Found) throws {
        let body = Array(Self.documents[0].utf8)
        let components = try JSONPath.parse(path).components
        body.withUnsafeBufferPointer { buffer in
            let scanner = JSONScanner(buffer)
            #expect(scanner.validate())
            #expect(scanner.find(components) == expected)
        }
    }

    @Test("leaves unusual documents to the full parser", arguments: [
        #"{"s": "\u00e9"}"#, #"{"name": "José"}"#, #"{"a": 1,}"#, "", #"{"a" 1}"#,
    ])
    func refusesUnusualDocuments(document: String) {
        Array(document.utf8).withUnsafeBufferPointer { #expect(!JSONScanner($0).validate()) }
    }

    @Test func deepNestingFallsBack() throws {
        let deep = String(repeating: "[", count: 300) + "1" + String(repeating: "]", count: 300)
        Array(deep.utf8).withUnsafeBufferPointer { #expect(!JSONScanner($0).validate()) }
        var document = ResponseDocument(body: Array(deep.utf8))
        var reference = ResponseDocument(body: Array(deep.utf8))
        let path = try JSONPath.parse("$[0]")
        #expect(document.value(at: path) == reference.parsedValue(at: path))
    }
}

import Foundation
import Testing
@testable import DataQuality

/// How a read-back compares with what the run last wrote: the audit's `mutated` and `duplicated` rest on these.
@Suite struct ReadBackComparisonTests {
    static func body(_ json: String) -> [UInt8] { Array(json.utf8) }

    @Test(arguments: [
        // (sent, stored, expected mismatch or nil)
        (["name": "Ada"], #"{"id":1,"name":"Ada","extra":true}"#, nil),
        (["amount": "20"], #"{"amount":20.0}"#, nil),
        (["amount": "20"], #"{"amount":"20"}"#, nil),
        (["phone": "null"], #"{"phone":null}"#, nil),
        (["name": "Ada"], #"{"name":"Ada!"}"#, #"name "Ada" read back as "Ada!""#),
        (["name": "Ada"], #"{"id":1}"#, #"name "Ada" is missing"#),
        (["amount": "20"], #"{"amount":20.5}"#, #"amount "20" read back as "20.5""#),
        (["b": "1", "a": "1"], #"{"a":2,"b":2}"#, #"a "1" read back as "2""#),
        (["name": "Ada"], #"[{"name":"Ada"}]"#, "the read-back is not a JSON object"),
        (["name": "Ada"], "<html>", "the read-back is not a JSON object"),
    ] as [([String: String], String, String?)])
    func mismatchNamesTheFirstDifferingField(sent: [String: String], stored: String, expected: String?) {
        #expect(ReadBackComparison.mismatch(sent: sent, storedBody: Self.body(stored)) == expected)
    }

    @Test func longValuesAreShortenedInSamples() {
        let long = String(repeating: "x", count: 80)
        let text = ReadBackComparison.mismatch(sent: ["note": long], storedBody: Self.body(#"{"note":"y"}"#))
        #expect(text == "note \"\(String(repeating: "x", count: 60))…\" read back as \"y\"")
    }

    @Test func listItemsFindTheRecordsOfAListAnswer() {
        #expect(ReadBackComparison.listItems(Self.body("[1,2]"))?.count == 2)
        #expect(ReadBackComparison.listItems(Self.body(#"{"items":[1],"total":1}"#))?.count == 1)
        #expect(ReadBackComparison.listItems(Self.body(#"{"meta":{},"hits":[1,2,3]}"#))?.count == 3)
        #expect(ReadBackComparison.listItems(Self.body(#"{"id":1}"#)) == nil)
        #expect(ReadBackComparison.listItems(Self.body("not json")) == nil)
    }

    @Test func keysMatchTrimmedAndCaseInsensitively() throws {
        let items = try #require(ReadBackComparison.listItems(Self.body(
            #"[{"email":"a@x.io"},{"email":" A@X.IO "},{"email":"b@x.io"},{"name":"no email"},"scalar"]"#)))
        #expect(ReadBackComparison.keyMatches(items, field: "email", key: "a@x.io") == 2)
        #expect(ReadBackComparison.keyMatches(items, field: "email", key: "B@x.io") == 1)
        #expect(ReadBackComparison.keyMatches(items, field: "email", key: "c@x.io") == 0)
    }
}

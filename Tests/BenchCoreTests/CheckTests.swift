import BenchCore
import Testing

@Suite("Checks")
struct CheckTests {
    static let response = ScenarioFixtures.json(
        201, #"{"id": 5, "status": "paid", "count": 3}"#,
        headers: [("Content-Type", "application/json; charset=utf-8")], latencyMicros: 150_000)

    static func failure(_ kind: Check.Kind, context: TemplateContext = TemplateContext()) -> String? {
        var document = ResponseDocument(body: response.body)
        var context = context
        return Check(id: 0, name: "c", kind: kind).failure(for: response, document: &document, context: &context)?.reason
    }

    static func path(_ text: String) -> JSONPath { try! JSONPath.parse(text) }

    @Test("passing checks", arguments: [
        Check.Kind.status(StatusMatcher(codes: [201])),
        .status(StatusMatcher(codes: [200, 201])),
        .status(StatusMatcher(classes: [2])),
        .jsonEquals(path("$.status"), .literal("paid")),
        .jsonEquals(path("$.count"), .literal("3")),
        .jsonExists(path("$.id"), true),
        .jsonExists(path("$.missing"), false),
        .bodyContains("\"paid\""),
        .headerContains(name: "content-type", text: "JSON"),
        .maxLatency(micros: 200_000),
        .maxLatency(micros: 150_000),
    ])
    func passes(kind: Check.Kind) {
        #expect(Self.failure(kind) == nil)
    }

    @Test("failing checks say why", arguments: [
        (Check.Kind.status(StatusMatcher(codes: [200])), "check 'c' failed: status 201"),
        (.status(StatusMatcher(classes: [4, 5])), "check 'c' failed: status 201"),
        (.jsonEquals(path("$.status"), .literal("open")), "check 'c' failed: $.status is 'paid'"),
        (.jsonEquals(path("$.nope"), .literal("x")), "check 'c' failed: $.nope not found"),
        (.jsonExists(path("$.missing"), true), "check 'c' failed: $.missing not found"),
        (.jsonExists(path("$.id"), false), "check 'c' failed: $.id present"),
        (.bodyContains("refunded"), "check 'c' failed: text not in body"),
        (.headerContains(name: "Content-Type", text: "xml"), "check 'c' failed: header is 'application/json; charset=utf-8'"),
        (.headerContains(name: "Location", text: ""), "check 'c' failed: header 'Location' not present"),
        (.maxLatency(micros: 100_000), "check 'c' failed: latency 150ms"),
    ])
    func fails(kind: Check.Kind, reason: String) {
        #expect(Self.failure(kind) == reason)
    }

    @Test func equalsRendersItsTemplate() throws {
        let kind = Check.Kind.jsonEquals(Self.path("$.id"), try Template.parse("${customerId}"))
        #expect(Self.failure(kind, context: TemplateContext(variables: ["customerId": "5"])) == nil)
        #expect(Self.failure(kind, context: TemplateContext(variables: ["customerId": "6"])) == "check 'c' failed: $.id is '5'")
    }

    @Test("status patterns", arguments: [("201", true), ("2xx", true), ("5XX", true), ("600", false), ("2x", false), ("abc", false)])
    func statusPattern(text: String, valid: Bool) {
        #expect((StatusMatcher.pattern(text) != nil) == valid)
    }

    @Test func derivedNamesAreStable() {
        #expect(Check(id: 0, kind: .status(StatusMatcher(codes: [201]))).name == "status is 201")
        #expect(Check(id: 0, kind: .maxLatency(micros: 200_000)).name == "latency <= 200ms")
        #expect(Check(id: 0, kind: .jsonExists(Self.path("$.id"), true)).name == "$.id exists")
    }
}

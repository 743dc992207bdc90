import BenchCore
import Testing

@Suite("Extraction")
struct ExtractionTests {
    static let body = #"{"id": 42, "name": "Ann", "paid": true, "amount": 12.5, "items": [{"id": 7}, {"id": 8}], "a.b": {"c": null}}"#

    static func extract(_ extraction: Extraction, _ response: ResponseView) -> Result<String, ExtractionFailure> {
        var document = ResponseDocument(body: response.body)
        return extraction.apply(to: response, document: &document)
    }

    @Test("JSON paths", arguments: [
        ("$.id", "42"),
        ("$.name", "Ann"),
        ("$.paid", "true"),
        ("$.amount", "12.5"),
        ("$.items[0].id", "7"),
        ("$.items[-1].id", "8"),
        ("$['a.b']", #"{"c":null}"#),
        ("$.items[1]", #"{"id":8}"#),
    ])
    func jsonPath(path: String, expected: String) throws {
        let extraction = Extraction(variable: "v", source: .json(try JSONPath.parse(path)))
        #expect(try Self.extract(extraction, ScenarioFixtures.json(200, Self.body)).get() == expected)
    }

    @Test("missing JSON values fail with a clear reason", arguments: [
        ("$.missing", "extraction 'orderId' failed: $.missing not found"),
        ("$.items[5].id", "extraction 'orderId' failed: $.items[5].id not found"),
        ("$.name.first", "extraction 'orderId' failed: $.name.first not found"),
        ("$['a.b'].c", "extraction 'orderId' failed: $['a.b'].c not found"),
    ])
    func jsonMissing(path: String, reason: String) throws {
        let extraction = Extraction(variable: "orderId", source: .json(try JSONPath.parse(path)))
        #expect(Self.extract(extraction, ScenarioFixtures.json(200, Self.body)) == .failure(ExtractionFailure(reason: reason)))
    }

    @Test func nonJSONBodyFails() throws {
        let extraction = Extraction(variable: "id", source: .json(try JSONPath.parse("$.id")))
        #expect(Self.extract(extraction, ScenarioFixtures.json(200, "<html>")) ==
                .failure(ExtractionFailure(reason: "extraction 'id' failed: body is not JSON")))
    }

    @Test("bad JSON paths are rejected", arguments: ["id", "$.", "$.items[", "$.items[x]", "$.items[*].id", "$..id"])
    func badPath(path: String) {
        #expect(throws: TextParseError.self) { try JSONPath.parse(path) }
    }

    @Test func regexGroupCapturesAndMisses() throws {
        let extraction = try Extraction.regex(variable: "id", pattern: #"id=(\d+)"#, group: 1)
        let hit = ScenarioFixtures.json(200, "ok id=991; done")
        #expect(try Self.extract(extraction, hit).get() == "991")
        let whole = try Extraction.regex(variable: "id", pattern: #"id=\d+"#, group: 0)
        #expect(try Self.extract(whole, hit).get() == "id=991")
        #expect(Self.extract(extraction, ScenarioFixtures.json(200, "nothing")) ==
                .failure(ExtractionFailure(reason: #"extraction 'id' failed: regex 'id=(\d+)' did not match"#)))
    }

    @Test func regexCompileErrorsAreReportedAtLoad() {
        #expect(throws: TextParseError.self) { try Extraction.regex(variable: "x", pattern: "(unclosed", group: 1) }
        #expect(throws: TextParseError.self) { try Extraction.regex(variable: "x", pattern: "(a)", group: 2) }
    }

    @Test func headerIsCaseInsensitive() throws {
        let extraction = Extraction(variable: "where", source: .header("location"))
        let response = ScenarioFixtures.json(201, "", headers: [("Location", "/api/v1/orders/5")])
        #expect(try Self.extract(extraction, response).get() == "/api/v1/orders/5")
        #expect(Self.extract(extraction, ScenarioFixtures.json(201, "")) ==
                .failure(ExtractionFailure(reason: "extraction 'where' failed: header 'location' not present")))
    }

    @Test func documentIsParsedOnceAndShared() {
        var document = ResponseDocument(body: Array(Self.body.utf8))
        let first = document.json() as? [String: Any]
        let second = document.json() as? [String: Any]
        #expect(first?["id"] as? Int == 42)
        #expect(second?["name"] as? String == "Ann")
    }
}

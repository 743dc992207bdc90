import BenchCore
import Foundation
import Testing

/// `record:` declarations: decoded, and every bad one refused at load time with its line and what was expected.
@Suite("Write declarations")
struct WriteDeclarationTests {
    static func scenario(record: String, json: String = "{name: N, email: e@x.test}") -> String {
        """
        target: http://127.0.0.1:8080
        flows:
          - name: f
            steps:
              - post: /api/v1/customers
                name: create
                json: \(json)
                record:
        \(record.split(separator: "\n").map { "          " + $0 }.joined(separator: "\n"))
        """
    }

    static func problems(_ yaml: String) -> [ScenarioDiagnostic] {
        let loader = ScenarioLoader { _ in Array(yaml.utf8) }
        guard case .failure(.invalid(let problems)) = loader.load(path: "w.yaml") else { return [] }
        return problems
    }

    @Test func aFullDeclarationDecodes() throws {
        let yaml = Self.scenario(record: """
            resource: customers
            id: $.id
            fields: [name, email]
            key: email
            readBack: /api/v1/customers/${id}
            search: /api/v1/customers?search=${key}
            """)
        let scenario = try ScenarioLoader { _ in Array(yaml.utf8) }.load(path: "w.yaml").get()
        guard case .request(let step, _) = scenario.flows[0].program[0], let record = step.record else {
            Issue.record("no record on the step")
            return
        }
        #expect(record.resource == "customers")
        #expect(record.idPath.description == "$.id")
        #expect(record.fields == ["name", "email"])
        #expect(record.key == "email")
        #expect(record.readBack.variableNames == ["id"])
        #expect(record.search?.variableNames == ["key"])
    }

    @Test("bad declarations are refused with line and expectation", arguments: [
        ("resource: c\nid: $.id\nfields: [name]\nreadBack: /api/v1/customers/${customerId}",
         12, "undefined variable 'customerId'"),
        ("resource: c\nid: $.id\nfields: [name]\nreadBack: /api/v1/customers/${seq}",
         12, "readBack may use only ${id} and ${env.NAME}"),
        ("resource: c\nid: $.id\nfields: [name]\nreadBack: /api/v1/customers/1",
         12, "readBack must use ${id}"),
        ("resource: c\nid: $.id\nfields: [name, phone]\nreadBack: /c/${id}",
         11, "field 'phone' is not in the step's json body"),
        ("resource: c\nid: $.id\nfields: [name]\nkey: email\nreadBack: /c/${id}",
         12, "key 'email' must be one of fields [name]"),
        ("resource: c\nid: $.id\nfields: [name]\nreadBack: /c/${id}\nsearch: /c?q=${key}",
         13, "search needs a key"),
        ("resource: c\nid: $.id\nfields: [name]\nreadBack: /c/${id}\nparent: {resource: accounts, field: name}",
         13, "parent resource 'accounts' is recorded by no step"),
        ("resource: c\nid: id\nfields: [name]\nreadBack: /c/${id}", 10, "record of step 'create': id"),
        ("resource: c\nfields: [name]\nreadBack: /c/${id}", 9, "is missing required key 'id'"),
    ])
    func badDeclaration(record: String, line: Int, message: String) {
        let problems = Self.problems(Self.scenario(record: record))
        #expect(problems.contains { $0.message.contains(message) && $0.line == line },
                "\(problems.map { "\($0.line): \($0.message)" })")
    }

    @Test func fieldsNeedAJSONBody() {
        let yaml = """
            target: http://127.0.0.1:8080
            flows:
              - name: f
                steps:
                  - post: /api/v1/customers
                    body: "name=x"
                    record: {resource: c, id: $.id, fields: [name], readBack: "/c/${id}"}
            """
        #expect(Self.problems(yaml).contains { $0.message.contains("fields are read from the step's json body") && $0.line == 7 })
    }

    static let declaration = WriteDeclaration(
        resource: "customers", idPath: try! JSONPath.parse("$.id"), fields: ["name", "email", "age"], key: "email",
        readBack: Template.literal("/c/${id}"))

    @Test func captureKeepsTheSentFieldsAndTheAnsweredId() {
        let body = Array(#"{"name":"Ann","email":"a@x.test","age":41}"#.utf8)
        let event = WriteEvent.capture(Self.declaration, requestBody: body, status: 201, transportFailed: false,
                                       responseBody: Array(#"{"id":17,"name":"Ann"}"#.utf8), atNanos: 5, slot: 2, seq: 9)
        #expect(event?.outcome == .acknowledged)
        #expect(event?.id == "17")
        #expect(event?.fieldValues == ["Ann", "a@x.test", "41"])
        #expect(event?.keyValue == "a@x.test")
        #expect(event?.slot == 2 && event?.seq == 9)
    }

    @Test("each answer's outcome", arguments: [
        (201, false, #"{"id":1}"#, WriteEvent.Outcome?.some(.acknowledged)),
        (201, false, #"{"uuid":1}"#, .some(.idMissing)),
        (200, false, "not json", .some(.idMissing)),
        (503, false, "", .some(.unacknowledged)),
        (0, true, "", .some(.unacknowledged)),
        (422, false, #"{"error":"bad"}"#, nil),
    ])
    func outcome(status: Int, transport: Bool, response: String, expected: WriteEvent.Outcome?) {
        let event = WriteEvent.capture(Self.declaration, requestBody: Array(#"{"name":"A"}"#.utf8), status: status,
                                       transportFailed: transport, responseBody: Array(response.utf8), atNanos: 0, slot: 0, seq: 0)
        #expect(event?.outcome == expected)
    }

    @Test func dataThresholdsParseAndReadTheAudit() throws {
        let lost = try Threshold.parse("data.lost.count == 0")
        #expect(lost.metric == .data(.lost, rate: false))
        let duplicated = try Threshold.parse("data.duplicated.rate < 0.1%")
        #expect(duplicated.metric == .data(.duplicated, rate: true))
        #expect(abs(duplicated.limit - 0.001) < 1e-12)
        #expect(throws: (any Error).self) { try Threshold.parse("data.lost.count < 1ms") }
        #expect(throws: (any Error).self) { try Threshold.parse("data.vanished.count == 0") }
        var findings = DataQualityResult()
        findings.lost = .init(count: 3, rate: 0.03)
        let verdict = lost.evaluate { metric in
            guard case .data(let kind, let rate) = metric else { return nil }
            return rate ? findings.finding(kind).rate : Double(findings.finding(kind).count)
        }
        #expect(!verdict.passed)
        #expect(verdict.observed == 3)
        #expect(lost.evaluate { _ in nil }.passed == false)
    }
}

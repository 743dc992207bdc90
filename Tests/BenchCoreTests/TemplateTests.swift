import BenchCore
import Testing

@Suite("Templates")
struct TemplateTests {
    static func context(seq: Int = 7, seed: UInt64 = 42) -> TemplateContext {
        TemplateContext(
            variables: ["orderId": "314"],
            definitions: ["tenant": Template.literal("acme"), "who": try! Template.parse("user-${seq}")],
            rows: ["customers": ["email": "ann@example.test", "id": "12"]],
            seq: seq,
            random: SplitMix64(seed: seed),
            env: { $0 == "CRM_TOKEN" ? "s3cret" : nil },
            nowEpochMillis: { 1_764_018_386_123 })
    }

    static func render(_ text: String) throws -> String {
        var context = context()
        return try Template.parse(text).render(&context)
    }

    @Test("each placeholder form renders", arguments: [
        ("plain text", "plain text"),
        ("/orders/${orderId}", "/orders/314"),
        ("${tenant}", "acme"),
        ("${who}", "user-7"),
        ("Bearer ${env.CRM_TOKEN}", "Bearer s3cret"),
        ("[${env.UNSET}]", "[]"),
        ("n=${seq}", "n=7"),
        ("${now}", "2025-11-24T21:06:26.123Z"),
        ("${data.customers.email}", "ann@example.test"),
        ("${ orderId }", "314"),
        ("cost $5 and $${literal}", "cost $5 and ${literal}"),
        ("${undefinedAtRuntime}", ""),
    ])
    func rendersForm(source: String, expected: String) throws {
        #expect(try Self.render(source) == expected)
    }

    @Test func randomIntStaysInRangeAndIsSeeded() throws {
        let template = try Template.parse("${random.int(1,1000)}")
        var first = Self.context(seed: 9)
        var second = Self.context(seed: 9)
        for _ in 0..<500 {
            let value = try #require(Int(template.render(&first)))
            #expect((1...1000).contains(value))
            #expect(String(value) == template.render(&second))
        }
    }

    @Test func randomUUIDIsVersion4AndVaries() throws {
        let template = try Template.parse("${random.uuid}")
        var context = Self.context()
        let first = template.render(&context)
        let second = template.render(&context)
        #expect(first != second)
        #expect(first.count == 36)
        let groups = first.split(separator: "-").map(\.count)
        #expect(groups == [8, 4, 4, 4, 12])
        #expect(Array(first)[14] == "4")
        #expect("89ab".contains(Array(first)[19]))
    }

    @Test("parse errors carry the offset", arguments: [
        ("/x/${orderId", 3, "unterminated"),
        ("a ${random.int(5,1)}", 2, "random.int"),
        ("${random.float}", 0, "unknown random generator"),
        ("${data.customers}", 0, "data.FEEDER.COLUMN"),
        ("${env.}", 0, "environment variable"),
        ("${a b}", 0, "bad placeholder"),
    ])
    func parseError(source: String, offset: Int, fragment: String) {
        #expect {
            try Template.parse(source)
        } throws: { error in
            guard let error = error as? TextParseError else { return false }
            return error.offset == offset && error.message.contains(fragment)
        }
    }

    @Test func reportsVariablesAndEnvNames() throws {
        let template = try Template.parse("${a}/${env.B}/${seq}/${a}")
        #expect(template.variableNames == ["a", "a"])
        #expect(template.envNames == ["B"])
        #expect(!template.isLiteral)
        #expect(Template.literal("x").isLiteral)
    }

    @Test func jsonBodyTemplatesStringsAndKeepsNumbersBare() throws {
        let body = JSONTemplate.object([
            JSONMember(key: "customerId", value: .string(try Template.parse("${orderId}"), bare: true)),
            JSONMember(key: "quoted", value: .string(try Template.parse("${orderId}"), bare: false)),
            JSONMember(key: "email", value: .string(try Template.parse("${data.customers.email}"), bare: true)),
            JSONMember(key: "note", value: .string(try Template.parse("say \"hi\"\n${seq}"), bare: true)),
            JSONMember(key: "tags", value: .array([.number("1.5"), .bool(true), .null])),
        ])
        var context = Self.context()
        let text = String(decoding: body.render(&context), as: UTF8.self)
        #expect(text == #"{"customerId":314,"quoted":"314","email":"ann@example.test","note":"say \"hi\"\n7","tags":[1.5,true,null]}"#)
    }

    @Test func yamlJsonBodyFollowsQuoting() throws {
        let scenario = try ScenarioFixtures.scenario("""
            target: http://host
            variables: {n: 5}
            flows:
              - name: f
                steps:
                  - post: /x
                    json:
                      bare: ${n}
                      quoted: "${n}"
                      mixed: id-${n}
                      nested:
                        - deep: ${seq}
                      flag: true
                      nothing: ~
                      amount: 12.50
            """)
        guard case .request(let step, _) = scenario.flows[0].program[0], case .json(let json) = step.body else {
            Issue.record("expected a json step")
            return
        }
        var context = TemplateContext(definitions: scenario.variables, seq: 3)
        let text = String(decoding: json.render(&context), as: UTF8.self)
        #expect(text == #"{"bare":5,"quoted":"5","mixed":"id-5","nested":[{"deep":3}],"flag":true,"nothing":null,"amount":12.50}"#)
    }

    @Test("ISO-8601 text of epoch milliseconds", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(951_782_400_000), "2000-02-29T00:00:00.000Z"),
        (Int64(-1), "1969-12-31T23:59:59.999Z"),
        (Int64(4_102_444_800_500), "2100-01-01T00:00:00.500Z"),
    ])
    func isoText(millis: Int64, expected: String) {
        #expect(ISO8601Text.format(epochMillis: millis) == expected)
    }
}

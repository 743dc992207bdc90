import BenchCore
import Testing

@Suite("Secrets redaction")
struct ScenarioSecretsTests {
    @Test func authorizationIsAlwaysRedacted() {
        let redactor = SecretRedactor(secretValues: [])
        let headers = redactor.redact(headers: [("authorization", "Bearer abc"), ("Accept", "application/json")])
        #expect(headers.map(\.1) == ["[REDACTED]", "application/json"])
        #expect(SecretRedactor.redactedHeaderNames.contains("authorization"))
        #expect(SecretRedactor.isRedactedHeader("AUTHORIZATION"))
    }

    @Test func secretValuesAreRemovedFromTextAndHeaders() {
        let redactor = SecretRedactor(secretValues: ["tok", "tok-long", ""])
        #expect(redactor.redact("url?t=tok-long&u=tok") == "url?t=[REDACTED]&u=[REDACTED]")
        #expect(redactor.redact(headers: [("X-Echo", "tok")]).map(\.1) == ["[REDACTED]"])
        #expect(redactor.redact("nothing here") == "nothing here")
    }

    @Test func scenarioRedactorReadsItsSecretsFromTheEnvironment() throws {
        let scenario = try ScenarioFixtures.scenario("""
            target: http://h
            secrets: [CRM_TOKEN, UNSET_ONE]
            defaults: {headers: {Authorization: "Bearer ${env.CRM_TOKEN}"}}
            flows:
              - {name: f, steps: [{get: "/x?key=${env.CRM_TOKEN}"}]}
            """)
        let redactor = scenario.redactor { $0 == "CRM_TOKEN" ? "sekret" : nil }
        #expect(redactor.redact("GET http://h/x?key=sekret") == "GET http://h/x?key=[REDACTED]")
        #expect(scenario.referencedEnvNames == ["CRM_TOKEN"])
    }
}

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

    @Test func everyEnvironmentValueTheScenarioReadsIsMaskedInMessages() throws {
        let scenario = try ScenarioFixtures.scenario("""
            target: http://h
            setup:
              - {get: "/healthz?t=${env.HEALTH_TOKEN}"}
            flows:
              - {name: f, steps: [{get: "/x"}]}
            """)
        let redactor = scenario.redactor { $0 == "HEALTH_TOKEN" ? "s3cr3tTOKENxyz" : nil }
        let message = "step 'GET /healthz': transport error: GET http://127.0.0.1:1/healthz?t=s3cr3tTOKENxyz: refused"
        #expect(redactor.redact(message) == "step 'GET /healthz': transport error: GET http://127.0.0.1:1/healthz?t=[REDACTED]: refused")
        // Only declared secrets are masked in the recorded command line, where a short env value would garble it.
        #expect(scenario.secretValues { $0 == "HEALTH_TOKEN" ? "s3cr3tTOKENxyz" : nil }.isEmpty)
    }

    @Test func fixedSecretHeaderValuesAreMaskedAndTheirTokenAlone() throws {
        let scenario = try ScenarioFixtures.scenario("""
            target: http://h
            defaults: {headers: {Authorization: "Bearer litTOKEN", X-Tenant: "tenantKEY", X-Run: "${seq}"}}
            flows:
              - {name: f, steps: [{get: "/x", headers: {X-Api-Key: "keyVALUE"}}]}
            """)
        let plain = scenario.redactor { _ in nil }
        #expect(plain.redact("a litTOKEN b keyVALUE c tenantKEY") == "a [REDACTED] b [REDACTED] c tenantKEY")
        let named = scenario.redactor(env: { _ in nil }, secretHeaderNames: ["x-tenant"])
        #expect(named.redact("tenantKEY") == "[REDACTED]")
        #expect(scenario.secretValues(env: { _ in nil }, secretHeaderNames: ["x-tenant"]).sorted()
                == ["Bearer litTOKEN", "keyVALUE", "litTOKEN", "tenantKEY"])
    }
}

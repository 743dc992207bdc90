import BenchCore
import Foundation
import Testing

@Suite("Failure causes")
struct FailureCauseTests {
    static let flow = """
        target: http://crm.test:8080/
        defaults:
          headers:
            Authorization: Bearer ${env.TOKEN}
        flows:
          - name: order
            steps:
              - post: /api/v1/contacts
                name: create contact
                json: {name: Ada}
                extract:
                  contactId: $.id
              - post: /api/v1/orders
                name: create order
                json: {contactId: "${contactId}"}
                check:
                  - status: 201
                extract:
                  orderId: $.orderId
              - post: /api/v1/orders/${orderId}/lines
                name: add line
                check:
                  - status: 201
                  - {json: $.total, exists: true}
        """

    static func run(_ responses: [ResponseView]) throws -> (IterationOutcome, [FailureEvent]) {
        var iteration = try FlowIterationTests.iteration(flow)
        var driver = FlowDriver()
        let outcome = driver.run(&iteration, responses)
        return (outcome, iteration.takeFailureEvents())
    }

    static func event(step: String = "s", kind: FailureKind = .status, status: Int = 500, detail: String = "",
                      body: String = "oops") -> FailureEvent {
        FailureEvent(step: step, kind: kind, status: status, detail: detail, reason: "unexpected status \(status)",
                     method: "GET", url: "http://crm.test/x", body: Array(body.utf8))
    }

    @Test("an extraction after a 403 says the step answered 403, with the status and the body")
    func extractionAfterForbidden() throws {
        let (outcome, events) = try Self.run([ScenarioFixtures.json(403, #"{"detail":"Organization context is required"}"#)])
        #expect(outcome.failureReason == "step 'create contact': skipped: 'create contact' answered 403")
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(event.kind == .status)
        #expect(event.status == 403)
        #expect(event.reason == "skipped: 'create contact' answered 403")
        #expect(event.extraction == "$.id")
        #expect(event.url == "http://crm.test:8080/api/v1/contacts")
        #expect(String(decoding: event.body, as: UTF8.self).contains("Organization context"))
    }

    @Test("a missing extraction path on a 201 is an extraction failure naming the path")
    func missingExtraction() throws {
        let (outcome, events) = try Self.run([ScenarioFixtures.json(201, #"{"id": 7}"#),
                                             ScenarioFixtures.json(201, #"{"id": 8}"#)])
        let event = try #require(events.last)
        #expect(event.kind == .extraction)
        #expect(event.step == "create order")
        #expect(event.detail == "$.orderId")
        #expect(outcome.stepsNotReached == ["add line"])
        #expect(outcome.checksNotRun.count == 2)
    }

    @Test("a failed check carries what it expected and what it found")
    func checkExpectedActual() throws {
        let (_, events) = try Self.run([ScenarioFixtures.json(201, #"{"id": 7}"#),
                                       ScenarioFixtures.json(200, #"{"orderId": 8}"#),
                                       ScenarioFixtures.json(201, #"{}"#)])
        let event = try #require(events.first)
        #expect(event.kind == .check)
        #expect(event.detail == "create order: status is 201")
        #expect(event.expected == "201")
        #expect(event.actual == "200")
    }

    @Test("checks of steps never reached are counted as not run, and the steps as not reached")
    func checksNotRun() throws {
        let scenario = try ScenarioFixtures.scenario(Self.flow)
        let (outcome, events) = try Self.run([ScenarioFixtures.json(201, #"{"id": 7}"#),
                                             ScenarioFixtures.json(201, #"{}"#)])
        var tally = ScenarioTally(checkCount: scenario.checkNames.count)
        tally.add(outcome, durationMicros: 10)
        tally.add(outcome, durationMicros: 10)
        for event in events { tally.failures.add(event, atNanos: 1_500_000_000) }
        #expect(tally.checkPasses == [1, 0, 0].map { $0 * 2 })
        #expect(tally.checkNotRun == [0, 2, 2])
        #expect(tally.stepsNotReached == ["add line": 2])
        let cause = try #require(tally.failures.record?.causes.first)
        #expect(cause.step == "create order")
        #expect(cause.samples.first?.secondsSinceStart == 1.5)
    }

    @Test("the tally keeps five samples per cause, fifty causes, and counts the rest as other")
    func bounds() {
        var tally = FailureTally()
        for _ in 0..<8 { tally.add(Self.event(), atNanos: 0) }
        for i in 0..<60 { tally.add(Self.event(step: "step \(i)"), atNanos: 0) }
        let record = tally.record!
        #expect(record.causes.count == FailureTally.maxCauses)
        #expect(record.causes.first?.count == 8)
        #expect(record.causes.first?.samples.count == FailureTally.maxSamples)
        #expect(record.otherCount == 11)
        #expect(record.total == 68)
    }

    @Test("tallies merge: counts add, samples stay bounded, overflow is kept")
    func merge() {
        var a = FailureTally(), b = FailureTally()
        for _ in 0..<4 { a.add(Self.event(), atNanos: 0) }
        for _ in 0..<3 { b.add(Self.event(), atNanos: 0) }
        b.add(Self.event(kind: .transport, status: 0, detail: "timeout"), atNanos: 0)
        a.add(b)
        let record = a.record!
        #expect(record.causes.map(\.count) == [7, 1])
        #expect(record.causes[0].samples.count == 5)
        let merged = FailureCauses.merged([record, record])!
        #expect(merged.causes.map(\.count) == [14, 2])
        #expect(merged.causes[0].samples.count == 5)
    }

    @Test("a sample keeps the first 2 KiB of the body and says it was cut")
    func bodyCap() {
        var tally = FailureTally()
        tally.add(Self.event(body: String(repeating: "x", count: 5_000)), atNanos: 0)
        let sample = tally.record!.causes[0].samples[0]
        #expect(sample.body.utf8.count == FailureTally.maxBodyBytes)
        #expect(sample.bodyTruncated)
    }

    @Test("samples are redacted: credential headers by name, a scenario secret anywhere, URL passwords")
    func redaction() {
        var tally = FailureTally()
        var event = Self.event(body: #"{"error":"token s3cr3t-value rejected"}"#)
        event.url = "http://user:pw@crm.test/x?key=s3cr3t-value"
        tally.add(event, atNanos: 0, headers: { [("Authorization", "Bearer abc"), ("X-Echo", "s3cr3t-value"),
                                                 ("Content-Type", "application/json")] })
        let redacted = tally.record!.redacted(by: SecretRedactor(secretValues: ["s3cr3t-value"]))
        let sample = redacted.causes[0].samples[0]
        #expect(sample.headers == ["Authorization: [REDACTED]", "X-Echo: [REDACTED]", "Content-Type: application/json"])
        #expect(!sample.body.contains("s3cr3t"))
        #expect(!sample.url.contains("s3cr3t") && !sample.url.contains(":pw@"))
    }

    @Test("old results without the new fields still decode")
    func oldResultsDecode() throws {
        let json = #"{"name":"c","step":"s","passes":1,"fails":2}"#
        let check = try JSONDecoder().decode(CheckSummary.self, from: Data(json.utf8))
        #expect(check.notRun == 0)
    }
}

import BenchCore
import Foundation
import Testing
@testable import WorkloadModel

@Suite("Sessions, transitions and the written scenario")
struct SessionModelTests {
    /// A combined line at `millis` after 2026-12-05 00:00 UTC.
    static func line(_ millis: Int64, _ method: String, _ target: String, client: String = "10.0.0.1",
                     durationMicros: Int = 2_000, session: String? = nil) -> ArraySlice<UInt8> {
        let base = LogTimestamp.daysFromCivil(year: 2026, month: 12, day: 5)
        let record = LogRecord(client: client, startMillis: Int64(base) * 86_400_000 + millis, method: method, target: target, status: 200)
        let seconds = millis / 1_000
        let text = "\(record.client) - - [05/Dec/2026:\(two(seconds / 3_600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)).\(String(format: "%03d", millis % 1_000)) +0000] " +
            "\"\(method) \(target) HTTP/1.1\" 200 10 \"-\" \"agent\" \(durationMicros) \"\(session ?? "-")\""
        return ArraySlice(Array(text.utf8))
    }

    static func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }

    @Test func inactivityTimeoutSplitsSessionsAndPausesCountFromTheResponse() throws {
        var options = ModelOptions()
        options.inactivityTimeoutMillis = 60_000
        var accumulator = ModelAccumulator(options: options)
        // One client: two requests 100 ms apart (the first takes 20 ms: pause 80 ms), then 2 minutes of silence.
        accumulator.add(line: Self.line(0, "GET", "/a", durationMicros: 20_000), format: .combined)
        accumulator.add(line: Self.line(100, "GET", "/b/1"), format: .combined)
        accumulator.add(line: Self.line(120_100, "GET", "/a"), format: .combined)
        // Another user agent on the same address is another session.
        let day = Int64(LogTimestamp.daysFromCivil(year: 2026, month: 12, day: 5)) * 86_400_000
        accumulator.add(LogRecord(client: "10.0.0.1", startMillis: day + 50, method: "GET", target: "/c", status: 200, userAgent: "other"))
        accumulator.finishSessions()
        let model = try accumulator.model()
        #expect(model.sessions == 3)
        let samples = accumulator.samples
        #expect(samples.thinkMillis == [80])
        #expect(samples.lengths.sorted() == [1, 1, 2])
        let ab = try #require(model.transitions.first { $0.from == "GET /a" && $0.to == "GET /b/{id}" })
        #expect(ab.count == 1)
        #expect(ab.probability == 0.5)  // GET /a is left once for /b, once for the end
    }

    /// Steps that take e-mail ids from the same seen values (one endpoint in two flows) share one feeder file.
    @Test func flowsReadingTheSameIdsShareOneFeeder() throws {
        var accumulator = ModelAccumulator(options: ModelOptions())
        var t: Int64 = 0
        for i in 0..<40 {
            let user = "/users/u\(i % 5)@example.test"
            let first = i % 2 == 0 ? "/a" : "/b"
            for target in [first, user] {
                accumulator.add(line: Self.line(t, "GET", target, client: "10.0.0.\(i)", session: "s\(i)"), format: .combined)
                t += 300
            }
            t += 5_000
        }
        accumulator.finishSessions()
        let model = try accumulator.model()
        let (yaml, feeders) = ScenarioWriter.write(model, options: .init())
        #expect(yaml.components(separatedBy: "${data.ids1.value}").count - 1 >= 2, "\(yaml)")
        #expect(feeders.count == 1, "\(feeders.keys.sorted())")
        #expect(yaml.components(separatedBy: "file:").count - 1 == 1)
    }

    @Test func sessionsCloseAsStreamTimeAdvances() {
        var options = ModelOptions()
        options.inactivityTimeoutMillis = 10_000
        var accumulator = ModelAccumulator(options: options)
        for user in 0..<1_000 {
            accumulator.add(line: Self.line(Int64(user) * 1_000, "GET", "/x", client: "10.0.\(user / 250).\(user % 250)"), format: .combined)
        }
        // Only the sessions inside the last timeout window (plus one sweep interval) are still open.
        #expect(accumulator.open.count <= 12)
        #expect(accumulator.sessions >= 988)
    }

    /// Three behaviours, as in scenarios/crm-mixed.yaml: browse (list, read), sales (create, pay) and support.
    static func mixedLog() -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var t: Int64 = 0
        for i in 0..<90 {
            let s = "s\(i)"
            switch i % 3 {
            case 0:
                lines.append(line(t, "GET", "/api/v1/customers?limit=20", session: s))
                lines.append(line(t + 100, "GET", "/api/v1/customers/\(10 + i)", session: s))
            case 1:
                lines.append(line(t, "POST", "/api/v1/orders", session: s))
                lines.append(line(t + 1, "POST", "/api/v1/orders/\(500 + i)/pay", session: s))
                lines.append(line(t + 2, "POST", "/api/v1/orders/\(500 + i)/ship", session: s))
            default:
                lines.append(line(t, "POST", "/api/v1/tickets", session: s))
                lines.append(line(t + 150, "GET", "/api/v1/tickets/\(i)", session: s))
                lines.append(line(t + 160, "POST", "/api/v1/tickets/\(i)/resolve", session: s))
                lines.append(line(t + 170, "GET", "/healthz", session: s))
            }
            t += 250
        }
        return lines
    }

    @Test func modelOfThreeBehavioursWritesAValidScenario() throws {
        var options = ModelOptions()
        options.sessionKey = .header("X-Session-Id")
        var accumulator = ModelAccumulator(options: options)
        for line in Self.mixedLog() { accumulator.add(line: line, format: .combined) }
        accumulator.finishSessions()
        let model = try accumulator.model(scale: 2)
        #expect(model.sessions == 90)
        #expect(model.classes.count == 3)
        #expect(model.classes.map(\.sessions) == [30, 30, 30])
        let pay = try #require(model.endpoints.first { $0.template == "POST /api/v1/orders/{id}/pay" })
        #expect(pay.identifiers.first?.source == "extracted")
        #expect(pay.identifiers.first?.creator == "POST /api/v1/orders")
        let read = try #require(model.endpoints.first { $0.template == "GET /api/v1/customers/{id}" })
        #expect(read.identifiers.first?.source == "range")
        #expect(read.identifiers.first?.range == [10, 97])
        // 90 sessions, one every 250 ms (4 per second, the last second 2), doubled: 23 one-second buckets, the rate
        // through each bucket's middle. The profile's integral is every session doubled, less a quarter of the first
        // bucket's (the half-second ramp from 0): 180 − 2.
        let stages = model.arrivalStages
        #expect(stages.count == 24)
        #expect(stages.first == .init(durationSeconds: 0.5, targetPerSecond: 8))
        #expect(stages.last == .init(durationSeconds: 0.5, targetPerSecond: 4))
        var (previous, integral) = (0.0, 0.0)
        for stage in stages {
            integral += (previous + stage.targetPerSecond) / 2 * stage.durationSeconds
            previous = stage.targetPerSecond
        }
        #expect(abs(integral - 178) < 1e-9)
        // Sessions 250 ms apart and at most 170 ms long: one in flight at a time, two at the doubled rate.
        #expect(model.peakSessionsInFlight == 1)

        var writer = ScenarioWriter.Options()
        writer.bodies = ["POST /api/v1/orders": #"{"amount":5}"#]
        let (yaml, feeders) = ScenarioWriter.write(model, options: writer)
        #expect(feeders.isEmpty)
        #expect(yaml.contains("ordersId: $.id"))
        #expect(yaml.contains("/api/v1/orders/${ordersId}/pay"))
        #expect(yaml.contains("${random.int(10,97)}"))
        #expect(yaml.contains(#"json: {"amount":5}"#))
        #expect(yaml.contains("json: {}  # TODO"))
        #expect(yaml.contains("\"X-Session-Id\": \"s${seq}\""))
        #expect(yaml.contains("think: {"))
        var loader = ScenarioLoader { _ in [] }
        loader.requiresTarget = true
        switch loader.load(text: yaml, path: "model.yaml") {
        case .success(let scenario):
            #expect(scenario.flows.count == 3)
            #expect(scenario.flowMix == .exact)
            guard case .open(let open) = scenario.load.workloads.first?.model else {
                Issue.record("the generated load is not open: \(scenario.load)"); break
            }
            #expect(open.maxInFlight == 2)
        case .failure(let error): Issue.record("generated scenario does not validate: \(error)\n\(yaml)")
        }
        let summary = ModelSummaryText.markdown(model, source: "test.log")
        #expect(summary.contains("| class1 |"))
        #expect(summary.contains("`POST /api/v1/orders/{id}/pay`"))
    }

    /// Four users, each starting a session in the millisecond the last one's answer ended (the arrival truncated to
    /// the millisecond reads as a sliver of overlap), are four in flight, not five; a fifth overlapping one is.
    @Test func peakSessionsInFlightCountsBackToBackSessionsOnce() {
        typealias Span = SessionConcurrency.Span
        var spans: [Span] = []
        for user in 0..<4 {
            var start = Int64(user * 7)
            for _ in 0..<10 {
                let end = start + 120 + Int64(user)
                spans.append(Span(startMillis: start, endMillis: end))
                start = end - 1 + Int64(user % 2)  // the next arrival at (or a truncated millisecond before) the end
            }
        }
        #expect(SessionConcurrency.peak(spans) == 4)
        #expect(SessionConcurrency.peak(spans + [Span(startMillis: 300, endMillis: 400)]) == 5)
        #expect(SessionConcurrency.peak([]) == 0)
        // A single-request session of under a millisecond still counts itself.
        #expect(SessionConcurrency.peak([Span(startMillis: 5, endMillis: 5)]) == 1)
        // From a sample of a quarter of the sessions, the sample's peak is scaled up.
        #expect(SessionConcurrency.estimatedPeak(sample: Array(spans.prefix(10)), sessions: 40) == 4)
        #expect(SessionConcurrency.estimatedPeak(sample: spans, sessions: spans.count) == 4)
        #expect(SessionConcurrency.estimatedPeak(sample: [], sessions: 0) == 0)
    }

    /// A log of four closed users gives `maxInFlight: 4` (twice that at --scale 2x) in the scenario.
    @Test func closedPopulationBoundsTheGeneratedOpenLoad() throws {
        var options = ModelOptions()
        options.sessionKey = .header("X-Session-Id")
        var accumulator = ModelAccumulator(options: options)
        var records: [(Int64, String, String)] = []
        for user in 0..<4 {
            var t = Int64(user * 13)
            for iteration in 0..<30 {
                let session = "u\(user)-\(iteration)"
                records.append((t, "/api/v1/customers", session))  // each answered in 2 ms
                records.append((t + 60, "/api/v1/customers/\(user + 1)", session))
                t += 62  // the next session starts as this one's last answer ends
            }
        }
        for (t, target, session) in records.sorted(by: { $0.0 < $1.0 }) {
            accumulator.add(line: Self.line(t, "GET", target, session: session), format: .combined)
        }
        accumulator.finishSessions()
        let model = try accumulator.model()
        #expect(model.sessions == 120)
        #expect(model.peakSessionsInFlight == 4)
        #expect(ScenarioWriter.write(model, options: .init()).yaml.contains("maxInFlight: 4"))
        #expect(ScenarioWriter.maxInFlight(try accumulator.model(scale: 2)) == 8)
    }
}

import Foundation
import Testing
@testable import WorkloadModel

@Suite("Access-log lines")
struct LogParsingTests {
    static func bytes(_ text: String) -> ArraySlice<UInt8> { ArraySlice(Array(text.utf8)) }

    /// The combined-format example of the Apache httpd documentation ("Log Files", Combined Log Format):
    /// 10 Oct 2000 13:55:36 at -0700 is 20:55:36 UTC, epoch 971211336 s.
    @Test func apacheDocumentationExample() throws {
        let line = #"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)""#
        let record = try #require(CombinedLogParser.parse(Self.bytes(line)))
        #expect(record.client == "127.0.0.1")
        #expect(record.startMillis == 971_211_336_000)
        #expect(record.method == "GET")
        #expect(record.target == "/apache_pb.gif")
        #expect(record.status == 200)
        #expect(record.responseBytes == 2326)
        #expect(record.userAgent == "Mozilla/4.08 [en] (Win98; I ;Nav)")
        #expect(record.durationMicros == nil)
        #expect(record.sessionHeader == nil)
    }

    @Test func referenceCRMLineWithMillisecondsDurationAndSession() throws {
        let line = #"10.0.0.7 - - [05/Dec/2026:07:38:44.123 +0000] "POST /api/v1/orders/12/pay HTTP/1.1" 200 - "-" "crmbench/1 \"x\"" 1834 "s17""#
        let record = try #require(CombinedLogParser.parse(Self.bytes(line)))
        #expect(record.startMillis % 1_000 == 123)
        #expect(record.responseBytes == 0)
        #expect(record.userAgent == #"crmbench/1 "x""#)
        #expect(record.durationMicros == 1_834)
        #expect(record.sessionHeader == "s17")
        #expect(record.endMillis == record.startMillis + 1)
    }

    @Test(arguments: [
        "",
        "garbage",
        #"1.2.3.4 - - [99/Foo/2026:07:38:44 +0000] "GET / HTTP/1.1" 200 1"#,
        #"1.2.3.4 - - [05/Dec/2026:07:38:44 +0000] "GET / HTTP/1.1" abc 1"#,
        #"1.2.3.4 - - [05/Dec/2026:07:38:44 +0000] "-" 400 0"#,
        #"1.2.3.4 - - [05/Dec/2026:07:38:44 +0000] "GET / HTTP/1.1 200 1"#,
    ])
    func malformedCombinedLines(_ line: String) {
        #expect(CombinedLogParser.parse(Self.bytes(line)) == nil)
    }

    @Test func jsonLine() throws {
        let line = #"{"time":"2026-12-05T07:38:44.250+01:00","remote_addr":"10.1.1.1","request":"GET /api/v1/customers?limit=5 HTTP/1.1","status":200,"request_time":0.004,"http_x_session_id":"abc"}"#
        let record = try #require(JSONLogParser.parse(Self.bytes(line), sessionHeader: "X-Session-Id"))
        #expect(record.startMillis == (try #require(LogTimestamp.iso8601("2026-12-05T06:38:44.250Z"))))
        #expect(record.method == "GET")
        #expect(record.target == "/api/v1/customers?limit=5")
        #expect(record.durationMicros == 4_000)
        #expect(record.sessionHeader == "abc")
        #expect(JSONLogParser.parse(Self.bytes(#"{"status":200}"#), sessionHeader: nil) == nil)
        #expect(JSONLogParser.parse(Self.bytes("[1,2]"), sessionHeader: nil) == nil)
    }

    /// 1970-01-01 is day 0 and 2000-03-01 day 11017 (Hinnant's days_from_civil test values).
    @Test func civilDays() {
        #expect(LogTimestamp.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(LogTimestamp.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
        #expect(LogTimestamp.daysFromCivil(year: 1969, month: 12, day: 31) == -1)
    }

    @Test func malformedLinesAreCountedWithTheirNumbers() throws {
        var accumulator = ModelAccumulator()
        let good = #"1.2.3.4 - - [05/Dec/2026:07:38:44 +0000] "GET /a HTTP/1.1" 200 1 "-" "ua""#
        for line in [good, "junk", "", good, "\u{1}\u{2}", good, "x", "y", "z", "w"] { accumulator.add(line: Self.bytes(line), format: .combined) }
        accumulator.finishSessions()
        let model = try accumulator.model()
        #expect(model.input.lines == 10)
        #expect(model.input.requests == 3)
        #expect(model.input.malformedLines == 6)
        #expect(model.input.malformedLineNumbers == [2, 5, 7, 8, 9])
    }

    @Test func logsWithoutAModelSayWhy() {
        var empty = ModelAccumulator()
        empty.finishSessions()
        #expect(throws: ModelProblem.noRequests(lines: 0, malformed: 0, firstMalformed: [])) { try empty.model() }
        var junk = ModelAccumulator()
        junk.add(line: Self.bytes("not a log"), format: .combined)
        #expect(throws: ModelProblem.noRequests(lines: 1, malformed: 1, firstMalformed: [1])) { try junk.model() }
        var options = ModelOptions()
        options.sessionKey = .header("X-Session-Id")
        var headerless = ModelAccumulator(options: options)
        headerless.add(line: Self.bytes(#"1.2.3.4 - - [05/Dec/2026:07:38:44 +0000] "GET /a HTTP/1.1" 200 1 "-" "ua""#), format: .combined)
        headerless.finishSessions()
        #expect(throws: ModelProblem.noSessions(requests: 1, withoutSessionKey: 1, staticAssets: 0)) { try headerless.model() }
    }

    /// The byte-level hot path and the record path agree on every figure of a model: templates (ids of each kind,
    /// absolute URLs, queries), static assets (any case), session keys, pauses, blank and malformed lines, and
    /// lines with escapes (which the byte path hands to the record path).
    @Test(arguments: [SessionKey.clientAndAgent, .header("X-Session-Id")])
    func bytePathMatchesRecordPath(key: SessionKey) throws {
        let targets = ["/api/v1/customers?limit=20", "http://crm.test/api/v1/customers/42", "/api/v1/customers/42/summary",
                       "/api/v1/objects/0123abcd9f", "/api/v1/things/123e4567-e89b-12d3-a456-426614174000",
                       "/api/v1/users/ann@example.com/prefs", "/api/v1/users/bob%40example.org/prefs", "/static/App.JS?v=3",
                       "/", "/api/v1/customers/", "https://crm.test/x#frag", "/api/v1/orders/7/pay"]
        var lines: [String] = []
        for i in 0..<240 {
            let t = 1_000 * i, user = i % 7
            let stamp = "05/Dec/2026:07:\(10 + t / 60_000):\(String(format: "%02d", t / 1_000 % 60)).\(String(format: "%03d", t % 1_000)) +0000"
            let agent = i % 11 == 0 ? #"ua \"quoted\""# : "ua-\(user % 3)"
            lines.append(#"10.0.0.\#(user) - - [\#(stamp)] "\#(i % 4 == 0 ? "POST" : "GET") \#(targets[i % targets.count]) HTTP/1.1" \#(i % 13 == 0 ? 404 : 200) 12 "-" "\#(agent)" \#(1_000 + 37 * i) "\#(i % 5 == 0 ? "-" : "s\(user)")""#)
            if i % 50 == 0 { lines += ["", "   ", "not a log line"] }
        }
        var options = ModelOptions()
        options.sessionKey = key
        var bytePath = ModelAccumulator(options: options), recordPath = ModelAccumulator(options: options)
        for line in lines {
            bytePath.add(line: Self.bytes(line), format: .combined)
            recordPath.lines += 1
            guard line.contains(where: { $0 != " " }) else { continue }
            if let record = CombinedLogParser.parse(Self.bytes(line)) { recordPath.add(record) } else { recordPath.noteMalformed() }
        }
        bytePath.finishSessions()
        recordPath.finishSessions()
        #expect(bytePath.records == recordPath.records && bytePath.records == 240)
        #expect(bytePath.malformed == 5 && bytePath.malformedLineNumbers == recordPath.malformedLineNumbers)
        #expect(bytePath.staticAssets == recordPath.staticAssets && bytePath.staticAssets == 20)
        #expect(bytePath.withoutSessionKey == recordPath.withoutSessionKey)
        #expect(bytePath.requestsByTemplate == recordPath.requestsByTemplate)
        #expect(bytePath.requestsByTemplate["GET /api/v1/users/{email}/prefs"] != nil)
        #expect(bytePath.requestsByTemplate["POST /api/v1/things/{uuid}"] != nil)
        #expect(bytePath.sessions == recordPath.sessions)
        #expect(bytePath.samples.thinkMillis.sorted() == recordPath.samples.thinkMillis.sorted())
        #expect(bytePath.samples.lengths.sorted() == recordPath.samples.lengths.sorted())
        let a = try bytePath.model(), b = try recordPath.model()
        #expect(a.endpoints.map(\.template) == b.endpoints.map(\.template))
        #expect(a.endpoints.map(\.identifiers) == b.endpoints.map(\.identifiers))
    }
}

import BenchCore
import Testing

/// Inputs that used to hang, crash or reach the wire unchecked: numbers out of range, byte-order marks, long
/// lists, and CR/LF/NUL in methods, headers and URLs.
@Suite("Input hardening")
struct InputHardeningTests {
    // MARK: HTTP syntax (the checks the command line calls for -X, -H and --url)

    @Test("methods that are not RFC 9110 tokens are refused", arguments: [
        ("", "method is empty"),
        ("GE T", "a space at character 3"),
        ("GET /x HTTP/1.1\r\nEvil: 1", #"method 'GET /x HTTP/1.1\r\nEvil: 1' is not an RFC 9110 token"#),
        ("GET\0", "a NUL"),
        ("GÉT", "non-ASCII"),
    ])
    func badMethods(method: String, fragment: String) {
        let problem = HTTPSyntax.methodProblem(method)
        #expect(problem?.contains(fragment) == true, "\(problem ?? "accepted")")
    }

    @Test(arguments: ["GET", "POST", "PROPFIND", "M-SEARCH", "get"])
    func goodMethods(method: String) {
        #expect(HTTPSyntax.methodProblem(method) == nil)
    }

    @Test("bad headers are refused without quoting the value", arguments: [
        ("X-Id", "1\r\nX-Evil: secret-token", "header 'X-Id' value has a CR"),
        ("X-Id", "1\nsecret", "value has a LF"),
        ("X-Id", "a\0b", "value has a NUL"),
        ("X-Id", "a\u{07}b", "control character 0x7"),
        ("X Id", "1", "header name 'X Id' is not an RFC 9110 token: a space"),
        ("X-Id:", "1", "':'"),
        ("", "1", "header name is empty"),
        ("X-Id\r\nEvil", "1", #"X-Id\r\nEvil"#),
    ])
    func badHeaders(name: String, value: String, fragment: String) {
        let problem = HTTPSyntax.headerProblem(name: name, value: value)
        #expect(problem?.contains(fragment) == true, "\(problem ?? "accepted")")
        #expect(problem?.contains("secret") != true)
    }

    @Test func headerLines() {
        #expect(HTTPSyntax.headerLineProblem("X-Id: 1") == nil)
        #expect(HTTPSyntax.headerLineProblem("X-Id 1")?.contains("must be written as Name: value") == true)
        #expect(HTTPSyntax.headerLineProblem("X-Id: 1\r\nX-Evil: s3cr3t")?.contains("value has a CR") == true)
        #expect(HTTPSyntax.headerLineProblem("X-Id: 1\r\nX-Evil: s3cr3t")?.contains("s3cr3t") == false)
    }

    @Test func goodHeadersPass() {
        #expect(HTTPSyntax.headerProblem(name: "Authorization", value: "Bearer abc.def") == nil)
        #expect(HTTPSyntax.headerProblem(name: "X-List", value: "a,\tb ; q=0.5 é") == nil)
        #expect(HTTPSyntax.headerProblem(name: "X-Empty", value: "") == nil)
    }

    @Test("URLs with spaces or control characters are refused", arguments: [
        ("http://h/a b", "a space at character 11; encode it as %20"),
        ("http://h/a\r\nHost: evil", "a CR"),
        ("http://h/a\nb", "a LF"),
        ("http://h/\0", "a NUL"),
        ("http://h/\t", "a tab"),
    ])
    func badURLs(url: String, fragment: String) {
        #expect(HTTPSyntax.urlProblem(url)?.contains(fragment) == true, "\(HTTPSyntax.urlProblem(url) ?? "accepted")")
    }

    @Test func goodURLsPass() {
        #expect(HTTPSyntax.urlProblem("http://h:8080/a/b?c=%20d&e=f#g") == nil)
        #expect(HTTPSyntax.urlProblem("/api/v1/orders/é") == nil)
    }

    // MARK: Static values refused at validation

    static let head = "target: http://h\nflows:\n  - name: f\n    steps:\n"

    @Test("static CR/LF/NUL and bad names are refused with file and line", arguments: [
        (head + "      - get: /a\n        headers: {X-Id: \"1\\r\\nEvil: 1\"}\n", "header 'X-Id' value has a CR", 6),
        (head + "      - get: /a\n        headers: {\"X Id\": \"1\"}\n", "header name 'X Id' is not an RFC 9110 token", 6),
        (head + "      - get: \"/a\\nb\"\n", "the get URL: URL has a LF", 5),
        (head + "      - get: \"/a b\"\n", "a space", 5),
        (head + "      - get: \"/a\\0\"\n", "a NUL", 5),
        ("target: http://h\ndefaults:\n  headers:\n    Authorization: \"Bearer x\\r\\nX-Secret: s3cr3t\"\nflows: [{name: f, steps: [{get: /a}]}]\n",
         "header 'Authorization' value has a CR (carriage return) in defaults.headers", 4),
        ("target: \"http://h/\\r\\nx\"\nflows: [{name: f, steps: [{get: /a}]}]\n", "target: URL has a CR", 1),
    ])
    func staticValues(yaml: String, fragment: String, line: Int) {
        let diagnostics = ScenarioFixtures.diagnostics(yaml)
        let match = diagnostics.first { $0.message.contains(fragment) }
        #expect(match?.line == line, "\(diagnostics.map(\.description))")
        #expect(!diagnostics.contains { $0.message.contains("s3cr3t") })
    }

    // MARK: Values from templates refused at run time

    @Test("an extracted value with CR/LF is not sent", arguments: [
        ("headers: {X-Id: \"${id}\"}", "request refused: header 'X-Id' value has a CR (carriage return) (from '${id}')"),
        ("headers: {Authorization: \"Bearer ${id}\"}", "request refused: header 'Authorization' value has a CR"),
    ])
    func refusedAtRunTime(headers: String, fragment: String) throws {
        let scenario = try ScenarioFixtures.scenario(Self.head + """
                  - get: /login
                    extract: {id: {header: X-Token}}
                  - get: /next
                    \(headers)
                    check: {status: 200}
            """)
        var factory = IterationFactory(scenario: scenario, seed: 1, env: { _ in nil }, nowEpochMillis: { 0 })
        var iteration = try factory.next().get()
        var driver = FlowDriver()
        let outcome = driver.run(&iteration, [ScenarioFixtures.json(200, "{}", headers: [("X-Token", "1\r\nX-Evil: s3cr3t")])])
        #expect(driver.requests.count == 1, "the second request must not be sent")
        #expect(!outcome.succeeded)
        #expect(outcome.failureReason?.contains(fragment) == true, "\(outcome.failureReason ?? "")")
        #expect(outcome.failureReason?.contains("s3cr3t") == false)
        #expect(outcome.steps.count == 2)
        #expect(outcome.steps.last?.failed == true)
        #expect(outcome.steps.last?.status == 0)
        #expect(outcome.checks.map(\.passed) == [false])
    }

    @Test func anExtractedValueCannotSplitTheURL() throws {
        let scenario = try ScenarioFixtures.scenario(Self.head + """
                  - get: /login
                    extract: {next: $.next}
                  - get: /orders/${next}
            """)
        var factory = IterationFactory(scenario: scenario, seed: 1, env: { _ in nil }, nowEpochMillis: { 0 })
        var iteration = try factory.next().get()
        var driver = FlowDriver()
        let outcome = driver.run(&iteration, [ScenarioFixtures.json(200, #"{"next": "1 HTTP/1.1\r\nHost: evil"}"#)])
        #expect(driver.requests.count == 1)
        #expect(outcome.failureReason?.contains("request refused: URL has a space") == true, "\(outcome.failureReason ?? "")")
        #expect(outcome.failureReason?.contains("(from '/orders/${next}')") == true)
    }

    // MARK: Numbers

    @Test("numbers out of range are refused at validation", arguments: [
        ("target: http://h\nflows:\n  - {name: f, weight: 9223372036854775807, steps: [{get: /a}]}\n  - {name: g, weight: 9223372036854775807, steps: [{get: /b}]}\n",
         "weight of flow 'f' must be at most 1000000"),
        ("target: http://h\nflows: [{name: f, weight: 99999999999999999999, steps: [{get: /a}]}]\n", "must be an integer"),
        ("target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload: {vus: 1, iterations: 9223372036854775807}\n",
         "iterations must be at most 1000000000"),
        ("target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload: {vus: 99999999999999999999, duration: 1s}\n", "vus must be an integer"),
        ("target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload: {rate: 10, duration: 1s, maxInFlight: 9223372036854775807}\n",
         "maxInFlight must be at most 100000"),
        ("target: http://h\ndefaults: {timeout: 2562047h}\nflows: [{name: f, steps: [{get: /a}]}]\n", "defaults.timeout must be at most 24h"),
        ("target: http://h\nflows: [{name: f, steps: [{get: /a}, {think: 2000000h}]}]\n", "think must be at most 7 days"),
        ("target: http://h\nflows: [{name: f, steps: [{get: /a}, {think: {mean: 9000h}}]}]\n", "think.mean must be at most 7 days"),
        ("target: http://h\nflows: [{name: f, steps: [{get: /a, check: {maxLatency: 2000000h}}]}]\n", "maxLatency must be at most 7 days"),
        ("target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload:\n  stages:\n" + String(repeating: "    - {duration: 100h, target: 1}\n", count: 3),
         "load.stages last"),
        ("target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload: {rate: 10, duration: 1s, gracefulStop: 9000h}\n",
         "gracefulStop must be at most 7 days"),
        ("target: http://h\nflows: [{name: f, steps: [{get: /a, check: {status: 99999999999999999999}}]}]\n", "bad status"),
    ])
    func numbers(yaml: String, fragment: String) {
        let diagnostics = ScenarioFixtures.diagnostics(yaml)
        #expect(diagnostics.contains { $0.message.contains(fragment) }, "\(diagnostics.map(\.description))")
    }

    @Test func pickerSumsHugeWeightsWithoutTrapping() {
        let flows = (0..<4).map { Flow(name: "f\($0)", weight: .max, steps: [.request(RequestStep(method: "GET", url: .literal("/")))]) }
        let picker = FlowPicker(flows: flows)
        var random = SplitMix64(seed: 3)
        let picked = Set((0..<1_000).map { _ in picker.pick(using: &random) })
        #expect(picked == [0, 1, 2, 3])
    }

    // MARK: Byte-order marks and long lists

    @Test func aByteOrderMarkIsAccepted() {
        let text = "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\n"
        let loader = ScenarioFixtures.loader([:])
        guard case .success(let scenario) = loader.load(bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8), path: "bom.yaml") else {
            Issue.record("a scenario with a BOM was refused")
            return
        }
        #expect(scenario.target == "http://h")
        guard case .success = loader.load(text: "\u{FEFF}" + text, path: "bom.yaml") else {
            Issue.record("text with a BOM was refused")
            return
        }
    }

    @Test("long lists say which list and the limit", arguments: [
        ("stage", 20_000, "load.stages has 20000 entries; at most 1000"),
        ("stage", 1_001, "load.stages has 1001 entries; at most 1000"),
        ("threshold", 10_001, "thresholds has 10001 entries; at most 10000"),
    ])
    func longLists(kind: String, count: Int, message: String) {
        let tail = kind == "stage"
            ? "load:\n  stages:\n" + String(repeating: "    - {duration: 1s, target: 1}\n", count: count)
            : "thresholds:\n" + String(repeating: "  - http.errors.rate < 1%\n", count: count)
        let diagnostics = ScenarioFixtures.diagnostics("target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\n" + tail)
        #expect(diagnostics.contains { $0.message == message }, "\(diagnostics.prefix(3).map(\.description))")
        #expect(!diagnostics.contains { $0.message.contains("aliases") })
    }

    @Test func manyFlowsAreNamed() {
        let flows = (0..<1_001).map { "  - {name: f\($0), steps: [{get: /a}]}" }.joined(separator: "\n")
        let diagnostics = ScenarioFixtures.diagnostics("target: http://h\nflows:\n" + flows + "\n")
        #expect(diagnostics.contains { $0.message == "flows has 1001 entries; at most 1000" }, "\(diagnostics.prefix(3).map(\.description))")
    }
}

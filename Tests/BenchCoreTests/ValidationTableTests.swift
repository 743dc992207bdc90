import BenchCore
import Testing

/// One broken scenario and the diagnostic it must produce.
struct BrokenScenario: CustomTestStringConvertible, Sendable {
    let yaml: String
    let fragment: String
    let line: Int
    let column: Int
    var files: [String: String] = [:]

    var testDescription: String { "\(line):\(column) \(fragment)" }
}

/// Lines 1–4 of most cases; the first step starts on line 5 at column 9 (`      - get:`).
private let head = "target: http://h\nflows:\n  - name: f\n    steps:\n"
private let people = ["people.csv": "email,name\na@x.test,Ann\n"]

@Suite("Validation of broken scenarios")
struct ValidationTableTests {
    static let cases: [BrokenScenario] = [
        // Unknown keys, with did-you-mean.
        BrokenScenario(yaml: head + "      - get: /a\n        chek: {status: 200}\n", fragment: "unknown key 'chek' in a get step (did you mean 'check'?)", line: 6, column: 9),
        BrokenScenario(yaml: head + "      - gett: /a\n", fragment: "a step needs one of get, post, put, patch, delete, think or group (did you mean 'get'?)", line: 5, column: 9),
        BrokenScenario(yaml: "target: http://h\nflow:\n  - name: f\n", fragment: "unknown key 'flow' in the scenario (did you mean 'flows'?)", line: 2, column: 1),
        BrokenScenario(yaml: head + "      - get: /a\n  - name: g\n    wieght: 2\n    steps: [{get: /b}]\n", fragment: "unknown key 'wieght' in a flow (did you mean 'weight'?)", line: 7, column: 5),
        BrokenScenario(yaml: "target: http://h\ntarget: http://i\nflows: [{name: f, steps: [{get: /a}]}]\n", fragment: "duplicate key 'target' in the scenario", line: 2, column: 1),
        // Wrong types and shapes.
        BrokenScenario(yaml: "- a\n- b\n", fragment: "the scenario must be a mapping, found a list", line: 1, column: 1),
        BrokenScenario(yaml: "target: http://h\nsecrets: CRM_TOKEN\nflows: [{name: f, steps: [{get: /a}]}]\n", fragment: "secrets must be a list, found a scalar", line: 2, column: 10),
        BrokenScenario(yaml: "target: http://h\ndefaults: {http2: maybe}\nflows: [{name: f, steps: [{get: /a}]}]\n", fragment: "defaults.http2 must be true or false, found 'maybe'", line: 2, column: 19),
        BrokenScenario(yaml: head + "      - {get: /a, post: /b}\n", fragment: "a step has one method, found get, post", line: 5, column: 9),
        BrokenScenario(yaml: head + "      - get: /a\n        json: {a: 1}\n        body: x\n", fragment: "has both json and body", line: 7, column: 9),
        BrokenScenario(yaml: head + "      - group: outer\n        steps:\n          - group: inner\n            steps: [{get: /a}]\n", fragment: "group 'inner' is inside another group", line: 7, column: 20),
        // Required keys and targets.
        BrokenScenario(yaml: "target: http://h\n", fragment: "the scenario is missing required key 'flows'", line: 1, column: 1),
        BrokenScenario(yaml: "flows: [{name: f, steps: [{get: /a}]}]\n", fragment: "the scenario is missing required key 'target'", line: 1, column: 1),
        BrokenScenario(yaml: "target: ftp://h\nflows: [{name: f, steps: [{get: /a}]}]\n", fragment: "target must be an http:// or https:// URL", line: 1, column: 9),
        BrokenScenario(yaml: head + "      - get: api/v1\n", fragment: "URL must be a path starting with '/'", line: 5, column: 14),
        // Variables and templates.
        BrokenScenario(yaml: head + "      - get: /a/${orderId}\n", fragment: "undefined variable 'orderId' in the get URL", line: 5, column: 17),
        BrokenScenario(yaml: "target: http://h\nvariables: {customerId: 1}\nflows:\n  - name: f\n    steps:\n      - get: /c/${customerid}\n", fragment: "undefined variable 'customerid' (did you mean 'customerId'?)", line: 6, column: 17),
        BrokenScenario(yaml: head + "      - get: /a/${id}\n      - get: /b\n        extract: {id: $.id}\n", fragment: "undefined variable 'id'", line: 5, column: 17),
        BrokenScenario(yaml: head + "      - get: /a\n        headers: {X-Id: \"${nope}\"}\n", fragment: "undefined variable 'nope' in header 'X-Id'", line: 6, column: 26),
        BrokenScenario(yaml: head + "      - post: /a\n        json:\n          customer:\n            id: ${cid}\n", fragment: "undefined variable 'cid' in json of step 'POST /a'", line: 8, column: 17),
        BrokenScenario(yaml: head + "      - get: /a/${random.int(5,1)}\n", fragment: "expected '${random.int(LO,HI)}'", line: 5, column: 17),
        BrokenScenario(yaml: head + "      - get: /a/${seq\n", fragment: "unterminated placeholder", line: 5, column: 17),
        BrokenScenario(yaml: "target: http://h\nvariables:\n  a: x\n  b: \"${a}\"\nflows: [{name: f, steps: [{get: /a}]}]\n", fragment: "variable 'a' may not refer to another variable", line: 4, column: 7),
        // Durations and think times.
        BrokenScenario(yaml: head + "      - get: /a\n      - think: 5\n", fragment: "bad duration '5' for think: add a unit (us, ms, s, m or h)", line: 6, column: 16),
        BrokenScenario(yaml: head + "      - get: /a\n      - think: 5 sec\n", fragment: "bad duration '5 sec' for think", line: 6, column: 16),
        BrokenScenario(yaml: head + "      - get: /a\n      - think: {min: 3s, max: 1s}\n", fragment: "think.max must not be less than think.min", line: 6, column: 31),
        BrokenScenario(yaml: "target: http://h\ndefaults:\n  timeout: fast\nflows: [{name: f, steps: [{get: /a}]}]\n", fragment: "bad duration 'fast' for defaults.timeout", line: 3, column: 12),
        // Extraction and checks.
        BrokenScenario(yaml: head + "      - get: /a\n        check: [{json: id, exists: true}]\n", fragment: "JSON path must start with '$'", line: 6, column: 24),
        BrokenScenario(yaml: head + "      - get: /a\n        extract:\n          id: $.items[0\n", fragment: "bad JSON path '$.items[0': missing ']'", line: 7, column: 22),
        BrokenScenario(yaml: head + "      - get: /a\n        extract:\n          id: {regex: \"(\\\\d+\", group: 1}\n", fragment: "bad regex '(\\d+'", line: 7, column: 23),
        BrokenScenario(yaml: head + "      - get: /a\n        extract:\n          id: {regex: \"id=\\\\d+\", group: 1}\n", fragment: "has 0 group(s), group 1 asked", line: 7, column: 23),
        BrokenScenario(yaml: head + "      - get: /a\n        check: [{status: 99}]\n", fragment: "bad status '99'", line: 6, column: 26),
        BrokenScenario(yaml: head + "      - get: /a\n        check:\n          - {status: 200, bodyContains: x}\n", fragment: "a check needs exactly one of status, json, bodyContains, header or maxLatency (found status, bodyContains)", line: 7, column: 13),
        BrokenScenario(yaml: head + "      - get: /a\n        check:\n          - {status: 200, equals: x}\n", fragment: "equals applies to json checks only", line: 7, column: 27),
        BrokenScenario(yaml: head + "      - get: /a\n        check:\n          - maxLatency: 200\n", fragment: "bad duration '200' for maxLatency", line: 7, column: 25),
        // Flows and weights.
        BrokenScenario(yaml: head + "      - get: /a\n  - name: g\n    weight: 0\n    steps: [{get: /b}]\n", fragment: "weight of flow 'g' must be at least 1, found 0", line: 7, column: 13),
        BrokenScenario(yaml: head + "      - get: /a\n  - name: g\n    weight: heavy\n    steps: [{get: /b}]\n", fragment: "weight of flow 'g' must be an integer, found 'heavy'", line: 7, column: 13),
        BrokenScenario(yaml: "target: http://h\nflows:\n  - name: f\n    steps: []\n", fragment: "flow 'f' has no steps", line: 4, column: 12),
        BrokenScenario(yaml: "target: http://h\nflows:\n  - name: f\n    steps:\n      - think: 1s\n", fragment: "flow 'f' has no request step", line: 4, column: 5),
        BrokenScenario(yaml: "target: http://h\nflows: []\n", fragment: "flows must list at least one flow", line: 2, column: 8),
        // Load and workloads.
        BrokenScenario(yaml: "target: http://h\nflows: [{name: browse, steps: [{get: /a}]}]\nworkloads:\n  - name: w\n    flows: [brows]\n    load: {vus: 1, duration: 1s}\n", fragment: "unknown flow 'brows' in workload 'w' (did you mean 'browse'?)", line: 5, column: 13),
        BrokenScenario(yaml: "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload: {vus: 1, duration: 1s}\nworkloads: []\n", fragment: "use either load or workloads, not both", line: 4, column: 1),
        BrokenScenario(yaml: "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload: {vus: 0, duration: 10s}\n", fragment: "vus must be at least 1, found 0", line: 3, column: 13),
        BrokenScenario(yaml: "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload: {vus: 2}\n", fragment: "load needs duration, iterations or stages", line: 3, column: 7),
        BrokenScenario(yaml: "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload: {vus: 1, duration: 0s}\n", fragment: "duration must be longer than 0, found '0s'", line: 3, column: 26),
        BrokenScenario(yaml: "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload: {rate: 1e300, duration: 1s}\n", fragment: "rate must be at most 10000000, found 1e300", line: 3, column: 14),
        BrokenScenario(yaml: "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload: {vus: 200000, duration: 1s}\n", fragment: "vus must be at most 100000, found 200000", line: 3, column: 13),
        BrokenScenario(yaml: "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload: {vus: 1, duration: 1000h}\n", fragment: "duration must be at most 7 days, found '1000h'", line: 3, column: 26),
        BrokenScenario(yaml: "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload: {stages: [{duration: 1s, target: 1e9}]}\n", fragment: "stage target (virtual users) must be at most 100000, found 1e9", line: 3, column: 40),
        BrokenScenario(yaml: "target: http://127.0.0.1:99999\nflows: [{name: f, steps: [{get: /a}]}]\n", fragment: "target has an invalid port '99999'", line: 1, column: 9),
        BrokenScenario(yaml: "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload: {rate: 5, duration: 0ms}\n", fragment: "duration must be longer than 0, found '0ms'", line: 3, column: 27),
        BrokenScenario(yaml: "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload: {vus: 0, duration: -5s}\n", fragment: "duration must not be negative, found '-5s'", line: 3, column: 26),
        BrokenScenario(yaml: "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload: {vus: 1, duration: 1s, arrivals: fast}\n", fragment: "arrivals belongs to the open model (with rate), not a closed load (which has vus)", line: 3, column: 30),
        BrokenScenario(yaml: "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload: {vus: 1, duration: 1s}\nworkloads:\n  - {name: w, flows: [nope], load: {vus: 1, duration: 1s}}\n", fragment: "unknown flow 'nope' in workload 'w'", line: 5, column: 23),
        BrokenScenario(yaml: "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload: {rate: 10}\n", fragment: "load is missing required key 'duration'", line: 3, column: 7),
        BrokenScenario(yaml: "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload: {rate: 10, duration: 1s, arrivals: burst}\n", fragment: "arrivals must be uniform or poisson, found 'burst'", line: 3, column: 42),
        BrokenScenario(yaml: "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nload:\n  stages:\n    - {duration: 10s, target: lots}\n", fragment: "stage target (virtual users) must be a number, found 'lots'", line: 5, column: 31),
        // Thresholds.
        BrokenScenario(yaml: "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nthresholds:\n  - http.latency.p42 < 1s\n", fragment: "unknown metric 'http.latency.p42'", line: 4, column: 5),
        BrokenScenario(yaml: "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nthresholds:\n  - http.latency.p95 < 200\n", fragment: "give a unit such as 200ms", line: 4, column: 23),
        BrokenScenario(yaml: "target: http://h\nflows: [{name: f, steps: [{get: /a}]}]\nthresholds:\n  - {expr: \"checks.rate >> 1%\", abortOnFail: true}\n", fragment: "unknown operator '>>'", line: 4, column: 25),
        // Data feeders.
        BrokenScenario(yaml: "target: http://h\ndata:\n  - {name: people, file: missing.csv}\nflows: [{name: f, steps: [{get: /a}]}]\n", fragment: "cannot read data file 'missing.csv'", line: 3, column: 26),
        BrokenScenario(yaml: "target: http://h\ndata:\n  - {name: people, file: people.csv}\nflows:\n  - name: f\n    steps:\n      - get: /a?e=${data.people.emial}\n", fragment: "data feeder 'people' has no column 'emial' (did you mean 'email'?)", line: 7, column: 19, files: people),
        BrokenScenario(yaml: "target: http://h\ndata:\n  - {name: people, file: people.csv}\nflows:\n  - name: f\n    steps:\n      - get: /a?e=${data.peple.email}\n", fragment: "unknown data feeder 'peple' (did you mean 'people'?)", line: 7, column: 19, files: people),
        BrokenScenario(yaml: "target: http://h\ndata:\n  - {name: people, file: people.csv, mode: shuffled}\nflows: [{name: f, steps: [{get: /a}]}]\n", fragment: "unknown feeder mode 'shuffled'", line: 3, column: 44, files: people),
        BrokenScenario(yaml: "target: http://h\ndata:\n  - {name: people, file: people.csv}\nflows: [{name: f, steps: [{get: /a}]}]\n", fragment: "cannot parse data file 'people.csv': CSV record 3 has 1 fields, header has 2", line: 3, column: 26, files: ["people.csv": "email,name\na,b\nc\n"]),
        BrokenScenario(yaml: "target: http://h\ndata:\n  - {name: people, file: people.json}\nflows: [{name: f, steps: [{get: /a}]}]\n", fragment: "JSON data file must be an array of objects", line: 3, column: 26, files: ["people.json": "{\"not\": \"an array\"}"]),
        // Not YAML, or YAML that is not a scenario.
        BrokenScenario(yaml: "", fragment: "file is empty", line: 1, column: 1),
        BrokenScenario(yaml: "target: http://h\nflows: [\n", fragment: "invalid YAML", line: 3, column: 1),
        BrokenScenario(yaml: "target: http://h\nflows:\n  - name: f\n   steps: x\n", fragment: "invalid YAML: did not find expected '-' indicator", line: 4, column: 4),
        BrokenScenario(yaml: "target: \"http://h\n", fragment: "invalid YAML: found unexpected end of stream", line: 2, column: 1),
        BrokenScenario(yaml: "target: http://h\nflows: " + String(repeating: "[", count: 100) + "\n", fragment: "nesting too deep", line: 2, column: 56),
        BrokenScenario(yaml: "a: &a [1, 2]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n", fragment: "more than 100000 values", line: 1, column: 1),
    ]

    @Test("broken scenario", arguments: cases)
    func reports(_ broken: BrokenScenario) {
        let diagnostics = ScenarioFixtures.diagnostics(broken.yaml, files: broken.files)
        let match = diagnostics.first { $0.message.contains(broken.fragment) }
        #expect(match != nil, "no diagnostic contains \"\(broken.fragment)\"; got:\n\(diagnostics.map(\.description).joined(separator: "\n"))")
        if let match {
            #expect("\(match.line):\(match.column)" == "\(broken.line):\(broken.column)", "\(match)")
            #expect(match.description.hasPrefix("test.yaml:\(match.line):\(match.column): "))
        }
    }

    @Test func atLeastThirtyCases() {
        #expect(Self.cases.count >= 30)
    }

    @Test func everyProblemIsReportedAtOnce() {
        let diagnostics = ScenarioFixtures.diagnostics("""
            target: ftp://h
            flows:
              - name: f
                weight: 0
                steps:
                  - get: /a/${nope}
                  - think: 3
            load: {vus: 0, duration: 1s}
            """)
        #expect(diagnostics.count == 5, "\(diagnostics.map(\.description))")
        #expect(diagnostics == diagnostics.sorted())
    }

    @Test func binaryInputIsRejectedWithALocation() {
        let loader = ScenarioFixtures.loader([:])
        guard case .failure(.invalid(let nul)) = loader.load(bytes: Array("target: x\nab\0c".utf8), path: "b.yaml") else {
            Issue.record("expected invalid")
            return
        }
        #expect(nul.map(\.description) == ["b.yaml:2:3: file contains NUL bytes; not a YAML scenario"])
        guard case .failure(.invalid(let utf8)) = loader.load(bytes: [0x74, 0xFF, 0xFE, 0x3A], path: "b.yaml") else {
            Issue.record("expected invalid")
            return
        }
        #expect(utf8.first?.message == "file is not valid UTF-8 text")
    }
}

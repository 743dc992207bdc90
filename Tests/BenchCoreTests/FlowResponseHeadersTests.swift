import BenchCore
import Testing

/// The engine parses response headers only for flows that read them.
@Suite("Flows that read response headers")
struct FlowResponseHeadersTests {
    static func step(checks: [Check] = [], extractions: [Extraction] = []) -> RequestStep {
        RequestStep(method: "GET", url: .literal("/x"), extractions: extractions, checks: checks)
    }

    @Test func onlyHeaderChecksAndHeaderExtractionsCount() throws {
        let json = Extraction(variable: "id", source: .json(try JSONPath.parse("$.id")))
        let plain = Flow(name: "plain", steps: [
            .request(Self.step(checks: [Check(id: 0, kind: .status(StatusMatcher(codes: [200])))],
                               extractions: [json])),
            .think(.fixed(nanos: 1)),
        ])
        #expect(!plain.readsResponseHeaders)
        let checked = Flow(name: "checked", steps: [
            .request(Self.step()),
            .group(name: "g", steps: [.request(Self.step(checks: [Check(id: 1, kind: .headerContains(name: "ETag", text: "x"))]))]),
        ])
        #expect(checked.readsResponseHeaders)
        let extracted = Flow(name: "extracted", steps: [
            .request(Self.step(extractions: [Extraction(variable: "where", source: .header("Location"))])),
        ])
        #expect(extracted.readsResponseHeaders)
    }
}

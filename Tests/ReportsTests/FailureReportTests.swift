import BenchCore
import BenchFixtures
import Testing
@testable import Reports

@Suite struct FailureReportTests {
    @Test func theHTMLReportHasAFailuresSectionWithEscapedSamples() {
        let html = HTMLReport.render(SyntheticRun.scenarioRun())
        #expect(html.contains("<section id=\"failures\"><h2>Failures</h2>"))
        #expect(html.contains("&lt;script&gt;x&lt;/script&gt;"))
        #expect(!html.contains("<script>x"))
        #expect(html.contains("Set-Cookie: [REDACTED]"))
        #expect(html.contains("Steps never reached"))
    }

    @Test func aCauseLineIsSqueezedOntoOneLineAndCut() {
        let body = "{\n  \"detail\": \"" + String(repeating: "long ", count: 60) + "\"\n}"
        let cause = FailureCause(step: "create contact", kind: .status, status: 403, detail: "", reason: "unexpected status 403",
                                 count: 1_204, samples: [FailureSample(secondsSinceStart: 1, method: "POST", url: "http://x/c",
                                                                       status: 403, headers: [], body: body, bodyTruncated: false,
                                                                       reason: "r")])
        let line = FailureCausesText.headline(cause)
        #expect(line.hasPrefix("403 on 'create contact' ×1,204: { \"detail\": \"long long"))
        #expect(line.count == FailureCausesText.lineWidth)
        #expect(line.hasSuffix("…"))
        #expect(!line.contains("\n"))
    }

    @Test func nothingFailedShowsNothing() {
        #expect(FailureCausesText.lines(nil).isEmpty)
        #expect(HTMLReport.failureSection(nil).isEmpty)
    }
}

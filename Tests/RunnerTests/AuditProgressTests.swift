import Foundation
import Testing
@testable import Runner

/// The audit's read-back progress: at most one line a second, always the last, with the rate so far.
@Suite struct AuditProgressTests {
    final class Box: @unchecked Sendable { var lines: [String] = []; var now = Date(timeIntervalSince1970: 0) }

    @Test func linesComeOnceASecondAndAtTheEnd() {
        let box = Box()
        let progress = AuditRun.progressTeller({ if case .progress(let text) = $0 { box.lines.append(text) } }, now: { box.now })
        for (seconds, done) in [(0.5, 1_000), (1.0, 2_000), (1.5, 3_000), (2.5, 4_000), (2.6, 5_000)] {
            box.now = Date(timeIntervalSince1970: seconds)
            progress(done, 5_000)
        }
        #expect(box.lines == [
            "audit: 2000/5000 records read back (40%), 2000 records/s",
            "audit: 4000/5000 records read back (80%), 1600 records/s",
            "audit: 5000/5000 records read back (100%), 1923 records/s",
        ])
    }
}

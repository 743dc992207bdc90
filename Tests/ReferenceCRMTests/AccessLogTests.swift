import Foundation
import Testing
@testable import ReferenceCRM

@Suite("Access log")
struct AccessLogTests {
    /// 971211336 s after the epoch is 10 Oct 2000 20:55:36 UTC (the Apache documentation's example line, whose
    /// 13:55:36 -0700 is the same instant).
    @Test func timestampIsCombinedFormatWithMilliseconds() {
        #expect(AccessLog.timestamp(epochMillis: 971_211_336_123) == "10/Oct/2000:20:55:36.123 +0000")
        #expect(AccessLog.timestamp(epochMillis: 0) == "01/Jan/1970:00:00:00.000 +0000")
        #expect(AccessLog.timestamp(epochMillis: 951_782_400_007) == "29/Feb/2000:00:00:00.007 +0000")
    }

    @Test func quotedFieldsAreEscaped() {
        #expect(AccessLog.escaped(#"a "b" \c"#) == #"a \"b\" \\c"#)
        #expect(AccessLog.escaped("x\ny") == "x\\x0ay")
        #expect(AccessLog.escaped("café") == "café")
    }
}

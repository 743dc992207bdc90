import Foundation
import Testing
@testable import BenchCore

@Suite struct JSONLayoutTests {
    /// Members one per line as Foundation writes them, number arrays and pairs on one line, arrays of objects one
    /// element per line, and strings holding JSON punctuation left as they are.
    @Test func laysOutObjectsAndKeepsNumberArraysOnOneLine() {
        let compact = #"{"a":1,"b":[[1,2],[3,4]],"c":[{"d":"x,{y}:[z]\"q"},{}],"e":[],"f":{}}"#
        let laid = String(decoding: JSONLayout.readable(Data(compact.utf8)), as: UTF8.self)
        #expect(laid == """
            {
              "a" : 1,
              "b" : [[1, 2], [3, 4]],
              "c" : [
                {
                  "d" : "x,{y}:[z]\\"q"
                },
                {}
              ],
              "e" : [],
              "f" : {}
            }
            """)
    }

    /// The laid-out text parses to the same value as the compact one, and a result's file is at most half the size
    /// `.prettyPrinted` writes (whose per-number lines made a long run's result.json five times its compact size).
    @Test func aResultLaidOutParsesToTheSameValueAndIsSmallerThanPrettyPrinted() throws {
        var result = ResultTests.sampleResult()
        var series = WindowSeries()
        for second in 0..<120 {
            var data = EndpointSecond()
            data.requests = 100
            for i in 0..<100 { data.latency.record(micros: UInt64(900 + 37 * ((i * 7 + second) % 50))) }
            series.append(second: second, data)
        }
        result.histograms.endpoints[0].windows = series
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let compact = try encoder.encode(result)
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let pretty = try encoder.encode(result)
        let laid = try ResultCodec.encode(result)
        let a = try JSONSerialization.jsonObject(with: compact) as? NSDictionary
        let b = try JSONSerialization.jsonObject(with: laid) as? NSDictionary
        #expect(a != nil && a == b)
        #expect(laid.count * 2 <= pretty.count, "laid out \(laid.count) bytes, pretty-printed \(pretty.count)")
        // Each top-level member starts a line of its own, as scripts reading result.json with sed expect.
        #expect(String(decoding: laid, as: UTF8.self).contains("\n  \"schemaVersion\" : \(RunResult.currentSchemaVersion),\n"))
        #expect(try ResultCodec.decode(laid).histograms.endpoints[0].windows == series)
    }
}

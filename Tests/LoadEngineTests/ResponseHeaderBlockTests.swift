@testable import LoadEngine
import Testing

@Suite("Response header block")
struct ResponseHeaderBlockTests {
    static func block(_ lines: [String]) -> ResponseHeaderBlock {
        var block = ResponseHeaderBlock()
        for line in lines {
            Array(line.utf8).withUnsafeBufferPointer { block.append(line: $0) }
        }
        return block
    }

    @Test func linesDropLineEndsAndTheBlankLine() {
        let block = Self.block(["HTTP/1.1 200 OK\r\n", "Content-Type: application/json\r\n", "X-Empty:\r\n", "\r\n"])
        #expect(block.lines == ["HTTP/1.1 200 OK", "Content-Type: application/json", "X-Empty:"])
    }

    @Test func fieldsSkipTheStatusLineAndLeadingBlanks() {
        let block = Self.block(["HTTP/1.1 201 Created\r\n", "Location: \t/api/v1/orders/5\r\n", "X-Empty:\r\n",
                                "no colon here\r\n", "Set-Cookie: a=b; Path=/ \r\n", "\r\n"])
        let fields = block.fields
        #expect(fields.map(\.0) == ["Location", "X-Empty", "Set-Cookie"])
        #expect(fields.map(\.1) == ["/api/v1/orders/5", "", "a=b; Path=/ "])
    }

    @Test func aNewStatusLineStartsANewBlock() {
        let block = Self.block(["HTTP/1.1 100 Continue\r\n", "\r\n", "HTTP/1.1 302 Found\r\n", "Location: /a\r\n", "\r\n",
                                "HTTP/1.1 200 OK\r\n", "Content-Length: 2\r\n", "\r\n"])
        #expect(block.lines == ["HTTP/1.1 200 OK", "Content-Length: 2"])
        #expect(block.fields.map(\.0) == ["Content-Length"])
    }

    @Test func lineFeedOnlyAndEmptyBlocks() {
        #expect(Self.block(["HTTP/1.0 204 No Content\n", "A: 1\n", "\n"]).fields.map(\.1) == ["1"])
        #expect(ResponseHeaderBlock().lines.isEmpty)
        #expect(ResponseHeaderBlock().fields.isEmpty)
        var block = Self.block(["HTTP/1.1 200 OK\r\n", "A: 1\r\n"])
        block.removeAll()
        #expect(block.bytes.isEmpty)
    }

    @Test func scenarioDriverParsesTheSameFields() {
        let block = Self.block(["HTTP/1.1 200 OK\r\n", "ETag: \"x\"\r\n", "\r\n"])
        let fields = ScenarioDriver.parseHeaders(block)
        #expect(fields.count == 1 && fields[0].0 == "ETag" && fields[0].1 == "\"x\"")
    }
}

import BenchCore
import Foundation
import Runner
@testable import Telemetry
import Testing

/// Snappy against its format description's own examples, the remote-write protobuf against bytes derived by hand
/// from the protobuf encoding rules, and the output's bounded queue against a receiver that is down or up.
@Suite struct RemoteWriteTests {
    @Test func snappyDecodesTheFormatDescriptionsExamples() throws {
        // format_description.txt §1: the length 64 is the varint 0x40, 2097150 is FE FF 7F.
        var varint: [UInt8] = []
        Snappy.appendVarint(64, to: &varint)
        Snappy.appendVarint(2_097_150, to: &varint)
        #expect(varint == [0x40, 0xFE, 0xFF, 0x7F])
        // §2.2: "xababab" as <literal "xab"> <copy offset 2, length 4>; the copy with a 1-byte offset (§2.2.1) has
        // tag (len-4)<<2 | 01 = 0x01 and offset byte 0x02; the literal's tag is (len-1)<<2 = 0x08.
        #expect(try Snappy.decompress([0x07, 0x08, 0x78, 0x61, 0x62, 0x01, 0x02]) == Array("xababab".utf8))
        // The same copy with a 2-byte offset (§2.2.2): tag (len-1)<<2 | 10 = 0x0E, offset 02 00.
        #expect(try Snappy.decompress([0x07, 0x08, 0x78, 0x61, 0x62, 0x0E, 0x02, 0x00]) == Array("xababab".utf8))
        // Offsets of zero or past the start are not legal (§2.2).
        #expect(throws: Snappy.Corrupt.self) { try Snappy.decompress([0x07, 0x08, 0x78, 0x61, 0x62, 0x01, 0x05]) }
        #expect(throws: Snappy.Corrupt.self) { try Snappy.decompress([0x08, 0x08, 0x78, 0x61, 0x62]) }
    }

    @Test func snappyCompressesRepetitionAndRoundTrips() throws {
        // A literal over 60 bytes takes tag 60<<2 and one length byte (§2.1).
        let seventy = (0..<70).map { UInt8($0) }
        let packed = Snappy.compress(seventy)
        #expect(Array(packed.prefix(3)) == [70, 60 << 2, 69])
        #expect(try Snappy.decompress(packed) == seventy)
        var random = SplitMix64(seed: 3)
        let text = Array(String(repeating: "k6_http_reqs_total{testid=\"run\"} ", count: 3_000).utf8)
        let noise = (0..<70_000).map { _ in UInt8(random.nextIndex(below: 256)) }
        for input in [text, noise, Array("xababab".utf8), [], text + noise + text] {
            #expect(try Snappy.decompress(Snappy.compress(input)) == input)
        }
        #expect(Snappy.compress(text).count < text.count / 10)
    }

    @Test func theWriteRequestIsTheHandDerivedProtobuf() {
        let request = RemoteWriteRequest(series: [.init(labels: ["job": "x", "__name__": "up"], samples: [(1.0, 1_000)])])
        // TimeSeries (field 1, 40 bytes): Label __name__=up (field 1, 14 bytes), Label job=x (field 1, 8 bytes),
        // Sample (field 2, 12 bytes: double 1.0 as 09 + little-endian bits, timestamp 1000 as 10 E8 07).
        let expected: [UInt8] = [0x0A, 0x28,
                                 0x0A, 0x0E, 0x0A, 0x08] + Array("__name__".utf8) + [0x12, 0x02] + Array("up".utf8)
            + [0x0A, 0x08, 0x0A, 0x03] + Array("job".utf8) + [0x12, 0x01] + Array("x".utf8)
            + [0x12, 0x0C, 0x09, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x10, 0xE8, 0x07]
        #expect(request.encoded() == expected)
    }

    @Test func batchesBecomeOneSeriesPerMetricInTimeOrder() {
        var first = LiveSample(time: Date(timeIntervalSince1970: 10)), second = LiveSample(time: Date(timeIntervalSince1970: 11))
        (first.totalRequests, second.totalRequests) = (5, 9)
        let request = RemoteWriteOutput.request([first, second], labels: ["testid": "t"])
        let reqs = request.series.first { $0.labels["__name__"] == "k6_http_reqs_total" }
        #expect(reqs?.labels == ["__name__": "k6_http_reqs_total", "testid": "t"])
        #expect(reqs?.samples.map(\.value) == [5, 9] && reqs?.samples.map(\.timestampMillis) == [10_000, 11_000])
    }

    @Test func anUnreachableReceiverNeitherBlocksNorLosesCount() {
        let output = RemoteWriteOutput(url: "http://127.0.0.1:1/api/v1/write", labels: [:])
        let start = Date()
        for n in 0..<700 { var s = LiveSample(time: Date(timeIntervalSince1970: Double(n))); s.totalRequests = UInt64(n); output.receive(s) }
        #expect(Date().timeIntervalSince(start) < 0.5)  // appending never waits for the network
        output.finish(LiveSample(time: Date()))
        #expect(Date().timeIntervalSince(start) < Double(RemoteWriteOutput.timeoutMillis) / 1_000 + 2)
        let report = output.report
        #expect(report?.samplesSent == 0 && report?.samplesDropped == 701 && report?.lastError != nil)
    }

    @Test func aReceiverGetsSnappyProtobufWithTheFinalTotals() throws {
        let receiver = try OneShotReceiver()
        let output = RemoteWriteOutput(url: "http://127.0.0.1:\(receiver.port)/api/v1/write", labels: ["testid": "t"])
        var last = LiveSample(time: Date())
        last.totalRequests = 4_321
        output.finish(last)
        let (headers, body) = try #require(receiver.received())
        #expect(headers.lowercased().contains("content-encoding: snappy") && headers.lowercased().contains("x-prometheus-remote-write-version: 0.1.0"))
        let proto = try Snappy.decompress(body)
        #expect(proto == RemoteWriteOutput.request([last], labels: ["testid": "t"]).encoded())
        #expect(output.report?.samplesSent == 1 && output.report?.samplesDropped == 0)
    }
}

/// Accepts one HTTP request on 127.0.0.1, answers 204, and keeps its headers and body.
final class OneShotReceiver: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var request: (String, [UInt8])?
    private let got = DispatchSemaphore(value: 0)

    init() throws {
        let listening = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listening, $0, length) } }
        guard bound == 0, listen(listening, 4) == 0 else { close(listening); throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listening, $0, &length) } }
        (fd, port) = (listening, Int(UInt16(bigEndian: address.sin_port)))
        Thread { [self] in serveOnce() }.start()
    }

    private func serveOnce() {
        let client = accept(fd, nil, nil)
        defer { close(client); close(fd) }
        var data = [UInt8](), buffer = [UInt8](repeating: 0, count: 65_536)
        var headerEnd: Int?, bodyLength = 0
        while true {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { break }
            data += buffer[0..<n]
            if headerEnd == nil, let end = data.indices.dropLast(3).first(where: { data[$0..<($0 + 4)] == [13, 10, 13, 10] }) {
                headerEnd = end + 4
                let head = String(decoding: data[..<end], as: UTF8.self).lowercased()
                if let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }) {
                    bodyLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let headerEnd, data.count >= headerEnd + bodyLength { break }
        }
        let reply = Array("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
        _ = reply.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if let headerEnd {
            lock.lock()
            request = (String(decoding: data[..<headerEnd], as: UTF8.self), Array(data[headerEnd...]))
            lock.unlock()
        }
        got.signal()
    }

    func received() -> (String, [UInt8])? {
        _ = got.wait(timeout: .now() + 5)
        lock.lock(); defer { lock.unlock() }
        return request
    }
}

import BenchCore
import Foundation
import Runner
@testable import Telemetry
import Testing

/// Snappy against its format description's own examples, the generated remote-write messages against protoc's
/// own encoding, and the output's bounded queue against a receiver that is down or up.
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

    /// `protoc --encode=prometheus.WriteRequest remote.proto` (libprotoc 3.21.12, protos/prompb, whose field numbers
    /// are those of prometheus/prometheus prompb/types.proto and remote.proto) of this text-format request:
    ///
    ///     timeseries { labels { name: "__name__" value: "k6_http_reqs_total" } labels { name: "status" value: "200" }
    ///                  labels { name: "testid" value: "t" }
    ///                  samples { value: 42 timestamp: 1700000000250 } samples { value: 57.5 timestamp: 1700000001250 } }
    ///     timeseries { labels { name: "__name__" value: "k6_vus" } samples { value: 0.125 timestamp: -1 } }
    static let golden: [UInt8] = [
        0x0a, 0x60, 0x0a, 0x1e, 0x0a, 0x08, 0x5f, 0x5f, 0x6e, 0x61, 0x6d, 0x65, 0x5f, 0x5f, 0x12, 0x12, 0x6b, 0x36, 0x5f, 0x68,
        0x74, 0x74, 0x70, 0x5f, 0x72, 0x65, 0x71, 0x73, 0x5f, 0x74, 0x6f, 0x74, 0x61, 0x6c, 0x0a, 0x0d, 0x0a, 0x06, 0x73, 0x74,
        0x61, 0x74, 0x75, 0x73, 0x12, 0x03, 0x32, 0x30, 0x30, 0x0a, 0x0b, 0x0a, 0x06, 0x74, 0x65, 0x73, 0x74, 0x69, 0x64, 0x12,
        0x01, 0x74, 0x12, 0x10, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x45, 0x40, 0x10, 0xfa, 0xd1, 0x95, 0xff, 0xbc, 0x31,
        0x12, 0x10, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x4c, 0x40, 0x10, 0xe2, 0xd9, 0x95, 0xff, 0xbc, 0x31, 0x0a, 0x2a,
        0x0a, 0x12, 0x0a, 0x08, 0x5f, 0x5f, 0x6e, 0x61, 0x6d, 0x65, 0x5f, 0x5f, 0x12, 0x06, 0x6b, 0x36, 0x5f, 0x76, 0x75, 0x73,
        0x12, 0x14, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x3f, 0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x01,
    ]

    @Test func theGeneratedMessagesDecodeAndEncodeProtocsBytes() throws {
        let request = try Prometheus_WriteRequest(serializedBytes: Self.golden)
        #expect(request.timeseries.count == 2)
        let reqs = try #require(request.timeseries.first)
        #expect(reqs.labels.map(\.name) == ["__name__", "status", "testid"])
        #expect(reqs.labels.map(\.value) == ["k6_http_reqs_total", "200", "t"])
        #expect(reqs.samples.map(\.value) == [42, 57.5] && reqs.samples.map(\.timestamp) == [1_700_000_000_250, 1_700_000_001_250])
        let vus = request.timeseries[1]
        #expect(vus.labels.map(\.name) == ["__name__"] && vus.labels.map(\.value) == ["k6_vus"])
        #expect(vus.samples.map(\.value) == [0.125] && vus.samples.map(\.timestamp) == [-1])
        #expect(try request.serializedBytes() == Self.golden)
    }

    @Test func batchesBecomeOneSeriesPerMetricInTimeOrderWithSortedLabels() throws {
        var first = LiveSample(time: Date(timeIntervalSince1970: 1_700_000_000.25)), second = LiveSample(time: Date(timeIntervalSince1970: 1_700_000_001.25))
        (first.totalRequests, second.totalRequests) = (42, 57)
        var endpoint = EndpointTotals()
        endpoint.requests = 42
        endpoint.statuses = [StatusCount(status: 200, count: 42)]
        first.endpoints = [endpoint]
        endpoint.statuses = [StatusCount(status: 200, count: 57)]
        second.endpoints = [endpoint]
        let request = RemoteWriteOutput.request([first, second], labels: ["testid": "t"],
                                                endpoints: [EndpointLabels(name: "show", method: "GET", group: "::browse")])
        let reqs = try #require(request.timeseries.first { $0.labels.first?.value == "k6_http_reqs_total" })
        #expect(reqs.labels.map(\.name) == ["__name__", "group", "method", "name", "status", "testid"])
        #expect(reqs.labels.map(\.value) == ["k6_http_reqs_total", "::browse", "GET", "show", "200", "t"])
        #expect(reqs.samples.map(\.value) == [42, 57] && reqs.samples.map(\.timestamp) == [1_700_000_000_250, 1_700_000_001_250])
        // One series per bucket of the histogram, its `le` among the labels.
        let buckets = request.timeseries.filter { $0.labels.first?.value == "k6_http_req_duration_seconds_bucket" }
        #expect(buckets.count == DurationBuckets.count)
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
        let sent = try Prometheus_WriteRequest(serializedBytes: try Snappy.decompress(body))
        #expect(sent == RemoteWriteOutput.request([last], labels: ["testid": "t"]))
        let reqs = sent.timeseries.first { $0.labels.contains { $0.name == "__name__" && $0.value == "k6_http_reqs_total" } }
        #expect(reqs?.samples.map(\.value) == [4_321])
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

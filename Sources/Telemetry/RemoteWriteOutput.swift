import BenchCore
import Foundation
import LoadEngine
import Runner
import SwiftProtobuf

/// `--out prometheus-rw=URL`: Prometheus remote write 1.0 (protobuf messages generated from prompb, snappy) every `pushIntervalSeconds`, the
/// series under k6's names. The run only ever appends to a bounded queue; one sender thread posts what is queued,
/// so a slow or unreachable receiver never slows the load: when the queue is full the oldest sample is dropped,
/// a failed post drops its samples, and both are counted (`report`, written to result.json).
public final class RemoteWriteOutput: LiveSink, @unchecked Sendable {  // queue and counts behind `lock`
    /// Samples (one a second) the queue holds: ten minutes of a receiver that is down.
    public static let capacity = 600
    /// How often the queue is sent (k6's default push interval is 5 s).
    public static let pushIntervalSeconds = 5.0
    /// How long one post may take (the last one included, after the run).
    public static let timeoutMillis = 2_000

    private let url: String
    private let labels: [String: String]
    private let endpoints: [EndpointLabels]
    private let lock = NSLock()
    private var queue: [LiveSample] = []
    private var sent = 0, dropped = 0
    private var lastError: String?
    private var stopping = false
    private let wake = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)

    /// Starts the sender for `url`; `labels` go on every series (`testid`, `scenario`), `endpoints` label the
    /// per-endpoint ones.
    public init(url: String, labels: [String: String], endpoints: [EndpointLabels] = []) {
        self.url = url
        self.labels = labels
        self.endpoints = endpoints
        Thread { [self] in senderLoop() }.start()
    }

    public func receive(_ sample: LiveSample) {
        lock.lock()
        if queue.count >= Self.capacity { queue.removeFirst(); dropped += 1 }
        queue.append(sample)
        lock.unlock()
    }

    /// Queues the final totals and waits for the last post (at most its timeout and a little more).
    public func finish(_ sample: LiveSample) {
        receive(sample)
        lock.lock(); stopping = true; lock.unlock()
        wake.signal()
        if done.wait(timeout: .now() + .milliseconds(Self.timeoutMillis + 1_500)) == .timedOut {
            lock.lock(); dropped += queue.count; queue.removeAll(); lastError = lastError ?? "the last send timed out"; lock.unlock()
        }
    }

    public var report: LiveOutputReport? {
        lock.lock(); defer { lock.unlock() }
        return LiveOutputReport(kind: "prometheus-rw", destination: URLRedaction.redact(url), samplesSent: sent,
                                samplesDropped: dropped, lastError: lastError)
    }

    private func senderLoop() {
        while true {
            _ = wake.wait(timeout: .now() + Self.pushIntervalSeconds)
            lock.lock()
            let batch = queue, last = stopping
            queue.removeAll()
            lock.unlock()
            if !batch.isEmpty { post(batch) }
            if last {
                lock.lock(); let empty = queue.isEmpty; lock.unlock()
                if empty { done.signal(); return }
            }
        }
    }

    private func post(_ batch: [LiveSample]) {
        // Encoding a message of plain fields cannot fail; were it to, the batch is dropped and counted like a failed post.
        guard let proto: [UInt8] = try? Self.request(batch, labels: labels, endpoints: endpoints).serializedBytes() else {
            lock.lock(); dropped += batch.count; lastError = "the write request could not be encoded"; lock.unlock()
            return
        }
        let body = Snappy.compress(proto)
        let outcome = SimpleFetch.request(url, method: "POST", headers: [
            "Content-Encoding: snappy", "Content-Type: application/x-protobuf",
            "X-Prometheus-Remote-Write-Version: 0.1.0", "User-Agent: crmbench/\(BenchCore.toolVersion)",
        ], body: body, timeoutMillis: Self.timeoutMillis)
        lock.lock(); defer { lock.unlock() }
        switch outcome {
        case .success(let response) where (200..<300).contains(response.status):
            sent += batch.count
        case .success(let response):
            dropped += batch.count
            lastError = "HTTP \(response.status): \(response.text.prefix(200))"
        case .failure(let failure):
            dropped += batch.count
            lastError = failure.message
        }
    }

    /// The samples as series: one per series of `PrometheusSeries` (metric, trend statistic, endpoint, status,
    /// bucket), a sample per second, in time order; labels sorted by name, as the specification requires.
    static func request(_ batch: [LiveSample], labels: [String: String], endpoints: [EndpointLabels] = []) -> Prometheus_WriteRequest {
        var order: [String] = []
        var series: [String: Prometheus_TimeSeries] = [:]
        for sample in batch {
            let millis = Int64((sample.time.timeIntervalSince1970 * 1_000).rounded())
            for item in PrometheusSeries.of(sample, labels: labels, endpoints: endpoints) {
                let all = item.labels.merging(["__name__": item.name]) { $1 }
                let names = all.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
                let key = names.map { "\($0)\u{0}\(all[$0] ?? "")" }.joined(separator: "\u{1}")
                if series[key] == nil {
                    order.append(key)
                    series[key] = Prometheus_TimeSeries.with { timeSeries in
                        timeSeries.labels = names.map { name in Prometheus_Label.with { $0.name = name; $0.value = all[name] ?? "" } }
                    }
                }
                if let previous = series[key]?.samples.last, previous.timestamp >= millis { continue }
                series[key]?.samples.append(Prometheus_Sample.with { $0.value = item.value; $0.timestamp = millis })
            }
        }
        return Prometheus_WriteRequest.with { $0.timeseries = order.compactMap { series[$0] } }
    }
}

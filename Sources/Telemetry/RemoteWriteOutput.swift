import BenchCore
import Foundation
import LoadEngine
import Runner

/// `--out prometheus-rw=URL`: Prometheus remote write 1.0 (protobuf, snappy) every `pushIntervalSeconds`, the
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
    private let lock = NSLock()
    private var queue: [LiveSample] = []
    private var sent = 0, dropped = 0
    private var lastError: String?
    private var stopping = false
    private let wake = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)

    /// Starts the sender for `url`; `labels` go on every series (`testid`, `scenario`).
    public init(url: String, labels: [String: String]) {
        self.url = url
        self.labels = labels
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
        let body = Snappy.compress(Self.request(batch, labels: labels).encoded())
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

    /// The samples as series: one per metric (and trend statistic), a sample per second, in time order.
    static func request(_ batch: [LiveSample], labels: [String: String]) -> RemoteWriteRequest {
        var order: [String] = []
        var series: [String: RemoteWriteRequest.Series] = [:]
        for sample in batch {
            let millis = Int64((sample.time.timeIntervalSince1970 * 1_000).rounded())
            for metric in K6Metric.series(of: sample) {
                let name = metric.prometheusName
                if series[name] == nil {
                    order.append(name)
                    series[name] = .init(labels: labels.merging(["__name__": name]) { $1 }, samples: [])
                }
                if let previous = series[name]?.samples.last, previous.timestampMillis >= millis { continue }
                series[name]?.samples.append((metric.prometheusValue, millis))
            }
        }
        return RemoteWriteRequest(series: order.compactMap { series[$0] })
    }
}

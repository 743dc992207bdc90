import BenchCore
import Foundation
import LoadEngine

/// Feeds live sinks once a second from the run's progress snapshots (as the progress panel reads them), keeping
/// totals across the levels of a sweep: each level's engines count from zero, so a level's last totals are added to
/// a base when the next one starts.
public final class LiveFeed: @unchecked Sendable {  // state touched only on `queue`
    private let queue = DispatchQueue(label: "crmbench.live")
    private let timer: DispatchSourceTimer
    private let snapshot: () -> ProgressSnapshot?
    private let sinks: [LiveSink]
    private var base = LiveSample(time: Date()), last = LiveSample(time: Date()), sent = LiveSample(time: Date())
    private var lastSecond: Int?
    private var finished = false

    /// Starts feeding `sinks` every second from `snapshot` (nil between levels: nothing is sent then).
    public init(sinks: [LiveSink], snapshot: @escaping () -> ProgressSnapshot?) {
        self.sinks = sinks
        self.snapshot = snapshot
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .seconds(1), repeating: .seconds(1))
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.resume()
    }

    private func tick() {
        guard !finished, let figures = snapshot() else { return }
        var sample = LiveSample(time: Date())
        sample.totalRequests = figures.totalRequests
        sample.totalErrors = figures.totalHTTPErrors
        sample.totalIterations = figures.live.iterations
        sample.checksPassed = figures.live.checksPassed
        sample.checksFailed = figures.live.checksFailed
        if sample.totalRequests < last.totalRequests || sample.totalIterations < last.totalIterations {
            base = sent  // a new level: its engines count from zero, on top of the totals so far
            lastSecond = nil
        }
        sample.totalRequests &+= base.totalRequests
        sample.totalErrors &+= base.totalErrors
        sample.totalIterations &+= base.totalIterations
        sample.checksPassed &+= base.checksPassed
        sample.checksFailed &+= base.checksFailed
        // The level's own counts, before the base is added, are what the next tick compares with.
        last = LiveSample(time: sample.time)
        (last.totalRequests, last.totalErrors, last.totalIterations) = (figures.totalRequests, figures.totalHTTPErrors, figures.live.iterations)
        (last.checksPassed, last.checksFailed) = (figures.live.checksPassed, figures.live.checksFailed)
        last.endpoints = figures.endpointTotals
        sample.endpoints = EndpointTotals.merged([base.endpoints, figures.endpointTotals])
        sample.activeVirtualUsers = figures.live.activeVirtualUsers
        if let point = figures.latest, point.second != lastSecond {
            sample.second = point
            lastSecond = point.second
        }
        sent = sample
        for sink in sinks { sink.receive(sample) }
    }

    /// Stops the ticks and hands every sink the final totals (the result's when there is one); returns what the
    /// sinks report of their delivery. Safe to call more than once.
    @discardableResult
    public func stop(result: RunResult?) -> [LiveOutputReport] {
        timer.cancel()
        return queue.sync {
            guard !finished else { return sinks.compactMap(\.report) }
            // The level's last seconds, finished as the engines stopped, before the final totals.
            tick()
            finished = true
            var sample = LiveSample(time: Date())
            sample.final = true
            sample.endpoints = sent.endpoints
            if let result {
                sample.totalRequests = result.summary.overall.requests
                sample.totalErrors = result.summary.overall.errors
                sample.totalIterations = (result.scenario?.flows ?? []).reduce(0) { $0 + $1.iterations }
                let checks = result.scenario?.checks ?? []
                (sample.checksPassed, sample.checksFailed) = (checks.reduce(0) { $0 + $1.passes }, checks.reduce(0) { $0 + $1.fails })
            } else {
                sample = sent  // no result (the run failed): the last totals sent
                sample.final = true
                sample.second = nil
            }
            for sink in sinks { sink.finish(sample) }
            return sinks.compactMap(\.report)
        }
    }
}

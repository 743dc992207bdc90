import BenchCore
import Foundation

/// The live figures of a run, once a second: totals since the run began (over every level of a sweep) and the
/// last complete second. What live outputs (JSON lines, Prometheus) are fed.
public struct LiveSample: Sendable {
    /// When the sample was taken.
    public var time: Date
    /// Requests, failed requests (below HTTP or status ≥ 400), iterations, checks passed and failed since the start.
    public var totalRequests: UInt64 = 0
    public var totalErrors: UInt64 = 0
    public var totalIterations: UInt64 = 0
    public var checksPassed: UInt64 = 0
    public var checksFailed: UInt64 = 0
    /// Virtual users in an iteration now.
    public var activeVirtualUsers = 0
    /// Per endpoint index, since the start: requests by status and the duration histogram (empty when the engines
    /// do not keep them, as for a distributed run's coordinator).
    public var endpoints: [EndpointTotals] = []
    /// The last complete second of the level under way (requests, errors, percentiles); nil when none is new.
    public var second: TimeSeriesPoint?
    /// True for the last sample, whose totals are the result's.
    public var final = false

    /// A sample at `time` with zero figures.
    public init(time: Date) { self.time = time }
}

/// A live output: hears a sample each second while the run goes, then the final one. Called on one queue, one at
/// a time; an output must not block (a slow destination queues or drops on its own).
public protocol LiveSink: AnyObject {
    /// One second's sample.
    func receive(_ sample: LiveSample)
    /// The run ended; `sample` holds the result's totals. Flush and close.
    func finish(_ sample: LiveSample)
    /// What it delivered and dropped, for result.json (after `finish`).
    var report: LiveOutputReport? { get }
}

extension LiveSink {
    /// Nothing to report by default.
    public var report: LiveOutputReport? { nil }
}

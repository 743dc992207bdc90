import ArgumentParser
import Foundation
import Runner
import Telemetry

/// `--metrics-listen`, and the live outputs among the `--out` values (`json=FILE`), for run, sweep and find-max.
struct LiveOptions: ParsableArguments {
    @Option(help: "Serve live metrics (k6 names) as Prometheus text at http://HOST:PORT/metrics while the run goes.")
    var metricsListen: String?

    /// The run folder among the `--out` values (the one without a live-output `KIND=`).
    static func folder(_ out: [String]) -> String? { LiveOutputs.split(out).folders.first }

    func check(out: [String]) throws {
        if let problem = LiveOutputs.problems(out: out, listen: metricsListen).first { throw ValidationError(problem) }
    }

    /// Stops the feed as the result is written, so its final totals are the result's and result.json says what the
    /// outputs dropped.
    static func attach(_ feed: LiveFeed?, to plan: inout RunPlan) {
        guard let feed else { return }
        plan.beforeWrite = { result in
            let reports = feed.stop(result: result)
            result.liveOutputs = reports.isEmpty ? nil : reports
        }
    }

    /// Opens the live outputs before any load; a listen address in use exits 69. With any output the engines keep
    /// per-endpoint totals (requests by status, the duration histogram) for them.
    func start(out: [String], folder: String, source: SourceInfo, lifecycle: RunLifecycle) throws -> LiveFeed? {
        let labels = ["testid": (folder as NSString).lastPathComponent, "scenario": source.name]
        do {
            let feed = try LiveOutputs.start(out: out, listen: metricsListen, labels: labels, endpoints: EndpointLabels.of(source)) {
                lifecycle.liveSnapshot()
            }
            lifecycle.keepsEndpointTotals = feed != nil
            return feed
        } catch let failure as MetricsListener.Unavailable {
            Terminal.error(failure.description)
            throw ExitCodes.unavailable
        }
    }
}

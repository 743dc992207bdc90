extension ThresholdLookup {
    /// The figures of a result read back (a distributed run's merge): its exact histograms and its scenario counts,
    /// so thresholds are judged on the whole fleet's data, not agent by agent.
    public init(result: RunResult) throws {
        let overall = try ResultMerger.metrics(summary: result.summary.overall, histograms: result.histograms.overall)
        let endpoints = try zip(result.summary.endpoints, result.histograms.endpoints).map(ResultMerger.metrics)
        self.init(overall: overall, endpoints: endpoints, tally: try result.scenario.map(ScenarioTally.init(results:)),
                  durationSeconds: result.meta.durationSeconds)
    }
}

extension ScenarioTally {
    /// The counts a result recorded: flows and groups with their duration histograms, and the checks.
    public init(results: ScenarioResults) throws {
        self.init(checkCount: results.checks.count)
        for flow in results.flows {
            var transaction = Transaction()
            transaction.duration = try LatencyHistogram(sparse: flow.histogram)
            transaction.failed = flow.failed
            transaction.succeeded = flow.iterations - min(flow.iterations, flow.failed)
            transaction.interrupted = flow.interrupted
            flows[flow.name] = transaction
        }
        for group in results.groups {
            var transaction = Transaction()
            transaction.duration = try LatencyHistogram(sparse: group.histogram)
            (transaction.succeeded, transaction.failed, transaction.interrupted) = (group.iterations, group.failed, group.interrupted)
            groups[group.name] = transaction
        }
        for (id, check) in results.checks.enumerated() {
            (checkPasses[id], checkFails[id], checkNotRun[id]) = (check.passes, check.fails, check.notRun)
        }
    }
}

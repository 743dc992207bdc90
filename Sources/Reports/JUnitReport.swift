import BenchCore

/// `junit.xml`: the run as a JUnit test suite, for CI systems that show test results.
///
/// Its verdict is `RunVerdict`, the same decision the CLI's exit code comes from: the suite fails exactly when
/// the exit code is not 0. One test case per threshold (and, for find-max, one for the SLO), failed when it
/// failed. A case "run completed" is added when there is nothing else to report, and whenever the run itself
/// did not pass (partial, nothing received, a feeder ran out). Generator-health warnings are written into the
/// cases' output: they flag the run in the summary but do not change the exit code.
public enum JUnitReport {
    /// The JUnit XML of a result.
    public static func render(_ result: RunResult) -> String {
        let verdict = RunVerdict(result)
        var cases: [(name: String, failure: String?, detail: String)] = []
        for t in result.thresholdRecords {
            let outcome = ThresholdText.outcome(t)
            cases.append((t.label, t.passed ? nil : "threshold failed: \(outcome)", outcome))
        }
        if let sweep = result.sweep, let slo = sweep.slo {
            let found = sweep.maxRatePerSecond.map { "highest rate meeting the SLO: \(NumberText.short($0))/s" }
            cases.append((slo, found == nil ? "no probed rate met \(slo)" : nil, found ?? "no probed rate met \(slo)"))
        }
        let o = result.summary.overall
        var completed = "\(o.requests) requests, \(NumberText.short(o.requestsPerSecond)) req/s, error rate \(NumberText.percent(o.errorRate)), "
            + "p99 \(DurationText.format(micros: o.latencyMicros.p99))"
        completed += HealthText.junitDetail(result.generator)
        let runFailure: String?
        switch verdict {
        case .passed, .thresholdsFailed: runFailure = nil
        case .abortedOnThreshold, .feederExhausted, .interrupted, .nothingReceived: runFailure = verdict.problem
        }
        if cases.isEmpty || runFailure != nil { cases.append(("run completed", runFailure, completed)) }
        let failures = cases.filter { $0.failure != nil }.count
        let name = Markup.escapeXML("crmbench: " + result.meta.name)
        let time = NumberText.fixed(result.meta.durationSeconds, 3)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"crmbench\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" time=\"\(time)\">\n"
        out += "  <testsuite name=\"\(name)\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\" "
            + "time=\"\(time)\" timestamp=\"\(Markup.escapeXML(result.meta.startTime))\">\n"
        for c in cases {
            let classname = c.name == "run completed" ? "crmbench.run" : "crmbench.thresholds"
            out += "    <testcase classname=\"\(classname)\" name=\"\(Markup.escapeXML(c.name))\" time=\"\(time)\">"
            if let failure = c.failure {
                out += "\n      <failure message=\"\(Markup.escapeXML(failure + FailureCausesText.topCauseSuffix(result.failures)))\" type=\"\(classname == "crmbench.run" ? "RunInvalid" : "ThresholdFailed")\">"
                    + "\(Markup.escapeXML(c.detail))</failure>\n    "
            } else {
                out += "<system-out>\(Markup.escapeXML(c.detail))</system-out>"
            }
            out += "</testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }
}

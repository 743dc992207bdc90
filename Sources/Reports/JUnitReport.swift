import BenchCore

/// `junit.xml`: the run as a JUnit test suite, for CI systems that show test results.
///
/// One test case per threshold, failed when the threshold failed. A run without thresholds gets a single test
/// case, "run completed", which fails when the run is partial or its generator was not healthy: such a run did
/// not measure what it was meant to, and a CI job should not pass silently on it. A run with thresholds gets only
/// its thresholds (one case each), as the thresholds are the run's declared pass criteria; a partial run is still
/// reported by the CLI's exit code (98).
public enum JUnitReport {
    /// The JUnit XML of a result.
    public static func render(_ result: RunResult) -> String {
        var cases: [(name: String, failure: String?, detail: String)] = []
        for t in result.scenario?.thresholds ?? [] {
            let observed = t.observed.map { " (observed \(NumberText.short($0)))" } ?? ""
            cases.append((t.expression, t.passed ? nil : "threshold failed: \(t.detail)\(observed)", t.detail))
        }
        var problems: [String] = []
        if result.partial { problems.append("partial run: \(result.partialReason ?? "stopped early")") }
        if !result.generator.measuringTarget {
            problems.append("the load generator was the limit: " + result.generator.warnings.joined(separator: "; "))
        }
        let o = result.summary.overall
        let completed = "\(o.requests) requests, \(NumberText.short(o.requestsPerSecond)) req/s, error rate \(NumberText.percent(o.errorRate)), "
            + "p99 \(DurationText.format(micros: o.latencyMicros.p99))"
        if cases.isEmpty { cases.append(("run completed", problems.isEmpty ? nil : problems.joined(separator: "; "), completed)) }
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
                out += "\n      <failure message=\"\(Markup.escapeXML(failure))\" type=\"\(classname == "crmbench.run" ? "RunInvalid" : "ThresholdFailed")\">"
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

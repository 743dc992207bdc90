import BenchCore

extension HTMLReport {
    /// "Failures": one table of causes, most frequent first, then each cause with its samples (request, status,
    /// headers, expected/actual, the body in a <pre>); everything escaped, secrets already redacted.
    static func failureSection(_ failures: FailureCauses?) -> String {
        guard let failures, failures.total > 0 else { return "" }
        var table = HTMLTable(headers: ["step", "kind", "status", "count", "cause"], numericFrom: 2)
        table.numericColumns = [2, 3]
        for cause in failures.causes {
            table.add([.text(cause.step, cssClass: "name"), .text(cause.kind.rawValue),
                       .number(cause.status == 0 ? "none" : String(cause.status)), .number(FailureCausesText.count(cause.count)),
                       .text(FailureCausesText.headline(cause))])
        }
        var out = "<section id=\"failures\"><h2>Failures</h2>\n"
        out += "<p class=\"sub\">\(FailureCausesText.count(failures.total)) failed request(s), by step, kind and status; "
            + "up to \(FailureTally.maxSamples) samples each (the first \(FailureTally.maxBodyBytes / 1_024) KiB of the body, secrets redacted).</p>\n"
        out += table.html()
        for line in FailureCausesText.rest(failures) { out += "<p class=\"sub\">\(Markup.escape(line))</p>\n" }
        for cause in failures.causes where !cause.samples.isEmpty {
            out += "<details><summary>\(Markup.escape(FailureCausesText.headline(cause)))</summary>\n"
            for sample in cause.samples { out += sampleHTML(sample) }
            out += "</details>\n"
        }
        return out + "</section>\n"
    }

    static func sampleHTML(_ sample: FailureSample) -> String {
        var rows: [(String, String)] = [
            ("at", NumberText.fixed(sample.secondsSinceStart, 3) + " s"),
            ("request", "\(sample.method) \(sample.url)"),
            ("status", sample.status == 0 ? "none" : String(sample.status)),
            ("reason", sample.reason),
        ]
        if let expected = sample.expected { rows.append(("expected", expected)) }
        if let actual = sample.actual { rows.append(("actual", actual)) }
        if let extraction = sample.extraction { rows.append(("extraction", extraction)) }
        var table = HTMLTable(headers: ["", ""], numericFrom: 2)
        table.narrow = true
        for (name, value) in rows { table.add([.text(name), .text(value)]) }
        var out = "<div class=\"sample\">" + table.html()
        if !sample.headers.isEmpty { out += "<pre>\(Markup.escape(sample.headers.joined(separator: "\n")))</pre>\n" }
        if !sample.body.isEmpty {
            out += "<pre>\(Markup.escape(sample.body))\(sample.bodyTruncated ? "\n… (cut at \(FailureTally.maxBodyBytes) bytes)" : "")</pre>\n"
        }
        return out + "</div>\n"
    }
}

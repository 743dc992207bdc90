import BenchCore

extension HTMLReport {
    /// The Data-quality section: the audit's findings, counts and rates, with their samples.
    static func dataQualitySection(_ data: DataQualityResult) -> String {
        var table = HTMLTable(headers: ["finding", "count", "rate", "samples"], numericFrom: 1)
        table.numericColumns = [1, 2]
        let rows: [(String, DataQualityResult.Finding)] = [
            ("lost (acknowledged, then 404)", data.lost), ("mutated (a field differs)", data.mutated),
            ("duplicated (natural key stored twice)", data.duplicated), ("orphaned (parent gone)", data.orphaned),
            ("unacknowledged but stored", data.unacknowledgedPresent),
        ]
        for (name, finding) in rows {
            table.add([.text(name, cssClass: "name"), .number(String(finding.count), cssClass: finding.count > 0 ? "bad" : nil),
                       .number(NumberText.percent(finding.rate)), .text(finding.samples.joined(separator: "; "))])
        }
        var out = "<section><h2>Data quality</h2>\n<p class=\"sub\">" + Markup.escape(
            "\(data.checked) records read back of \(data.acknowledged) acknowledged writes; \(data.unacknowledged) "
                + "unacknowledged; audit \(NumberText.short(data.readsPerSecond)) reads/s.") + "</p>\n"
        out += table.html()
        for problem in data.problems { out += "<p class=\"bad\">" + Markup.escape(problem) + "</p>\n" }
        return out + "</section>\n"
    }
}

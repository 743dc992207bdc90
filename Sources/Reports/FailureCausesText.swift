import BenchCore

/// The failure causes of a run as text: one line per cause, most frequent first, for the terminal summary,
/// `summary.md` and the JUnit failure message.
///
/// `403 on 'create contact' ×1,204: {"detail":"Organization context is required"}`
enum FailureCausesText {
    /// How wide a cause's line may get.
    static let lineWidth = 160
    /// How many causes the summaries show.
    static let shown = 5

    /// The terminal lines: a heading and the top causes (empty when nothing failed).
    static func lines(_ failures: FailureCauses?) -> [String] {
        guard let failures, failures.total > 0 else { return [] }
        var out = ["", "failures      \(count(failures.total)) (top causes; samples in result.json and report.html)"]
        out += failures.causes.prefix(shown).map { "  " + headline($0, width: lineWidth - 2) }
        out += rest(failures).map { "  " + $0 }
        return out
    }

    /// The Markdown list of the top causes (empty when nothing failed).
    static func markdown(_ failures: FailureCauses?) -> String {
        guard let failures, failures.total > 0 else { return "" }
        var out = "\n**Failures** (\(count(failures.total)))\n\n"
        for cause in failures.causes.prefix(shown) { out += "- `" + headline(cause).replacingOccurrences(of: "`", with: "'") + "`\n" }
        for line in rest(failures) { out += "- \(Markup.escapeMarkdown(line))\n" }
        return out
    }

    /// "; top failure: <cause>" for a failure message, or "" when nothing failed.
    static func topCauseSuffix(_ failures: FailureCauses?) -> String {
        guard let top = failures?.causes.first else { return "" }
        return "; top failure: " + headline(top)
    }

    /// What the lines leave out: further causes, and failures beyond the distinct causes kept.
    static func rest(_ failures: FailureCauses) -> [String] {
        var out: [String] = []
        let hidden = failures.causes.dropFirst(shown)
        if !hidden.isEmpty {
            out.append("… \(hidden.count) more cause(s), \(count(hidden.reduce(0) { $0 + $1.count })) failure(s)")
        }
        if failures.otherCount > 0 {
            out.append("… \(count(failures.otherCount)) failure(s) of other causes (more than \(FailureTally.maxCauses) distinct)")
        }
        return out
    }

    /// One cause on one line: what, where, how often, then the evidence (a body, expected/actual, a reason).
    static func headline(_ cause: FailureCause, width: Int = lineWidth) -> String {
        let sample = cause.samples.first
        let what: String, evidence: String
        switch cause.kind {
        case .status:
            what = "\(cause.status)"
            let body = sample.map(\.body) ?? ""
            evidence = body.isEmpty ? cause.reason : body
        case .check:
            // Check names start with their step's name ("create order: status is 201"): said once is enough.
            let prefix = cause.step + ": "
            what = "check '\(cause.detail.hasPrefix(prefix) ? String(cause.detail.dropFirst(prefix.count)) : cause.detail)'"
            if let sample, sample.expected != nil || sample.actual != nil {
                evidence = "expected \(sample.expected ?? "-"), got \(sample.actual ?? "-")"
            } else {
                evidence = cause.reason
            }
        case .extraction:
            what = "extraction \(cause.detail)"
            evidence = cause.reason
        case .transport:
            what = cause.detail.isEmpty ? "transport error" : cause.detail
            evidence = cause.reason
        case .refused:
            what = "refused"
            evidence = cause.reason
        }
        return squeeze("\(what) on '\(cause.step)' ×\(count(cause.count)): \(evidence)", width: width)
    }

    /// The text on one line: runs of white space become one space; cut with "…" past `width` characters.
    static func squeeze(_ text: String, width: Int) -> String {
        var out = ""
        var lastWasSpace = false
        for character in text {
            if character.isWhitespace || character.isNewline {
                if !lastWasSpace && !out.isEmpty { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(character)
                lastWasSpace = false
            }
            if out.count > width { return String(out.prefix(width - 1)) + "…" }
        }
        return lastWasSpace ? String(out.dropLast()) : out
    }

    /// A count with thousands separators: 1,204.
    static func count(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}

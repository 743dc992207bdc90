import BenchCore
import Foundation

/// The output formats of `crmbench compare`.
public enum ComparisonFormat: String, CaseIterable, Sendable {
    case text, md, json, html
}

/// The entry point for rendering comparisons. Pure: text in, text out.
public enum ComparisonReport {
    /// The comparisons of each candidate with the baseline in `format`. `runs` (baseline first, then the
    /// candidates) is only used by the HTML, to overlay the runs' charts.
    public static func render(_ comparisons: [RunComparison], runs: [RunResult], format: ComparisonFormat) -> String {
        switch format {
        case .text: return ComparisonText.render(comparisons)
        case .md: return ComparisonText.markdown(comparisons)
        case .json: return json(comparisons)
        case .html: return ComparisonHTML.render(comparisons, runs: runs)
        }
    }

    /// The comparisons as JSON (sorted keys, stable): `{"comparisons": [...]}`. Infinite values are written as
    /// the strings "inf" and "-inf".
    public static func json(_ comparisons: [RunComparison]) -> String {
        struct Document: Encodable {
            var schemaVersion = 1
            var comparisons: [RunComparison]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(Document(comparisons: comparisons)) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

import Foundation

/// Reads a chart back out of a report's HTML, for tests: its shaded bands, its band labels and the x coordinates of
/// each line, in SVG pixels.
public struct ChartProbe {
    /// One shaded band: its left edge and width, its tooltip.
    public struct Band: Equatable {
        public var x: Double
        public var width: Double
        public var title: String
    }

    public let html: String
    public let bands: [Band]
    public let labels: [String]
    /// Per line (`<path class="line…">`), the x coordinate of every point.
    public let lineXs: [[Double]]

    /// The chart `<figure id="ID">` of `page`; nil when the page has none.
    public init?(_ page: String, id: String) {
        guard let start = page.range(of: "<figure class=\"chart\" id=\"\(id)\">"),
              let end = page.range(of: "</figure>", range: start.upperBound..<page.endIndex) else { return nil }
        html = String(page[start.lowerBound..<end.upperBound])
        bands = Self.matches(#"<rect class="band[^"]*" x="([-0-9.]+)" y="[-0-9.]+" width="([-0-9.]+)"[^>]*><title>([^<]*)</title>"#, html)
            .map { Band(x: Double($0[0]) ?? .nan, width: Double($0[1]) ?? .nan, title: $0[2]) }
        labels = Self.matches(#"<text class="band-label"[^>]*>([^<]*)</text>"#, html).map { $0[0] }
        lineXs = Self.matches(#"<path class="line[^"]*" stroke="[^"]*" d="([^"]*)""#, html).map { groups in
            Self.matches(#"[ML]([-0-9.]+) "#, groups[0]).compactMap { Double($0[0]) }
        }
    }

    /// The capture groups of every match of `pattern` in `text`.
    static func matches(_ pattern: String, _ text: String) -> [[String]] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (1..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
        }
    }
}

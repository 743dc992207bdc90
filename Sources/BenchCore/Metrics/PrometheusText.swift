import Foundation

/// Reads the Prometheus text exposition format (the target's `/metrics`) into samples.
///
/// Only what capacity planning needs: metric name, labels, value. Comments, HELP/TYPE lines and timestamps are
/// skipped; a malformed line is skipped and counted rather than failing the scrape.
public struct PrometheusText: Sendable, Equatable {
    /// One sample line.
    public struct Sample: Sendable, Equatable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    public private(set) var samples: [Sample] = []
    /// Lines that could not be read.
    public private(set) var malformedLines = 0

    /// Parses exposition text.
    public init(_ text: String) {
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if let sample = Self.parse(line) { samples.append(sample) } else { malformedLines += 1 }
        }
    }

    /// The sum of every sample of `name` whose labels include `matching`.
    public func sum(_ name: String, matching: [String: String] = [:]) -> Double? {
        let values = samples.filter { sample in sample.name == name && matching.allSatisfy { sample.labels[$0.key] == $0.value } }
        return values.isEmpty ? nil : values.reduce(0) { $0 + $1.value }
    }

    /// Names of all metrics present.
    public var names: Set<String> { Set(samples.map(\.name)) }

    private static func parse(_ line: Substring) -> Sample? {
        var name = ""
        var labels: [String: String] = [:]
        var rest: Substring
        if let brace = line.firstIndex(of: "{") {
            name = String(line[..<brace])
            guard let close = line.lastIndex(of: "}"), close > brace else { return nil }
            labels = parseLabels(line[line.index(after: brace)..<close])
            rest = line[line.index(after: close)...]
        } else {
            guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return nil }
            name = String(line[..<space])
            rest = line[space...]
        }
        let fields = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard !name.isEmpty, let first = fields.first else { return nil }
        let value: Double?
        switch first {
        case "+Inf": value = .infinity
        case "-Inf": value = -.infinity
        case "NaN": value = .nan
        default: value = Double(first)
        }
        guard let value else { return nil }
        return Sample(name: name, labels: labels, value: value)
    }

    private static func parseLabels(_ text: Substring) -> [String: String] {
        var labels: [String: String] = [:]
        var index = text.startIndex
        while index < text.endIndex {
            guard let equals = text[index...].firstIndex(of: "=") else { break }
            let key = text[index..<equals].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
            var cursor = text.index(after: equals)
            guard cursor < text.endIndex, text[cursor] == "\"" else { break }
            cursor = text.index(after: cursor)
            var value = ""
            while cursor < text.endIndex, text[cursor] != "\"" {
                if text[cursor] == "\\", text.index(after: cursor) < text.endIndex {
                    cursor = text.index(after: cursor)
                    value.append(text[cursor] == "n" ? "\n" : text[cursor])
                } else {
                    value.append(text[cursor])
                }
                cursor = text.index(after: cursor)
            }
            labels[key] = value
            index = cursor < text.endIndex ? text.index(after: cursor) : cursor
        }
        return labels
    }
}

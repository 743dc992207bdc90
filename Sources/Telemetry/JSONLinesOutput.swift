import Foundation
import Runner

/// `--out json=FILE`: k6's JSON output shape (grafana.com/docs/k6/latest/results-output/real-time/json): a
/// `Metric` line declaring each metric once, then a `Point` line per second per series, each written straight
/// to the file (one `write` per second, no buffering), so `tail -f` shows the run as it goes.
public final class JSONLinesOutput: LiveSink {
    private let handle: FileHandle
    private let tags: [String: String]
    private var declared: Set<String> = []

    /// Creates (truncates) `path`; `tags` go on every point (k6's `testid`, `scenario`).
    public init(path: String, tags: [String: String]) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw RunnerError("--out json=\(path): cannot create the file", kind: .cannotCreateOutput)
        }
        self.handle = handle
        self.tags = tags
    }

    public func receive(_ sample: LiveSample) { write(sample) }

    public func finish(_ sample: LiveSample) {
        write(sample)
        try? handle.synchronize()
        try? handle.close()
    }

    /// The lines of one sample (a declaration before a metric's first point).
    func lines(_ sample: LiveSample) -> [String] {
        let time = Self.timestamp(sample.time)
        var out: [String] = []
        for metric in K6Metric.series(of: sample) {
            if !declared.contains(metric.name) {
                declared.insert(metric.name)
                let contains = metric.kind == .trend ? "time" : "default"
                out.append(#"{"type":"Metric","data":{"type":"\#(metric.kind.rawValue)","contains":"\#(contains)","tainted":null,"thresholds":[],"submetrics":null},"metric":"\#(metric.name)"}"#)
            }
            var pointTags = tags
            if let stat = metric.stat { pointTags["stat"] = stat }
            let tagText = pointTags.keys.sorted().map { "\(Self.quote($0)):\(Self.quote(pointTags[$0] ?? ""))" }.joined(separator: ",")
            out.append(#"{"type":"Point","data":{"time":"\#(time)","value":\#(Self.number(metric.value)),"tags":{\#(tagText)}},"metric":"\#(metric.name)"}"#)
        }
        return out
    }

    private func write(_ sample: LiveSample) {
        let text = lines(sample).map { $0 + "\n" }.joined()
        try? handle.write(contentsOf: Data(text.utf8))
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

import Runner

/// The Prometheus text exposition format (version 0.0.4; prometheus.io/docs/instrumenting/exposition_formats) of
/// a live sample: `# TYPE` per family, one line per series, label values escaped.
public enum PrometheusText {
    /// The page `--metrics-listen` serves.
    public static func render(_ sample: LiveSample, labels: [String: String]) -> String {
        let labelText = labels.keys.sorted().map { "\($0)=\"\(escape(labels[$0] ?? ""))\"" }.joined(separator: ",")
        var out = ""
        for metric in K6Metric.series(of: sample) {
            let type = metric.kind == .counter ? "counter" : "gauge"
            out += "# TYPE \(metric.prometheusName) \(type)\n"
            out += "\(metric.prometheusName){\(labelText)} \(JSONLinesOutput.number(metric.prometheusValue))\n"
        }
        return out
    }

    /// A label value with `\`, `"` and newlines escaped, as the format asks.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}

import Runner

/// The Prometheus text exposition format (version 0.0.4; prometheus.io/docs/instrumenting/exposition_formats) of
/// a live sample: `# TYPE` once per family, one line per series, label values escaped.
public enum PrometheusText {
    /// The page `--metrics-listen` serves.
    public static func render(_ sample: LiveSample, labels: [String: String], endpoints: [EndpointLabels] = []) -> String {
        var out = ""
        var typed: Set<String> = []
        for series in PrometheusSeries.of(sample, labels: labels, endpoints: endpoints) {
            if typed.insert(series.family).inserted { out += "# TYPE \(series.family) \(series.type)\n" }
            let labelText = series.labels.keys.sorted().map { "\($0)=\"\(escape(series.labels[$0] ?? ""))\"" }.joined(separator: ",")
            out += "\(series.name){\(labelText)} \(JSONLinesOutput.number(series.value))\n"
        }
        return out
    }

    /// A label value with `\`, `"` and newlines escaped, as the format asks.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}

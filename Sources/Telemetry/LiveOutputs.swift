import Foundation
import LoadEngine
import Runner

/// The live outputs of a run, from the command line: `--out KIND=DESTINATION` (repeatable) and `--metrics-listen`.
public enum LiveOutputs {
    /// The kinds `--out` takes besides a run folder.
    public static let kinds = ["json", "prometheus-rw"]

    /// Splits `--out` values into the run folder (a value without a known `KIND=`) and the live outputs.
    public static func split(_ values: [String]) -> (folders: [String], outputs: [(kind: String, destination: String)]) {
        var folders: [String] = [], outputs: [(String, String)] = []
        for value in values {
            if let equals = value.firstIndex(of: "="), kinds.contains(String(value[..<equals])) {
                outputs.append((String(value[..<equals]), String(value[value.index(after: equals)...])))
            } else {
                folders.append(value)
            }
        }
        return (folders, outputs)
    }

    /// What is wrong with the `--out` values and `--metrics-listen`, one line each.
    public static func problems(out values: [String], listen: String?) -> [String] {
        let (folders, outputs) = split(values)
        var problems: [String] = []
        if folders.count > 1 { problems.append("--out: give one run folder, got \(folders.count) (\(folders.joined(separator: ", "))); live outputs are json=FILE and prometheus-rw=URL") }
        for output in outputs where output.destination.isEmpty { problems.append("--out \(output.kind)=: give a destination after '='") }
        for output in outputs where output.kind == "prometheus-rw" && !output.destination.isEmpty
            && !(output.destination.hasPrefix("http://") || output.destination.hasPrefix("https://")) {
            problems.append("--out prometheus-rw=\(output.destination): expected an http:// or https:// URL (e.g. http://127.0.0.1:9090/api/v1/write)")
        }
        if let listen, listen.lastIndex(of: ":").flatMap({ UInt16(listen[listen.index(after: $0)...]) }) == nil {
            problems.append("--metrics-listen: '\(listen)' is not HOST:PORT (e.g. 127.0.0.1:9464)")
        }
        return problems
    }

    /// Opens every output (the listener binds now: a port in use throws `MetricsListener.Unavailable` before any
    /// load) and starts feeding them each second; nil when there is none.
    /// `endpoints` label the per-endpoint series (by endpoint index).
    public static func start(out values: [String], listen: String?, labels: [String: String], endpoints: [EndpointLabels] = [],
                             snapshot: @escaping () -> ProgressSnapshot?) throws -> LiveFeed? {
        var sinks: [LiveSink] = []
        if let listen { sinks.append(try MetricsListener(address: listen, labels: labels, endpoints: endpoints)) }
        for output in split(values).outputs {
            if output.kind == "json" { sinks.append(try JSONLinesOutput(path: output.destination, tags: labels)) }
            if output.kind == "prometheus-rw" { sinks.append(RemoteWriteOutput(url: output.destination, labels: labels, endpoints: endpoints)) }
        }
        return sinks.isEmpty ? nil : LiveFeed(sinks: sinks, snapshot: snapshot)
    }
}

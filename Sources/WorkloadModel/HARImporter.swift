import Foundation

/// Turns a browser recording (HAR 1.2, W3C Web Performance WG draft "HTTP Archive format") into a scenario: the
/// requests in order, static assets left out, pauses between them kept, and every value a response handed out that
/// a later request sends back (in its path, query or JSON body) turned into an extraction from that response.
public enum HARImporter {
    /// Why a file is not an importable HAR.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// What the recording cannot say.
    public struct Options: Sendable {
        public var name = "recorded"
        /// Replaces the recorded origin; nil keeps it.
        public var target: String?
        /// Default headers, e.g. `Authorization: Bearer ${env.CRM_TOKEN}` (recorded credentials are never copied).
        public var headers: [(name: String, value: String)] = []
        public init() {}
    }

    /// One recorded request.
    struct Entry {
        var method: String
        var url: URLComponents
        var startMillis: Double
        var durationMillis: Double
        var body: Any?
        var bodyText: String?
        var response: Any?
    }

    /// The scenario text, and how many entries were imported and left out as static assets.
    public static func scenario(from data: Data, options: Options) throws(Problem) -> (yaml: String, requests: Int, staticAssets: Int) {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Problem(description: "not a JSON object (a HAR file is one: {\"log\": {\"entries\": [...]}})")
        }
        guard let log = root["log"] as? [String: Any], let rawEntries = log["entries"] as? [[String: Any]] else {
            throw Problem(description: "$.log.entries: expected an array of entries")
        }
        var entries: [Entry] = []
        var staticAssets = 0
        for (index, raw) in rawEntries.enumerated() {
            guard let request = raw["request"] as? [String: Any], let method = request["method"] as? String,
                  let urlText = request["url"] as? String, let url = URLComponents(string: urlText), url.host != nil
            else { throw Problem(description: "$.log.entries[\(index)].request: expected method and an absolute url") }
            let response = raw["response"] as? [String: Any]
            let content = response?["content"] as? [String: Any]
            let mime = (content?["mimeType"] as? String ?? "").lowercased()
            if EndpointTemplate.isStaticAsset(url.path) || ["text/css", "image/", "font/", "javascript"].contains(where: mime.contains) {
                staticAssets += 1
                continue
            }
            let post = request["postData"] as? [String: Any]
            let postText = post?["text"] as? String
            let postJSON = postText.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) }
            let responseJSON = (content?["text"] as? String).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }
            entries.append(Entry(
                method: method.uppercased(), url: url,
                startMillis: (raw["startedDateTime"] as? String).flatMap(LogTimestamp.iso8601).map(Double.init) ?? 0,
                durationMillis: (raw["time"] as? NSNumber)?.doubleValue ?? 0,
                body: postJSON is [String: Any] || postJSON is [Any] ? postJSON : nil, bodyText: postText, response: responseJSON))
        }
        guard !entries.isEmpty else { throw Problem(description: "no requests to import (\(staticAssets) static assets left out)") }
        return (write(entries, options: options), entries.count, staticAssets)
    }

    static func write(_ entries: [Entry], options: Options) -> String {
        let first = entries[0].url
        let origin = options.target ?? "\(first.scheme ?? "http")://\(first.host ?? "localhost")\(first.port.map { ":\($0)" } ?? "")"
        var out = ["# Imported by crmbench import har: \(entries.count) requests in recorded order; values that responses",
                   "# handed out and later requests sent back are extracted (extract:) instead of replayed.",
                   "name: \(ScenarioWriter.quote(options.name))", "target: \(ScenarioWriter.quote(origin))"]
        let secrets = Set(options.headers.flatMap { ScenarioWriter.envNames(in: $0.value) }).sorted()
        if !secrets.isEmpty { out.append("secrets: [\(secrets.joined(separator: ", "))]") }
        if !options.headers.isEmpty {
            out.append("defaults:\n  headers:")
            for h in options.headers { out.append("    \(ScenarioWriter.quote(h.name)): \(ScenarioWriter.quote(h.value))") }
        }
        out += ["flows:", "  - name: recorded", "    steps:"]
        var known: [String: (step: Int, path: String)] = [:]  // value → where a response first gave it
        var variables: [String: String] = [:]  // value → variable
        var extractions = [[String]](repeating: [], count: entries.count)
        var steps: [[String]] = []
        for (index, entry) in entries.enumerated() {
            func replace(_ value: String) -> String? {
                guard let source = known[value] else { return nil }
                let variable = variables[value] ?? "v\(variables.count + 1)"
                if variables[value] == nil {
                    variables[value] = variable
                    extractions[source.step].append("          \(variable): \(source.path)")
                }
                return "${\(variable)}"
            }
            var lines: [String] = []
            if index > 0 {
                let previous = entries[index - 1]
                let pause = entry.startMillis - previous.startMillis - previous.durationMillis
                if pause >= ThinkTimeFit.noiseFloorMillis { lines.append("      - think: \(Int(pause.rounded()))ms") }
            }
            let path = entry.url.percentEncodedPath.split(separator: "/", omittingEmptySubsequences: false)
                .map { replace(String($0)) ?? String($0) }.joined(separator: "/")
            var query = ""
            if let items = entry.url.percentEncodedQueryItems, !items.isEmpty {
                query = "?" + items.map { item in item.name + (item.value.map { "=" + (replace($0) ?? $0) } ?? "") }.joined(separator: "&")
            }
            let key = EndpointTemplate(method: entry.method, target: entry.url.path).key
            lines.append("      - \(entry.method.lowercased()): \(ScenarioWriter.quote(path + query))")
            lines.append("        name: \(ScenarioWriter.quote(key))")
            if let body = entry.body {
                lines.append("        json:")
                lines += YAMLFlow.block(body, indent: 10, replacing: replace)
            } else if let text = entry.bodyText, !text.isEmpty {
                lines.append("        body: \(ScenarioWriter.quote(text))")
            }
            steps.append(lines)
            if let response = entry.response { Self.index(response, path: "$", step: index, into: &known) }
        }
        for (index, lines) in steps.enumerated() {
            out += lines
            if !extractions[index].isEmpty { out.append("        extract:"); out += extractions[index] }
        }
        out.append("load: {vus: 1, iterations: 1}")
        return out.joined(separator: "\n") + "\n"
    }

    /// Records where each id-like value of a response is (numbers of 2+ digits, strings of 6+ characters without
    /// spaces), keeping the first place a value appeared.
    static func index(_ value: Any, path: String, step: Int, into known: inout [String: (step: Int, path: String)]) {
        switch value {
        case let object as [String: Any]:
            for key in object.keys.sorted() where key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                index(object[key]!, path: path + "." + key, step: step, into: &known)
            }
        case let array as [Any]:
            for (offset, element) in array.prefix(20).enumerated() { index(element, path: "\(path)[\(offset)]", step: step, into: &known) }
        case let text as String:
            if text.count >= 6, !text.contains(" "), known[text] == nil { known[text] = (step, path) }
        case let number as NSNumber:
            let text = number.stringValue
            if !YAMLFlow.isBoolean(number), text.count >= 2, text.allSatisfy(\.isNumber), known[text] == nil {
                known[text] = (step, path)
            }
        default:
            break
        }
    }
}

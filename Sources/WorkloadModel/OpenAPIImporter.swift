import Foundation
import OpenAPIKit
import OpenAPIKit30
import OpenAPIKitCompat

/// Turns an OpenAPI 3 description (JSON, 3.0 or 3.1) into a scenario: one flow per tag, its operations in the
/// order a client walks a resource — create, list, read, replace, change, the other actions in document order,
/// delete — each checked for its first documented success status.
///
/// Request bodies come from the media type's `example`/`examples`, else the schema's `examples`/`default`, else are
/// built from the schema (required properties and those with an example; strings by format: a fresh address for
/// `email`, `${now}` for `date-time`, a uuid for `uuid`; the first `enum` value; numbers at their minimum or 1).
/// Path parameters take the `id` of a `POST` to their collection earlier in the flow when its answer has one
/// (`extract: {ordersId: $.id}`), else a feeder of the parameter's examples (or 1).
public enum OpenAPIImporter {
    /// Why a file cannot be imported.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// What the description cannot say.
    public struct Options: Sendable {
        public var name = "openapi"
        /// The target URL; nil takes the document's first server, else `http://127.0.0.1:8080`.
        public var target: String?
        /// Default headers, e.g. `Authorization: Bearer ${env.CRM_TOKEN}`.
        public var headers: [(name: String, value: String)] = []
        /// Base name for the feeder files written beside the scenario.
        public var feederPrefix = "openapi"
        public init() {}
    }

    /// What was imported: the scenario, its feeder files (name → CSV), and counts.
    public struct Imported: Sendable {
        public var yaml: String
        public var feeders: [String: String]
        public var flows: Int
        public var steps: Int
        /// Operations left out (unsupported method, or a body that is not JSON), as `METHOD PATH: why`.
        public var skipped: [String]
    }

    /// One operation to send.
    struct Step {
        var method: String
        var path: String
        var operationId: String?
        var parameters: [OpenAPIKit.DereferencedParameter]
        var body: Any?
        var bodyIsJSON: Bool
        var success: Int
        var returnsId: Bool
        var order: Int
    }

    /// Imports a document.
    public static func scenario(from data: Data, options: Options) throws(Problem) -> Imported {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Problem(description: "not a JSON object (OpenAPI descriptions are read as JSON)")
        }
        guard let version = root["openapi"] as? String, version.hasPrefix("3.") else {
            throw Problem(description: "$.openapi: expected an OpenAPI 3 version such as \"3.1.0\" (Swagger 2 is not read)")
        }
        let document: OpenAPIKit.OpenAPI.Document
        do {
            if version.hasPrefix("3.0") {
                document = try JSONDecoder().decode(OpenAPIKit30.OpenAPI.Document.self, from: data).convert(to: .v3_1_0)
            } else {
                document = try JSONDecoder().decode(OpenAPIKit.OpenAPI.Document.self, from: data)
            }
        } catch {
            throw Problem(description: "not a valid OpenAPI \(version) document: \(describe(error))")
        }
        let resolved: OpenAPIKit.ResolvedDocument
        do { resolved = try document.locallyDereferenced().resolved() } catch {
            throw Problem(description: "cannot resolve its references: \(describe(error))")
        }
        var skipped: [String] = []
        var flows: [(tag: String, steps: [Step])] = []
        // Decoding keeps no key order (Foundation's JSON decoder on Linux), so document order is read from the text:
        // where each path's key first appears.
        let text = String(decoding: data, as: UTF8.self)
        func position(_ path: String) -> Int {
            text.range(of: "\"" + path + "\"").map { text.utf8.distance(from: text.startIndex, to: $0.lowerBound) } ?? Int.max
        }
        for (index, endpoint) in resolved.endpoints.enumerated() {
            let method = endpoint.method.rawValue.uppercased()
            let path = endpoint.path.rawValue
            let at = position(path), order = at == Int.max ? Int.max : at * 16 + index % 16
            guard ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method) else {
                skipped.append("\(method) \(path): method not sent by scenarios"); continue
            }
            var body: Any?
            var bodyIsJSON = true
            if let request = endpoint.requestBody {
                if let content = request.content[OpenAPIKit.OpenAPI.ContentType.json] {
                    body = example(content) ?? content.schema.map { synthesize($0) } ?? [String: Any]()
                } else if request.required {
                    bodyIsJSON = false
                }
            }
            guard bodyIsJSON else { skipped.append("\(method) \(path): its body is not JSON"); continue }
            let successes = endpoint.responses.keys.compactMap { code -> Int? in
                if case .status(let value) = code.value, (200..<300).contains(value) { return value }
                return nil
            }.sorted()
            let success = endpoint.responses.first { code, _ in
                if case .status(let value) = code.value { return value == successes.first }
                return false
            }
            let returnsId = success.flatMap { $0.value.content[OpenAPIKit.OpenAPI.ContentType.json]?.schema }.map(hasId) ?? false
            let tag = endpoint.tags.first ?? "default"
            let step = Step(method: method, path: path, operationId: endpoint.operationId, parameters: endpoint.parameters,
                            body: body, bodyIsJSON: true, success: successes.first ?? 200, returnsId: returnsId, order: order)
            if let index = flows.firstIndex(where: { $0.tag == tag }) { flows[index].steps.append(step) } else { flows.append((tag, [step])) }
        }
        guard !flows.isEmpty else { throw Problem(description: "$.paths: no operation to import") }
        let target = options.target ?? document.servers.first.map { $0.urlTemplate.rawValue }.flatMap { $0.hasPrefix("http") ? $0 : nil } ?? "http://127.0.0.1:8080"
        return write(flows: flows, title: document.info.title, target: target, options: options, skipped: skipped)
    }

    /// The order a client walks a resource: collection operations before item ones; create, read, replace,
    /// change, other actions, delete; document order within.
    static func rank(_ step: Step) -> (Int, Int, Int) {
        let onItem = step.path.contains("{") ? 1 : 0
        let method: Int
        switch step.method {
        case "POST": method = onItem == 0 ? 0 : 4
        case "GET": method = 1
        case "PUT": method = 2
        case "PATCH": method = 3
        default: method = 5
        }
        return (method == 5 ? 1 : onItem, method == 5 ? 9 : method, step.order)
    }

    // swiftlint:disable:next function_body_length
    static func write(flows: [(tag: String, steps: [Step])], title: String, target: String, options: Options,
                      skipped: [String]) -> Imported {
        var out = ["# Imported by crmbench import openapi from \"\(title)\": one flow per tag.",
                   "name: \(ScenarioWriter.quote(options.name))", "target: \(ScenarioWriter.quote(target))"]
        let secrets = Set(options.headers.flatMap { ScenarioWriter.envNames(in: $0.value) }).sorted()
        if !secrets.isEmpty { out.append("secrets: [\(secrets.joined(separator: ", "))]") }
        out += ["defaults:", "  timeout: 10s"]
        if !options.headers.isEmpty {
            out.append("  headers:")
            for header in options.headers { out.append("    \(ScenarioWriter.quote(header.name)): \(ScenarioWriter.quote(header.value))") }
        }
        var feeders: [String: String] = [:]
        var dataLines: [String] = []
        var flowLines = ["flows:"]
        var stepCount = 0
        for flow in flows {
            flowLines += ["  - name: \(ScenarioWriter.quote(flow.tag))", "    steps:"]
            var created: [String: String] = [:]  // collection path → variable holding the id its POST returned
            var steps: [[String]] = []
            var creatorStep: [String: Int] = [:]
            for step in flow.steps.sorted(by: { rank($0) < rank($1) }) {
                var url = step.path
                for parameter in step.parameters where parameter.location == .path {
                    let placeholder = "{\(parameter.name)}"
                    guard let range = url.range(of: placeholder) else { continue }
                    let collection = String(url[..<range.lowerBound].dropLast())
                    let value: String
                    if let variable = created[collection] {
                        value = "${\(variable)}"
                    } else {
                        let name = "p\(feeders.count + 1)"
                        let file = "\(options.feederPrefix)-\(name).csv"
                        feeders[file] = "value\n" + parameterExamples(parameter).joined(separator: "\n") + "\n"
                        dataLines.append("  - {name: \(name), file: \(ScenarioWriter.quote(file)), mode: random}")
                        value = "${data.\(name).value}"
                    }
                    url.replaceSubrange(range, with: value)
                }
                let query = step.parameters.filter { $0.location == .query && $0.required }
                    .map { "\($0.name)=\(parameterExamples($0).first ?? "1")" }
                if !query.isEmpty { url += "?" + query.joined(separator: "&") }
                var lines = ["      - \(step.method.lowercased()): \(ScenarioWriter.quote(url))",
                             "        name: \(ScenarioWriter.quote(step.operationId ?? "\(step.method) \(step.path)"))"]
                if let body = step.body {
                    lines.append("        json:")
                    lines += YAMLFlow.block(body, indent: 10)
                }
                lines += ["        check:", "          - status: \(step.success)"]
                if step.method == "POST", !step.path.contains("{"), step.returnsId, created[step.path] == nil {
                    let variable = ScenarioWriter.variableName(String(step.path.split(separator: "/").last ?? "item"))
                    created[step.path] = variable
                    creatorStep[step.path] = steps.count
                    lines += ["        extract:", "          \(variable): $.id"]
                }
                steps.append(lines)
            }
            stepCount += steps.count
            flowLines += steps.flatMap { $0 }
        }
        if !dataLines.isEmpty { out.append("data:"); out += dataLines }
        out += flowLines
        out.append("load: {vus: 1, iterations: 1}")
        return Imported(yaml: out.joined(separator: "\n") + "\n", feeders: feeders, flows: flows.count, steps: stepCount, skipped: skipped)
    }

    /// A path or query parameter's example values: `example`, `examples`, the schema's examples, default, or 1.
    static func parameterExamples(_ parameter: OpenAPIKit.DereferencedParameter) -> [String] {
        var values: [Any] = []
        if let context = parameter.schemaOrContent.a {
            if let example = context.example { values.append(example.value) }
            values += (context.examples ?? [:]).values.compactMap { $0.dataOrLegacyValue?.value }
            values += context.schema.examples.map(\.value)
            if let value = context.schema.defaultValue { values.append(value.value) }
        }
        let text = values.compactMap { value -> String? in
            switch value {
            case let string as String: return string
            case let number as NSNumber: return number.stringValue
            case let int as Int: return String(int)
            case let double as Double: return String(double)
            default: return nil
            }
        }
        return text.isEmpty ? ["1"] : Array(Set(text)).sorted()
    }

    /// A media type's own example: `example`, else the first of `examples`.
    static func example(_ content: OpenAPIKit.DereferencedContent) -> Any? {
        if let example = content.example { return example.value }
        return content.examples?.values.first?.dataOrLegacyValue?.value
    }

    /// Whether an answer's schema has an `id` property.
    static func hasId(_ schema: OpenAPIKit.DereferencedJSONSchema) -> Bool {
        switch schema {
        case .object(_, let object): return object.properties["id"] != nil
        case .all(let parts, _): return parts.contains(where: hasId)
        default: return false
        }
    }

    /// A value that the schema accepts; see the type's comment for the rules.
    static func synthesize(_ schema: OpenAPIKit.DereferencedJSONSchema, depth: Int = 0) -> Any {
        if let example = schema.examples.first { return example.value }
        if let value = schema.defaultValue { return value.value }
        if let first = schema.allowedValues?.first { return first.value }
        switch schema {
        case .object(_, let object):
            var out: [String: Any] = [:]
            for (name, property) in object.properties where !property.readOnly {
                let required = object.requiredProperties.contains(name)
                if required || !property.examples.isEmpty { out[name] = depth > 6 ? NSNull() : synthesize(property, depth: depth + 1) }
            }
            return out
        case .array(_, let array):
            return array.items.map { [synthesize($0, depth: depth + 1)] } ?? []
        case .string:
            switch schema.formatString {
            case "email": return "user-${random.uuid}@example.test"
            case "date-time": return "${now}"
            case "date": return "2026-01-01"
            case "uuid": return "${random.uuid}"
            case "uri": return "https://example.test/x"
            default: return "text ${seq}"
            }
        case .integer(_, let integer): return integer.minimum.map { $0.value + ($0.exclusive ? 1 : 0) } ?? 1
        case .number(_, let number): return number.minimum.map { $0.value + ($0.exclusive ? 1 : 0) } ?? 1
        case .boolean: return true
        case .all(let parts, _):
            return parts.map { synthesize($0, depth: depth + 1) }.reduce(into: [String: Any]()) { merged, part in
                if let object = part as? [String: Any] { merged.merge(object) { a, _ in a } }
            }
        case .one(let options, _), .any(let options, _):
            return options.first.map { synthesize($0, depth: depth + 1) } ?? NSNull()
        default: return NSNull()
        }
    }

    static func describe(_ error: any Error) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c):
                let path = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
                return "$\(path): \(c.debugDescription)"
            @unknown default: break
            }
        }
        return String(describing: error)
    }
}

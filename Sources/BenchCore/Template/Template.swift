/// A string with `${...}` placeholders, parsed once when the scenario loads and rendered per request.
///
/// Rendering never parses: it walks the precompiled parts and appends.
public struct Template: Hashable, Sendable {
    /// One piece of a template.
    public enum Part: Hashable, Sendable {
        /// Text copied as is.
        case literal(String)
        /// `${name}`: a scenario variable, a setup capture or a value extracted earlier in the flow.
        case variable(String)
        /// `${env.NAME}`: an environment variable, looked up through the context.
        case env(String)
        /// `${random.int(lo,hi)}`: a uniform integer in the closed range.
        case randomInt(lowerBound: Int, upperBound: Int)
        /// `${random.uuid}`: a random version-4 UUID.
        case randomUUID
        /// `${seq}`: the iteration's sequence number.
        case seq
        /// `${now}`: the injected clock's time, ISO-8601 with milliseconds, UTC.
        case now
        /// `${data.FEEDER.COLUMN}`: a column of the feeder's current row.
        case data(feeder: String, column: String)
    }

    /// The parts, in order.
    public let parts: [Part]
    /// The source text the template was parsed from.
    public let source: String

    /// Creates a template from already parsed parts.
    public init(parts: [Part], source: String) {
        self.parts = parts
        self.source = source
    }

    /// A template that renders to `text` exactly.
    public static func literal(_ text: String) -> Template {
        Template(parts: text.isEmpty ? [] : [.literal(text)], source: text)
    }

    /// True when the template has no placeholder.
    public var isLiteral: Bool {
        parts.allSatisfy { if case .literal = $0 { return true } else { return false } }
    }

    /// True when the template is exactly one placeholder and nothing else (`${orderId}`).
    public var isSinglePlaceholder: Bool {
        guard parts.count == 1, let only = parts.first else { return false }
        if case .literal = only { return false }
        return true
    }

    /// The names of `${name}` variables the template uses.
    public var variableNames: [String] {
        parts.compactMap { if case .variable(let name) = $0 { return name } else { return nil } }
    }

    /// The environment variable names the template reads.
    public var envNames: [String] {
        parts.compactMap { if case .env(let name) = $0 { return name } else { return nil } }
    }

    /// Renders the template; unknown variables and unset environment variables render as empty text.
    public func render(_ context: inout TemplateContext) -> String {
        if parts.count == 1, case .literal(let text) = parts[0] { return text }
        var out = ""
        for part in parts {
            append(part, to: &out, context: &context, depth: 0)
        }
        return out
    }

    private func append(_ part: Part, to out: inout String, context: inout TemplateContext, depth: Int) {
        switch part {
        case .literal(let text):
            out += text
        case .variable(let name):
            if let value = context.variables[name] {
                out += value
            } else if depth == 0, let definition = context.definitions[name] {
                // Scenario variables may use env/random/seq/now/data but not other variables (checked at load).
                for inner in definition.parts {
                    append(inner, to: &out, context: &context, depth: depth + 1)
                }
            }
        case .env(let name):
            out += context.env(name) ?? ""
        case .randomInt(let lowerBound, let upperBound):
            out += String(Int.random(in: lowerBound...upperBound, using: &context.random))
        case .randomUUID:
            out += UUIDText.random(using: &context.random)
        case .seq:
            out += String(context.seq)
        case .now:
            out += ISO8601Text.format(epochMillis: context.nowEpochMillis())
        case .data(let feeder, let column):
            out += context.rows[feeder]?[column] ?? ""
        }
    }
}

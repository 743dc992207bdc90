import Yams

/// The names a template may refer to at one point of a scenario.
struct VariableScope {
    /// `${name}` variables defined so far (scenario variables, setup captures, earlier extractions).
    var names: Set<String>
    /// False inside `variables:` itself: a variable may not refer to another.
    var allowsVariables = true
}

extension ScenarioDecoder {
    /// Parses a scalar as a template and checks every placeholder against the scope and the feeders.
    mutating func template(_ node: Node, _ what: String, scope: VariableScope) -> Template? {
        guard let text = node.scalarText else {
            log.report(node.location, "\(what) must be text, found \(node.kindName)")
            return nil
        }
        let parsed: (template: Template, offsets: [Int])
        do {
            parsed = try Template.parseLocated(text)
        } catch let error as TextParseError {
            log.report(location(in: node, offset: error.offset), "\(error.message) in \(what)")
            return nil
        } catch {
            return nil
        }
        var valid = true
        for (part, offset) in zip(parsed.template.parts, parsed.offsets) {
            if let problem = problem(with: part, scope: scope) {
                log.report(location(in: node, offset: offset), "\(problem) in \(what)")
                valid = false
            }
        }
        return valid ? parsed.template : nil
    }

    private func problem(with part: Template.Part, scope: VariableScope) -> String? {
        switch part {
        case .variable(let name):
            guard scope.allowsVariables else { return "variable '\(name)' may not refer to another variable" }
            if scope.names.contains(name) { return nil }
            let hint = EditDistance.hint(for: name, among: Array(scope.names))
            return "undefined variable '\(name)'\(hint)"
        case .data(let feeder, let column):
            guard let columns = feederColumns[feeder] else {
                if failedFeeders.contains(feeder) { return nil }
                return "unknown data feeder '\(feeder)'\(EditDistance.hint(for: feeder, among: Array(feederColumns.keys)))"
            }
            if columns.contains(column) { return nil }
            return "data feeder '\(feeder)' has no column '\(column)'\(EditDistance.hint(for: column, among: columns))"
        default:
            return nil
        }
    }

    /// Converts any YAML value to a JSON template; strings are templates.
    mutating func jsonTemplate(_ node: Node, _ what: String, scope: VariableScope, depth: Int = 0) -> JSONTemplate? {
        guard depth < ScenarioLoader.maxJSONDepth else {
            log.report(node.location, "\(what) is nested deeper than \(ScenarioLoader.maxJSONDepth) levels")
            return nil
        }
        switch node {
        case .scalar:
            let text = node.scalarText ?? ""
            if node.isPlainScalar {
                if node.isNull { return .null }
                if text == "true" || text == "false" { return .bool(text == "true") }
                if JSONTemplate.isBareLiteral(text) { return .number(text) }
            }
            return template(node, what, scope: scope).map { .string($0, bare: node.isPlainScalar) }
        case .sequence(let sequence):
            var items: [JSONTemplate] = []
            for item in sequence {
                guard let value = jsonTemplate(item, what, scope: scope, depth: depth + 1) else { return nil }
                items.append(value)
            }
            return .array(items)
        case .mapping(let mapping):
            var members: [JSONMember] = []
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.scalarText else {
                    log.report(keyNode.location, "keys in \(what) must be text, found \(keyNode.kindName)")
                    return nil
                }
                guard let value = jsonTemplate(valueNode, what, scope: scope, depth: depth + 1) else { return nil }
                members.append(JSONMember(key: key, value: value))
            }
            return .object(members)
        }
    }

    /// Reads `name: value` headers whose values are templates.
    mutating func headers(_ node: Node, _ what: String, scope: VariableScope) -> [HeaderTemplate] {
        guard case .mapping(let mapping) = node else {
            log.report(node.location, "\(what) must be a mapping of header names to values, found \(node.kindName)")
            return []
        }
        var headers: [HeaderTemplate] = []
        for (keyNode, valueNode) in mapping {
            guard let name = keyNode.scalarText else {
                log.report(keyNode.location, "header names in \(what) must be text, found \(keyNode.kindName)")
                continue
            }
            if let problem = HTTPSyntax.headerNameProblem(name) {
                log.report(keyNode.location, "bad header name in \(what): \(problem)")
                continue
            }
            if headers.contains(where: { sameName($0.name, name) }) {
                log.report(keyNode.location, "duplicate header '\(name)' in \(what)")
                continue
            }
            guard let value = template(valueNode, "header '\(name)'", scope: scope) else { continue }
            // The written parts are checked now; values from placeholders are checked before each request is sent.
            if let problem = literalProblem(value, { HTTPSyntax.headerProblem(name: name, value: $0) }) {
                log.report(valueNode.location, "\(problem) in \(what); a header value must stay on one line")
                continue
            }
            headers.append(HeaderTemplate(name: name, value: value))
        }
        return headers
    }
}

extension ScenarioDecoder {
    /// The first problem `check` finds in the written (literal) parts of a template, or nil.
    func literalProblem(_ template: Template, _ check: (String) -> String?) -> String? {
        for case .literal(let text) in template.parts {
            if let problem = check(text) { return problem }
        }
        return nil
    }
}

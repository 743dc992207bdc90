import Yams

extension ScenarioDecoder {
    static let checkKeys = ["name", "status", "json", "equals", "exists", "bodyContains", "header", "contains", "maxLatency"]
    static let checkKinds = ["status", "json", "bodyContains", "header", "maxLatency"]

    /// `extract: {var: {json: $.id}, var2: {regex: "...", group: 1}, var3: {header: Location}, var4: $.id}`.
    mutating func extractionList(_ node: Node, stepName: String) -> [Extraction] {
        guard case .mapping(let mapping) = node else {
            log.report(node.location, "extract must map variable names to sources, found \(node.kindName)")
            return []
        }
        var extractions: [Extraction] = []
        for (keyNode, spec) in mapping {
            guard let variable = keyNode.scalarText, Template.isIdentifier(variable) else {
                log.report(keyNode.location, "extract keys are variable names, found '\(keyNode.scalarText ?? keyNode.kindName)'")
                continue
            }
            if let extraction = extraction(variable, spec) { extractions.append(extraction) }
        }
        return extractions
    }

    private mutating func extraction(_ variable: String, _ spec: Node) -> Extraction? {
        if let text = spec.scalarText, text.hasPrefix("$") {
            return jsonPath(spec, "extraction '\(variable)'").map { Extraction(variable: variable, source: .json($0)) }
        }
        guard let view = mapping(spec, "extraction '\(variable)'", allowed: ["json", "regex", "group", "header"]) else {
            return nil
        }
        let sources = ["json", "regex", "header"].filter(view.has)
        guard sources.count == 1 else {
            log.report(spec.location, "extraction '\(variable)' needs exactly one of json, regex or header")
            return nil
        }
        if view.has("group"), !view.has("regex") {
            log.report(view.keyLocation("group"), "group applies to regex extractions only")
        }
        if let pathNode = view["json"] {
            return jsonPath(pathNode, "extraction '\(variable)'").map { Extraction(variable: variable, source: .json($0)) }
        }
        if let headerNode = view["header"] {
            return string(headerNode, "header of extraction '\(variable)'").map {
                Extraction(variable: variable, source: .header($0))
            }
        }
        guard let regexNode = view["regex"], let pattern = string(regexNode, "regex of extraction '\(variable)'") else {
            return nil
        }
        let group = view["group"].flatMap { int($0, "group", minimum: 0) } ?? 1
        do {
            return try Extraction.regex(variable: variable, pattern: pattern, group: group)
        } catch let error as TextParseError {
            log.report(regexNode.location, "\(error.message) in extraction '\(variable)'")
        } catch {}
        return nil
    }

    mutating func jsonPath(_ node: Node, _ what: String) -> JSONPath? {
        guard let text = string(node, "JSON path of \(what)") else { return nil }
        do {
            return try JSONPath.parse(text)
        } catch let error as TextParseError {
            log.report(location(in: node, offset: error.offset), "\(error.message) in \(what)")
        } catch {}
        return nil
    }

    /// `check:` as a list of one-kind mappings (or a single mapping).
    mutating func checkList(_ node: Node, stepName: String, scope: VariableScope) -> [Check] {
        let items: [Node]
        if case .sequence(let sequence) = node { items = Array(sequence) } else { items = [node] }
        return items.compactMap { check($0, stepName: stepName, scope: scope) }
    }

    private mutating func check(_ node: Node, stepName: String, scope: VariableScope) -> Check? {
        guard let view = mapping(node, "a check", allowed: ScenarioDecoder.checkKeys) else { return nil }
        let kinds = ScenarioDecoder.checkKinds.filter(view.has)
        guard kinds.count == 1, let kindKey = kinds.first, let value = view[kindKey] else {
            let found = kinds.isEmpty ? "none" : kinds.joined(separator: ", ")
            log.report(node.location, "a check needs exactly one of status, json, bodyContains, header or maxLatency (found \(found))")
            return nil
        }
        for modifier in ["equals", "exists"] where view.has(modifier) && kindKey != "json" {
            log.report(view.keyLocation(modifier), "\(modifier) applies to json checks only")
        }
        if view.has("contains"), kindKey != "header" {
            log.report(view.keyLocation("contains"), "contains applies to header checks only")
        }
        guard let kind = checkKind(kindKey, value, view, scope: scope) else { return nil }
        let given = view["name"].flatMap { string($0, "check name") }
        let name = given ?? "\(stepName): \(Check.derivedName(kind))"
        return Check(id: registerCheck(name, step: stepName), name: name, kind: kind)
    }

    private mutating func checkKind(_ key: String, _ value: Node, _ view: MappingView, scope: VariableScope) -> Check.Kind? {
        switch key {
        case "status":
            return statusMatcher(value).map(Check.Kind.status)
        case "json":
            guard let path = jsonPath(value, "json check") else { return nil }
            if let equalsNode = view["equals"] {
                if view.has("exists") { log.report(view.keyLocation("exists"), "a json check takes equals or exists, not both") }
                guard case .scalar = equalsNode else {
                    log.report(equalsNode.location, "equals must be a scalar, found \(equalsNode.kindName)")
                    return nil
                }
                return template(equalsNode, "equals", scope: scope).map { .jsonEquals(path, $0) }
            }
            let exists = view["exists"].flatMap { bool($0, "exists") } ?? true
            return .jsonExists(path, exists)
        case "bodyContains":
            return string(value, "bodyContains").map(Check.Kind.bodyContains)
        case "header":
            guard let name = string(value, "header check") else { return nil }
            let text = view["contains"].flatMap { string($0, "contains") } ?? ""
            return .headerContains(name: name, text: text)
        default:
            return pauseNanos(value, "maxLatency").map { Check.Kind.maxLatency(micros: $0 / 1_000) }
        }
    }

    private mutating func statusMatcher(_ node: Node) -> StatusMatcher? {
        let items: [Node]
        if case .sequence(let sequence) = node { items = Array(sequence) } else { items = [node] }
        if items.isEmpty { log.report(node.location, "status needs at least one code") }
        var matcher = StatusMatcher()
        for item in items {
            guard let text = item.scalarText, let one = StatusMatcher.pattern(text) else {
                log.report(item.location, "bad status '\(item.scalarText ?? item.kindName)'; use a code like 201 or a class like 2xx")
                return nil
            }
            matcher = matcher.union(one)
        }
        return items.isEmpty ? nil : matcher
    }
}

import Yams

extension ScenarioDecoder {
    static let methods = ["get", "post", "put", "patch", "delete"]
    static let requestKeys = methods + ["name", "headers", "json", "body", "extract", "check", "continueOnFail", "record"]
    static let flowKeys = ["name", "weight", "steps"]

    mutating func flowList(_ node: Node, scope: VariableScope) -> [Flow] {
        guard let items = list(node, "flows") else { return [] }
        if items.isEmpty { log.report(node.location, "flows must list at least one flow") }
        if items.count > ScenarioLimits.maxFlows {
            log.report(node.location, ScenarioLimits.tooLong("flows", count: items.count, maximum: ScenarioLimits.maxFlows))
            return []
        }
        var flows: [Flow] = []
        for item in items {
            guard let view = mapping(item, "a flow", allowed: ScenarioDecoder.flowKeys) else { continue }
            guard let nameNode = require("name", in: view, "a flow"), let name = string(nameNode, "flow name") else {
                continue
            }
            if flows.contains(where: { $0.name == name }) {
                log.report(nameNode.location, "duplicate flow name '\(name)'")
            }
            var weight = 1
            if let weightNode = view["weight"] { weight = int(weightNode, "weight of flow '\(name)'", minimum: 1, maximum: ScenarioLimits.maxFlowWeight) ?? 1 }
            var flowScope = scope
            let requestsBefore = requestStepsSeen
            let flowSteps = view["steps"].map { steps($0, "flow '\(name)'", scope: &flowScope) } ?? []
            if view["steps"] == nil { log.report(view.node.location, "flow '\(name)' is missing required key 'steps'") }
            let flow = Flow(name: name, weight: weight, steps: flowSteps)
            // Only when no request was written: a request that failed to decode was reported already.
            if view["steps"] != nil, requestStepsSeen == requestsBefore {
                log.report(view.keyLocation("steps"), "flow '\(name)' has no request step")
            }
            flows.append(flow)
        }
        return flows
    }

    /// Decodes a step list; extractions add to the scope, in order, so later steps may use them.
    mutating func steps(_ node: Node, _ owner: String, scope: inout VariableScope, inGroup: Bool = false) -> [Step] {
        guard let items = list(node, "the steps of \(owner)") else { return [] }
        if items.isEmpty { log.report(node.location, "\(owner) has no steps") }
        var result: [Step] = []
        for item in items {
            if let step = step(item, owner, scope: &scope, inGroup: inGroup) { result.append(step) }
        }
        return result
    }

    private mutating func step(_ node: Node, _ owner: String, scope: inout VariableScope, inGroup: Bool) -> Step? {
        guard case .mapping(let raw) = node else {
            log.report(node.location, "a step must be a mapping (get:, post:, think:, group: ...), found \(node.kindName)")
            return nil
        }
        let keys = raw.compactMap { $0.key.scalarText }
        if keys.contains("think") {
            guard let view = mapping(node, "a think step", allowed: ["think"]), let value = view["think"] else { return nil }
            return thinkTime(value).map(Step.think)
        }
        if keys.contains("group") {
            guard let view = mapping(node, "a group", allowed: ["group", "steps"]),
                  let nameNode = view["group"], let name = string(nameNode, "group name")
            else { return nil }
            if inGroup { log.report(nameNode.location, "group '\(name)' is inside another group; groups cannot nest") }
            groupNames.insert(name)
            guard let stepsNode = require("steps", in: view, "group '\(name)'") else { return nil }
            return .group(name: name, steps: steps(stepsNode, "group '\(name)'", scope: &scope, inGroup: true))
        }
        let methods = keys.filter { ScenarioDecoder.methods.contains($0) }
        guard methods.count == 1, let method = methods.first else {
            if methods.count > 1 {
                log.report(node.location, "a step has one method, found \(methods.joined(separator: ", "))")
            } else {
                let unknown = keys.first { !ScenarioDecoder.requestKeys.contains($0) }
                let hint = unknown.map { EditDistance.hint(for: $0, among: ScenarioDecoder.methods + ["think", "group"]) } ?? ""
                log.report(node.location, "a step needs one of get, post, put, patch, delete, think or group\(hint)")
            }
            return nil
        }
        requestStepsSeen += 1
        return request(node, method: method, scope: &scope).map(Step.request)
    }

    private mutating func request(_ node: Node, method: String, scope: inout VariableScope) -> RequestStep? {
        guard let view = mapping(node, "a \(method) step", allowed: ScenarioDecoder.requestKeys),
              let urlNode = view[method]
        else { return nil }
        let url = template(urlNode, "the \(method) URL", scope: scope)
        if let text = urlNode.scalarText, !text.hasPrefix("/"), !text.hasPrefix("http://"), !text.hasPrefix("https://"),
           !text.hasPrefix("${") {
            log.report(urlNode.location, "URL must be a path starting with '/' or an http(s):// URL, found '\(text)'")
        } else if let url, let problem = literalProblem(url, HTTPSyntax.urlProblem) {
            log.report(urlNode.location, "the \(method) URL: \(problem)")
        }
        let name = view["name"].flatMap { string($0, "step name") } ?? "\(method.uppercased()) \(urlNode.scalarText ?? "")"
        stepNames.insert(name)
        let stepHeaders = view["headers"].map { headers($0, "headers of step '\(name)'", scope: scope) } ?? []
        var body = RequestBody.none
        if view["json"] != nil, view["body"] != nil {
            log.report(view.keyLocation("body"), "step '\(name)' has both json and body; keep one")
        } else if let jsonNode = view["json"] {
            body = jsonTemplate(jsonNode, "json of step '\(name)'", scope: scope).map(RequestBody.json) ?? .none
        } else if let bodyNode = view["body"] {
            body = template(bodyNode, "body of step '\(name)'", scope: scope).map(RequestBody.text) ?? .none
        }
        let checks = view["check"].map { checkList($0, stepName: name, scope: scope) } ?? []
        let extractions = view["extract"].map { extractionList($0, stepName: name) } ?? []
        for extraction in extractions { scope.names.insert(extraction.variable) }
        let continueOnFail = view["continueOnFail"].flatMap { bool($0, "continueOnFail") } ?? false
        let record = view["record"].flatMap { writeDeclaration($0, stepName: name, body: body) }
        guard let url else { return nil }
        var step = RequestStep(
            method: method.uppercased(), url: url, name: name, headers: stepHeaders, body: body,
            extractions: extractions, checks: checks, continueOnFail: continueOnFail)
        step.record = record
        return step
    }

    /// `think: 1s`, `think: {min: 1s, max: 3s}` or `think: {mean: 2s}`.
    mutating func thinkTime(_ node: Node) -> ThinkTime? {
        if case .scalar = node {
            return pauseNanos(node, "think").map { ThinkTime.fixed(nanos: $0) }
        }
        guard let view = mapping(node, "think", allowed: ["min", "max", "mean"]) else { return nil }
        if let meanNode = view["mean"] {
            if view.has("min") || view.has("max") {
                log.report(view.node.location, "think takes either {min, max} or {mean}, not both")
                return nil
            }
            return pauseNanos(meanNode, "think.mean").map { ThinkTime.exponential(meanNanos: $0) }
        }
        guard let minNode = require("min", in: view, "think"), let maxNode = require("max", in: view, "think"),
              let minNanos = pauseNanos(minNode, "think.min"), let maxNanos = pauseNanos(maxNode, "think.max")
        else { return nil }
        guard minNanos <= maxNanos else {
            log.report(maxNode.location, "think.max must not be less than think.min")
            return nil
        }
        return .uniform(minNanos: minNanos, maxNanos: maxNanos)
    }
}

import Yams

/// Turns a composed YAML tree into a `Scenario`, collecting every problem instead of stopping at the first.
struct ScenarioDecoder {
    static let topLevelKeys = [
        "name", "target", "defaults", "secrets", "variables", "data", "setup", "teardown", "flows", "thresholds",
        "load", "workloads", "flowMix",
    ]

    var log: DiagnosticLog
    let directory: String
    let readFile: (String) throws -> [UInt8]
    /// Whether a missing `target:` is a problem (the run may supply the target instead).
    var requiresTarget = true
    var checkNames: [String] = []
    var checkSteps: [String] = []
    var feederColumns: [String: [String]] = [:]
    var failedFeeders: Set<String> = []
    var stepNames: Set<String> = []
    var groupNames: Set<String> = []
    var requestStepsSeen = 0
    /// Resources that some step's `record:` declares, and every `parent:` (checked once all steps are read).
    var writeResources: Set<String> = []
    var parentReferences: [(location: SourceLocation, what: String, resource: String)] = []

    init(file: String, directory: String, readFile: @escaping (String) throws -> [UInt8]) {
        log = DiagnosticLog(file: file)
        self.directory = directory
        self.readFile = readFile
    }

    /// Decodes the whole document; nil when any problem was reported.
    mutating func decode(_ root: Node, defaultName: String) -> Scenario? {
        guard let top = mapping(root, "the scenario", allowed: ScenarioDecoder.topLevelKeys) else { return nil }
        let name = top["name"].flatMap { string($0, "name") } ?? defaultName
        let targetNode = requiresTarget ? require("target", in: top, "the scenario") : top["target"]
        let target = targetNode.flatMap { targetURL($0) } ?? ""
        let secrets = top["secrets"].map { secretNames($0) } ?? []
        let variables = top["variables"].map { variableDefinitions($0) } ?? [:]
        let globalScope = VariableScope(names: Set(variables.keys))
        let defaults = top["defaults"].map { requestDefaults($0, scope: globalScope) } ?? RequestDefaults()
        let feeders = top["data"].map { feederList($0) } ?? []

        var setupScope = globalScope
        let setup = top["setup"].map { Flow(name: "setup", steps: steps($0, "setup", scope: &setupScope)) }
        let flowScope = VariableScope(names: setupScope.names)
        var flows: [Flow] = []
        if let flowsNode = require("flows", in: top, "the scenario") {
            flows = flowList(flowsNode, scope: flowScope)
        }
        var teardownScope = flowScope
        let teardown = top["teardown"].map { Flow(name: "teardown", steps: steps($0, "teardown", scope: &teardownScope)) }

        let flowNames = flows.map(\.name)
        let load = loadPlan(top, flowNames: flowNames)
        let thresholds = top["thresholds"].map { thresholdList($0, flowNames: flowNames) } ?? []
        let mix = top["flowMix"].flatMap { flowMix($0) }
        checkParentReferences()
        guard log.isEmpty else { return nil }
        var scenario = Scenario(
            name: name, target: target, defaults: defaults, secrets: secrets, variables: variables, feeders: feeders,
            setup: setup, teardown: teardown, flows: flows, thresholds: thresholds, load: load, checkNames: checkNames)
        scenario.checkSteps = checkSteps
        scenario.flowMix = mix ?? .random
        return scenario
    }

    private mutating func flowMix(_ node: Node) -> FlowMix? {
        guard let text = string(node, "flowMix") else { return nil }
        guard let mix = FlowMix(rawValue: text) else {
            log.report(node.location, "flowMix must be one of \(FlowMix.allCases.map(\.rawValue).joined(separator: ", ")), found '\(text)'")
            return nil
        }
        return mix
    }

    private mutating func targetURL(_ node: Node) -> String? {
        guard let text = string(node, "target") else { return nil }
        let host = text.hasPrefix("https://") ? text.dropFirst(8) : text.hasPrefix("http://") ? text.dropFirst(7) : ""
        guard !host.isEmpty, !host.hasPrefix("/"), !text.contains(" ") else {
            log.report(node.location, "target must be an http:// or https:// URL, found '\(URLRedaction.redact(text))'")
            return nil
        }
        if let problem = HTTPSyntax.urlProblem(text) {
            log.report(node.location, "target: \(problem)")
            return nil
        }
        if let problem = TargetURL.problem(text, option: "target") {
            log.report(node.location, problem)
            return nil
        }
        return text
    }

    private mutating func secretNames(_ node: Node) -> [String] {
        guard let items = list(node, "secrets") else { return [] }
        var names: [String] = []
        for item in items {
            guard let name = string(item, "a secret") else { continue }
            guard !name.isEmpty, name.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }), !name.contains("$") else {
                log.report(item.location, "secrets lists environment variable names, found '\(name)'")
                continue
            }
            names.append(name)
        }
        return names
    }

    private mutating func variableDefinitions(_ node: Node) -> [String: Template] {
        guard case .mapping(let mapping) = node else {
            log.report(node.location, "variables must be a mapping, found \(node.kindName)")
            return [:]
        }
        var variables: [String: Template] = [:]
        let scope = VariableScope(names: [], allowsVariables: false)
        for (keyNode, valueNode) in mapping {
            guard let name = keyNode.scalarText, Template.isIdentifier(name) else {
                log.report(keyNode.location, "variable names must be identifiers, found '\(keyNode.scalarText ?? keyNode.kindName)'")
                continue
            }
            if variables[name] != nil || ["seq", "now", "env", "data", "random"].contains(name) {
                log.report(keyNode.location, variables[name] != nil
                    ? "duplicate variable '\(name)'" : "'\(name)' is reserved and cannot be a variable name")
                continue
            }
            guard case .scalar = valueNode else {
                log.report(valueNode.location, "variable '\(name)' must be a scalar, found \(valueNode.kindName)")
                continue
            }
            if let value = template(valueNode, "variable '\(name)'", scope: scope) { variables[name] = value }
        }
        return variables
    }

    private mutating func requestDefaults(_ node: Node, scope: VariableScope) -> RequestDefaults {
        guard let view = mapping(node, "defaults", allowed: ["headers", "timeout", "http2"]) else {
            return RequestDefaults()
        }
        var defaults = RequestDefaults()
        if let headersNode = view["headers"] { defaults.headers = headers(headersNode, "defaults.headers", scope: scope) }
        if let timeoutNode = view["timeout"], let nanos = durationNanos(timeoutNode, "defaults.timeout") {
            if nanos < 1_000_000 {
                log.report(timeoutNode.location, "defaults.timeout must be at least 1ms")
            } else if nanos > ScenarioLimits.maxTimeoutNanos {
                log.report(timeoutNode.location, "defaults.timeout must be at most 24h, found '\(timeoutNode.scalarText ?? "")'")
            } else {
                defaults.timeoutMillis = nanos / 1_000_000
            }
        }
        if let http2Node = view["http2"], let http2 = bool(http2Node, "defaults.http2") { defaults.http2 = http2 }
        return defaults
    }

    /// Registers a check name and its step; returns its id.
    mutating func registerCheck(_ name: String, step: String) -> Int {
        checkNames.append(name)
        checkSteps.append(step)
        return checkNames.count - 1
    }
}

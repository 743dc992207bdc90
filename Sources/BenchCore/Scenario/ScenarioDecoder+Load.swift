import Yams

extension ScenarioDecoder {
    static let loadKeys = ["model", "vus", "duration", "iterations", "stages", "rate", "arrivals", "maxInFlight", "gracefulStop"]
    static let workloadKeys = ["name", "flows", "startAfter", "load"]

    /// The top-level `load:` or `workloads:` (not both); absent means 1 virtual user for 10 s.
    mutating func loadPlan(_ top: MappingView, flowNames: [String]) -> LoadPlan {
        if top.has("load"), top.has("workloads") {
            log.report(top.keyLocation("workloads"), "use either load or workloads, not both")
            // Both are still read, so every problem in them is listed at once.
            if let loadNode = top["load"] { _ = loadModel(loadNode, "load") }
            _ = workloadList(top, flowNames: flowNames)
            return LoadPlan()
        }
        if let loadNode = top["load"] {
            guard let (model, graceful) = loadModel(loadNode, "load") else { return LoadPlan() }
            let workload = Workload(name: "default", flowNames: [], startAfterNanos: 0, model: model)
            return LoadPlan(workloads: [workload], gracefulStopNanos: graceful ?? 10_000_000_000)
        }
        return workloadList(top, flowNames: flowNames) ?? LoadPlan()
    }

    /// The top-level `workloads:` list, or nil when there is none.
    private mutating func workloadList(_ top: MappingView, flowNames: [String]) -> LoadPlan? {
        guard let workloadsNode = top["workloads"], let items = list(workloadsNode, "workloads") else { return nil }
        if items.isEmpty { log.report(workloadsNode.location, "workloads must list at least one workload") }
        if items.count > ScenarioLimits.maxWorkloads {
            log.report(workloadsNode.location,
                       ScenarioLimits.tooLong("workloads", count: items.count, maximum: ScenarioLimits.maxWorkloads))
            return LoadPlan()
        }
        var workloads: [Workload] = []
        var graceful: Int64 = 10_000_000_000
        for (index, item) in items.enumerated() {
            guard let view = mapping(item, "a workload", allowed: ScenarioDecoder.workloadKeys) else { continue }
            let name = view["name"].flatMap { string($0, "workload name") } ?? "workload\(index + 1)"
            if workloads.contains(where: { $0.name == name }) {
                log.report(view.keyLocation("name"), "duplicate workload name '\(name)'")
            }
            var flows: [String] = []
            if let flowsNode = view["flows"], let names = list(flowsNode, "flows of workload '\(name)'") {
                for nameNode in names {
                    guard let flow = string(nameNode, "flow name") else { continue }
                    if flowNames.contains(flow) {
                        flows.append(flow)
                    } else {
                        log.report(nameNode.location, "unknown flow '\(flow)' in workload '\(name)'\(EditDistance.hint(for: flow, among: flowNames))")
                    }
                }
            }
            let startAfter = view["startAfter"].flatMap { boundedDurationNanos($0, "startAfter") } ?? 0
            guard let loadNode = require("load", in: view, "workload '\(name)'"),
                  let (model, stop) = loadModel(loadNode, "load of workload '\(name)'")
            else { continue }
            graceful = max(graceful, stop ?? 0)
            workloads.append(Workload(name: name, flowNames: flows, startAfterNanos: startAfter, model: model))
        }
        return LoadPlan(workloads: workloads, gracefulStopNanos: graceful)
    }

    private mutating func loadModel(_ node: Node, _ what: String) -> (LoadModel, Int64?)? {
        guard let view = mapping(node, what, allowed: ScenarioDecoder.loadKeys) else { return nil }
        let graceful = view["gracefulStop"].flatMap { boundedDurationNanos($0, "gracefulStop") }
        // arrivals and maxInFlight alone mean the open model unless vus says closed (then they are misplaced).
        var open = view.has("rate") || ((view.has("arrivals") || view.has("maxInFlight")) && !view.has("vus"))
        if let modelNode = view["model"], let text = string(modelNode, "model") {
            guard text == "open" || text == "closed" else {
                log.report(modelNode.location, "model must be open or closed, found '\(text)'")
                return nil
            }
            if text == "closed", open {
                log.report(modelNode.location, "rate, arrivals and maxInFlight belong to the open model")
                return nil
            }
            open = text == "open"
        }
        let model = open ? openModel(view, what) : closedModel(view, what)
        return model.map { ($0, graceful) }
    }

    private mutating func closedModel(_ view: MappingView, _ what: String) -> LoadModel? {
        if let stagesNode = view["stages"] {
            for key in ["vus", "duration", "iterations"] where view.has(key) {
                log.report(view.keyLocation(key), "\(key) does not combine with stages in \(what)")
            }
            return stages(stagesNode, what, targetWhat: "virtual users", maximum: Double(InputLimits.maxConnections))
                .map { .closed(.stages($0)) }
        }
        for key in ["arrivals", "maxInFlight"] where view.has(key) {
            log.report(view.keyLocation(key), "\(key) belongs to the open model (with rate), not a closed \(what) (which has vus)")
        }
        // vus is read first but a bad one does not hide a bad duration or iteration count.
        let vus = require("vus", in: view, what).flatMap { int($0, "vus", minimum: 1, maximum: InputLimits.maxConnections) }
        switch (view["duration"], view["iterations"]) {
        case (let durationNode?, nil):
            let nanos = positiveDurationNanos(durationNode, "duration")
            guard let vus, let nanos else { return nil }
            return .closed(.constant(vus: vus, durationNanos: nanos))
        case (nil, let iterationsNode?):
            let count = int(iterationsNode, "iterations", minimum: 1, maximum: ScenarioLimits.maxIterations)
            guard let vus, let count else { return nil }
            return .closed(.iterations(vus: vus, count: count))
        case (.some, .some):
            log.report(view.keyLocation("iterations"), "\(what) takes duration or iterations, not both")
        case (nil, nil):
            log.report(view.node.location, "\(what) needs duration, iterations or stages")
        }
        return nil
    }

    private mutating func openModel(_ view: MappingView, _ what: String) -> LoadModel? {
        for key in ["vus", "iterations"] where view.has(key) {
            log.report(view.keyLocation(key), "\(key) belongs to the closed model, not an open \(what) (which has rate)")
        }
        var arrivals = ArrivalProcess.uniform
        if let node = view["arrivals"], let text = string(node, "arrivals") {
            guard let parsed = ArrivalProcess(rawValue: text) else {
                log.report(node.location, "arrivals must be uniform or poisson, found '\(text)'")
                return nil
            }
            arrivals = parsed
        }
        let maxInFlight = view["maxInFlight"].flatMap {
            int($0, "maxInFlight", minimum: 1, maximum: InputLimits.maxConnections)
        } ?? 1000
        let rate: OpenLoad.Rate
        if let stagesNode = view["stages"] {
            if view.has("rate") || view.has("duration") {
                log.report(view.keyLocation("stages"), "stages replace rate and duration in \(what)")
            }
            guard let parsed = stages(stagesNode, what, targetWhat: "iterations per second", maximum: InputLimits.maxRatePerSecond)
            else { return nil }
            rate = .stages(parsed)
        } else {
            guard let rateNode = require("rate", in: view, what), let perSecond = number(rateNode, "rate", minimum: 0, maximum: InputLimits.maxRatePerSecond),
                  let durationNode = require("duration", in: view, what), let nanos = positiveDurationNanos(durationNode, "duration")
            else { return nil }
            if perSecond == 0 { log.report(rateNode.location, "rate must be greater than 0") }
            rate = .constant(perSecond: perSecond, durationNanos: nanos)
        }
        return .open(OpenLoad(rate: rate, arrivals: arrivals, maxInFlight: maxInFlight))
    }

    /// A duration that must be longer than zero (a run's length) and at most the longest run.
    private mutating func positiveDurationNanos(_ node: Node, _ what: String) -> Int64? {
        guard let nanos = boundedDurationNanos(node, what) else { return nil }
        guard nanos > 0 else {
            log.report(node.location, "\(what) must be longer than 0, found '\(node.scalarText ?? "")'")
            return nil
        }
        return nanos
    }

    /// A duration of at most `InputLimits.maxDurationNanos` (7 days), as the command line accepts.
    private mutating func boundedDurationNanos(_ node: Node, _ what: String) -> Int64? {
        guard let nanos = durationNanos(node, what) else { return nil }
        guard nanos >= 0, UInt64(nanos) <= InputLimits.maxDurationNanos else {
            log.report(node.location, "\(what) must be at most 7 days, found '\(node.scalarText ?? "")'")
            return nil
        }
        return nanos
    }

    /// `stages:` of the load `what`: at most `ScenarioLimits.maxStages`, lasting at most 7 days together.
    private mutating func stages(_ node: Node, _ what: String, targetWhat: String, maximum: Double) -> [LoadStage]? {
        guard let items = list(node, "stages") else { return nil }
        if items.isEmpty { log.report(node.location, "stages must list at least one stage") }
        let named = what == "load" ? "load.stages" : "stages of \(what)"
        if items.count > ScenarioLimits.maxStages {
            log.report(node.location, ScenarioLimits.tooLong(named, count: items.count, maximum: ScenarioLimits.maxStages))
            return nil
        }
        var stages: [LoadStage] = []
        for item in items {
            guard let view = mapping(item, "a stage", allowed: ["duration", "target"]),
                  let durationNode = require("duration", in: view, "a stage"),
                  let targetNode = require("target", in: view, "a stage"),
                  let nanos = boundedDurationNanos(durationNode, "stage duration"),
                  let target = number(targetNode, "stage target (\(targetWhat))", minimum: 0, maximum: maximum)
            else { continue }
            stages.append(LoadStage(durationNanos: nanos, target: target))
        }
        guard stages.count == items.count, !items.isEmpty else { return nil }
        // Each stage is at most 7 days and there are at most 1000, so this sum cannot overflow.
        let total = stages.reduce(Int64(0)) { $0 + $1.durationNanos }
        guard UInt64(total) <= InputLimits.maxDurationNanos else {
            log.report(node.location, "\(named) last \(DurationText.format(nanos: UInt64(total))) together; at most 7 days")
            return nil
        }
        return stages
    }

    /// `thresholds:` as strings or `{expr, abortOnFail}`; metric scopes must name real steps, flows and groups.
    mutating func thresholdList(_ node: Node, flowNames: [String]) -> [Threshold] {
        guard let items = list(node, "thresholds") else { return [] }
        var thresholds: [Threshold] = []
        for item in items {
            var exprNode = item
            var abort = false
            if case .mapping = item {
                guard let view = mapping(item, "a threshold", allowed: ["expr", "abortOnFail"]),
                      let expr = require("expr", in: view, "a threshold")
                else { continue }
                exprNode = expr
                abort = view["abortOnFail"].flatMap { bool($0, "abortOnFail") } ?? false
            }
            guard let text = string(exprNode, "a threshold") else { continue }
            do {
                let threshold = try Threshold.parse(text, abortOnFail: abort)
                if let problem = unknownScope(threshold.metric, flowNames: flowNames) {
                    log.report(exprNode.location, "\(problem) in threshold '\(text)'")
                    continue
                }
                thresholds.append(threshold)
            } catch let error as TextParseError {
                log.report(location(in: exprNode, offset: error.offset), error.message)
            } catch {}
        }
        return thresholds
    }

    private func unknownScope(_ metric: ThresholdMetric, flowNames: [String]) -> String? {
        switch metric {
        case .stepLatency(let step, _), .stepErrorRate(let step):
            return stepNames.contains(step) ? nil : "unknown step '\(step)'\(EditDistance.hint(for: step, among: Array(stepNames)))"
        case .flowDuration(let flow, _), .flowIterations(let flow):
            return flowNames.contains(flow) ? nil : "unknown flow '\(flow)'\(EditDistance.hint(for: flow, among: flowNames))"
        case .groupDuration(let group, _):
            return groupNames.contains(group) ? nil : "unknown group '\(group)'\(EditDistance.hint(for: group, among: Array(groupNames)))"
        default:
            return nil
        }
    }
}

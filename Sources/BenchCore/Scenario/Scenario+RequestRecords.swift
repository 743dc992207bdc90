extension Scenario {
    /// What a result records of each distinct request step, in `stepNames` order: its method, its URL and headers
    /// as written (templates unrendered, so no generated or secret value is in them; credential headers masked).
    /// The first step of a name stands for all of that name. Defaults' headers come first unless the step sets one
    /// of the same name.
    public func requestRecords() -> [RequestRecord] {
        var first: [String: RequestStep] = [:]
        for flow in flows {
            for case .request(let step, _) in flow.program where first[step.name] == nil { first[step.name] = step }
        }
        return stepNames.map { name in
            guard let step = first[name] else { return RequestRecord(name: name, method: "", url: "", headers: []) }
            let own = Set(step.headers.map { $0.name.lowercased() })
            let headers = defaults.headers.filter { !own.contains($0.name.lowercased()) } + step.headers
            return RequestRecord(name: name, method: step.method, url: URLRedaction.redact(FlowIteration.join(target: target, step.url.source)),
                                 headers: headers.map { HeaderRedaction.redact("\($0.name): \($0.value.source)") })
        }
    }
}

extension Scenario {
    /// k6's `group` tag for a request step, the live outputs' `group` label: "::" and the flow's name, then
    /// "::" and the group's when the step is inside one (k6 joins nested group names with "::"); the first place
    /// the step appears names it, as `requestRecords` takes its request from there; "" for a name no flow has.
    public func groupTag(step name: String) -> String {
        for flow in flows {
            for case .request(let step, let group) in flow.program where step.name == name {
                return "::" + flow.name + (group.map { "::" + $0 } ?? "")
            }
        }
        return ""
    }
}

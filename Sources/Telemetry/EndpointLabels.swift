import Runner

/// k6's request tags for one endpoint, as the live outputs label its series: `name` (the step's name, or the path
/// of a URL run: a template, never a raw URL with ids, so the series stay few), `method` and `group`.
public struct EndpointLabels: Sendable, Equatable {
    public var name: String
    public var method: String
    public var group: String

    public init(name: String, method: String, group: String) {
        self.name = name
        self.method = method
        self.group = group
    }

    /// The labels of every endpoint of a source, by endpoint index.
    public static func of(_ info: SourceInfo) -> [EndpointLabels] {
        info.endpointNames.indices.map { index in
            let record = index < info.requests.count ? info.requests[index] : nil
            let method = record?.method.uppercased() ?? ""
            var name = info.endpointNames[index]
            // A URL run names its endpoint "GET /path": the method has its own label.
            if !method.isEmpty && name.hasPrefix(method + " ") { name.removeFirst(method.count + 1) }
            return EndpointLabels(name: name, method: method,
                                  group: index < info.endpointGroups.count ? info.endpointGroups[index] : "")
        }
    }
}

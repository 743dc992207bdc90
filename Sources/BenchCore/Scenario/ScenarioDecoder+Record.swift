import Yams

extension ScenarioDecoder {
    static let recordKeys = ["resource", "id", "fields", "key", "readBack", "search", "parent"]

    /// `record:` of a step: checked against the step's json body and the variables each path may use.
    mutating func writeDeclaration(_ node: Node, stepName: String, body: RequestBody) -> WriteDeclaration? {
        let what = "record of step '\(stepName)'"
        guard let view = mapping(node, what, allowed: Self.recordKeys) else { return nil }
        let resource = require("resource", in: view, what).flatMap { string($0, "\(what): resource") }
        let idPath = require("id", in: view, what).flatMap { jsonPath($0, "\(what): id") }
        var fields: [String] = []
        if let fieldsNode = require("fields", in: view, what), let items = list(fieldsNode, "\(what): fields") {
            fields = items.compactMap { string($0, "\(what): a field") }
            if items.isEmpty { log.report(fieldsNode.location, "\(what): fields must name at least one field") }
            if case .json(.object(let members)) = body {
                let sent = Set(members.map(\.key))
                for (item, field) in zip(items, fields) where !sent.contains(field) {
                    log.report(item.location, "\(what): field '\(field)' is not in the step's json body"
                               + EditDistance.hint(for: field, among: Array(sent)))
                }
            } else {
                log.report(fieldsNode.location, "\(what): fields are read from the step's json body, and it has none (add json: {…})")
            }
        }
        let key = view["key"].flatMap { string($0, "\(what): key") }
        if let key, !fields.contains(key), let keyNode = view["key"] {
            log.report(keyNode.location, "\(what): key '\(key)' must be one of fields [\(fields.joined(separator: ", "))]")
        }
        let readBack = require("readBack", in: view, what).flatMap { auditPath($0, "\(what): readBack", variable: "id") }
        var search: Template?
        if let searchNode = view["search"] {
            if key == nil { log.report(searchNode.location, "\(what): search needs a key (the value ${key} stands for)") }
            search = auditPath(searchNode, "\(what): search", variable: "key")
        }
        var parent: WriteDeclaration.Parent?
        if let parentNode = view["parent"], let parentView = mapping(parentNode, "\(what): parent", allowed: ["resource", "field"]) {
            let resource = require("resource", in: parentView, "\(what): parent").flatMap { string($0, "\(what): parent resource") }
            let field = require("field", in: parentView, "\(what): parent").flatMap { string($0, "\(what): parent field") }
            if let resource, let field {
                parent = .init(resource: resource, field: field)
                parentReferences.append((parentNode.location, what, resource))
                if !fields.contains(field) {
                    log.report(parentNode.location, "\(what): parent field '\(field)' must be one of fields [\(fields.joined(separator: ", "))]")
                }
            }
        }
        guard let resource, let idPath, let readBack, !fields.isEmpty else { return nil }
        writeResources.insert(resource)
        return WriteDeclaration(resource: resource, idPath: idPath, fields: fields, key: key, readBack: readBack,
                                search: search, parent: parent)
    }

    /// A readBack or search path: rendered at audit time, when only `variable` (and `${env.…}`) is known.
    private mutating func auditPath(_ node: Node, _ what: String, variable: String) -> Template? {
        guard let template = template(node, what, scope: VariableScope(names: [variable])) else { return nil }
        if let text = node.scalarText, !text.hasPrefix("/"), !text.hasPrefix("http://"), !text.hasPrefix("https://") {
            log.report(node.location, "\(what) must be a path starting with '/' or an http(s):// URL, found '\(text)'")
            return nil
        }
        for part in template.parts {
            switch part {
            case .literal, .variable, .env: continue
            default:
                log.report(node.location, "\(what) may use only ${\(variable)} and ${env.NAME}: it is read after the load")
                return nil
            }
        }
        if !template.variableNames.contains(variable) {
            log.report(node.location, "\(what) must use ${\(variable)}")
            return nil
        }
        return template
    }

    /// Every `parent:` names a resource that some step records.
    mutating func checkParentReferences() {
        for (location, what, resource) in parentReferences where !writeResources.contains(resource) {
            log.report(location, "\(what): parent resource '\(resource)' is recorded by no step"
                       + EditDistance.hint(for: resource, among: Array(writeResources)))
        }
    }
}

/// The reference CRM's own OpenAPI 3.1 description, served at `/openapi.json`: every route `buildApplication`
/// adds, with the bodies the controllers decode (`Draft`, `Patch`), the records they answer with and the error
/// statuses `CRMError` maps to. Written by hand from the models, so the measured system shares no code with the
/// measurer; the OpenAPI import test checks it against a live server (every operation answers with a documented
/// status). Paths are in the order a client walks them: a collection (create, list), its items (read, replace,
/// change, delete), then the lifecycle steps in their order.
enum OpenAPIDocument {
    /// The document as JSON bytes.
    static let json: [UInt8] = Array(document.text.utf8)

    /// A record type under `/api/v1/<path>`: its draft fields, which are required, the fields only the server sets,
    /// and the list filters.
    struct Resource {
        var path: String
        var name: String
        var draft: [(String, OrderedJSON)]
        var required: [String]
        var serverFields: [(String, OrderedJSON)]
        var filters: [(String, OrderedJSON)]
        /// Lifecycle steps: `POST /api/v1/<path>/{id}/<step>`, in order, with what each needs first.
        var steps: [(name: String, needs: String)] = []
    }

    static func ref(_ name: String) -> OrderedJSON { ["$ref": .string("#/components/schemas/\(name)")] }
    static let id: OrderedJSON = ["type": "integer", "minimum": 1, "examples": [1]]
    static let timestamp: OrderedJSON = ["type": "string", "format": "date-time"]
    static func text(_ max: Int) -> OrderedJSON { ["type": ["string", "null"], "maxLength": .integer(max)] }
    static func nullable(_ schema: OrderedJSON) -> OrderedJSON { schema.setting("type", [schema["type"] ?? "string", "null"]) }
    static let channels: OrderedJSON = ["type": "string", "enum": ["email", "phone", "chat", "meeting"]]

    static let resources: [Resource] = [
        Resource(path: "customers", name: "Customer",
                 draft: [("name", ["type": "string", "minLength": 1, "maxLength": 200, "examples": ["Ada Lovelace"]]),
                         ("email", ["type": "string", "format": "email", "maxLength": 254,
                                    "description": "Unique among customers (409 when taken)."]),
                         ("phone", text(50)), ("company", text(200)), ("segment", text(50))],
                 required: ["name", "email"], serverFields: [("createdAt", timestamp), ("updatedAt", timestamp)],
                 filters: [("search", ["type": "string", "description": "Matches name or email."])]),
        Resource(path: "interactions", name: "Interaction",
                 draft: [("customerId", id), ("channel", channels), ("startedAt", nullable(timestamp)),
                         ("endedAt", nullable(timestamp)), ("notes", text(10_000))],
                 required: ["customerId", "channel"], serverFields: [],
                 filters: [("customerId", id), ("channel", channels)]),
        Resource(path: "orders", name: "Order",
                 draft: [("customerId", id), ("amount", ["type": "number", "minimum": 0, "examples": [120.5]]),
                         ("quantity", ["type": "integer", "minimum": 1, "maximum": 1_000_000, "examples": [1]])],
                 required: ["customerId", "amount", "quantity"],
                 serverFields: [("status", ["type": "string", "enum": ["placed", "paid", "shipped", "delivered"]]),
                                ("placedAt", nullable(timestamp)), ("paidAt", nullable(timestamp)),
                                ("shippedAt", nullable(timestamp)), ("deliveredAt", nullable(timestamp))],
                 filters: [("customerId", id), ("status", ["type": "string", "enum": ["placed", "paid", "shipped", "delivered"]])],
                 steps: [("pay", "placed"), ("ship", "paid"), ("deliver", "shipped")]),
        Resource(path: "tickets", name: "Ticket",
                 draft: [("customerId", id), ("orderId", ["type": ["integer", "null"], "minimum": 1]),
                         ("subject", ["type": "string", "minLength": 1, "maxLength": 200, "examples": ["Parcel damaged"]]),
                         ("description", text(10_000))],
                 required: ["customerId", "subject"],
                 serverFields: [("status", ["type": "string", "enum": ["open", "resolved"]]), ("openedAt", timestamp),
                                ("resolvedAt", nullable(timestamp))],
                 filters: [("customerId", id), ("orderId", id), ("status", ["type": "string", "enum": ["open", "resolved"]])],
                 steps: [("resolve", "open")]),
        Resource(path: "feedback", name: "Feedback",
                 draft: [("customerId", id), ("rating", ["type": "integer", "minimum": 1, "maximum": 5, "examples": [4]]),
                         ("text", ["type": "string", "maxLength": 10_000, "description": "May be empty."])],
                 required: ["customerId", "rating", "text"], serverFields: [("createdAt", timestamp)],
                 filters: [("customerId", id), ("rating", ["type": "integer", "minimum": 1, "maximum": 5])]),
    ]

    static func answer(_ description: String, _ schema: OrderedJSON? = nil, type: String = "application/json") -> OrderedJSON {
        guard let schema else { return ["description": .string(description)] }
        return ["description": .string(description), "content": .object([(type, OrderedJSON.object([("schema", schema)]))])]
    }

    static let errors: [(String, OrderedJSON)] = [
        ("400", answer("A field is missing or invalid, or names a record that does not exist (the body names the field).", ref("Error"))),
        ("401", answer("Missing or wrong bearer token.", ref("Error"))),
        ("404", answer("No record with that id.", ref("Error"))),
        ("409", answer("A unique field is taken, or the status cannot change so.", ref("Error"))),
        ("413", answer("The body is larger than the server's limit.", ref("Error"))),
    ]

    static func operation(_ operationId: String, _ tag: String, _ summary: String, _ success: (String, OrderedJSON),
                          codes: [String], body: OrderedJSON? = nil, parameters: [OrderedJSON] = []) -> OrderedJSON {
        var out: [(String, OrderedJSON)] = [("operationId", .string(operationId)), ("tags", [.string(tag)]), ("summary", .string(summary))]
        if !parameters.isEmpty { out.append(("parameters", .array(parameters))) }
        if let body { out.append(("requestBody", ["required": true, "content": ["application/json": ["schema": body]]])) }
        out.append(("responses", .object([success] + errors.filter { codes.contains($0.0) })))
        return .object(out)
    }

    static let idParameter: OrderedJSON = ["name": "id", "in": "path", "required": true, "schema": id]

    static func resourcePaths(of r: Resource) -> [(String, OrderedJSON)] {
        let listParameters: [OrderedJSON] = [
            ["name": "limit", "in": "query", "schema": ["type": "integer", "minimum": 1, "default": 50]],
            ["name": "offset", "in": "query", "schema": ["type": "integer", "minimum": 0, "default": 0]],
        ] + r.filters.map { ["name": .string($0.0), "in": "query", "schema": $0.1] }
        let collection = "/api/v1/\(r.path)", item = "/api/v1/\(r.path)/{id}", lower = r.name.lowercased()
        var out: [(String, OrderedJSON)] = [
            (collection, [
                "post": operation("create\(r.name)", r.path, "Create a \(lower)", ("201", answer("Created.", ref(r.name))),
                                  codes: ["400", "401", "409", "413"], body: ref(r.name + "Draft")),
                "get": operation("list\(r.name)", r.path, "List \(r.path)", ("200", answer("One page.", ref(r.name + "Page"))),
                                 codes: ["400", "401"], parameters: listParameters),
            ]),
            (item, [
                "parameters": [idParameter],
                "get": operation("get\(r.name)", r.path, "Read a \(lower)", ("200", answer("The record.", ref(r.name))), codes: ["401", "404"]),
                "put": operation("replace\(r.name)", r.path, "Replace a \(lower)", ("200", answer("The record.", ref(r.name))),
                                 codes: ["400", "401", "404", "409", "413"], body: ref(r.name + "Draft")),
                "patch": operation("update\(r.name)", r.path, "Change some fields of a \(lower)", ("200", answer("The record.", ref(r.name))),
                                   codes: ["400", "401", "404", "409", "413"], body: ref(r.name + "Patch")),
                "delete": operation("delete\(r.name)", r.path, "Delete a \(lower)", ("204", answer("Deleted.")), codes: ["401", "404"]),
            ]),
        ]
        if r.path == "customers" {
            out.append(("/api/v1/customers/{id}/summary", ["parameters": [idParameter], "get": operation(
                "customerSummary", "customers", "Purchases and feedback of a customer",
                ("200", answer("The summary.", ref("CustomerSummary"))), codes: ["401", "404"])]))
        }
        for step in r.steps {
            out.append(("\(item)/\(step.name)", ["parameters": [idParameter], "post": operation(
                "\(step.name)\(r.name)", r.path, "\(step.name.capitalized) a \(lower) (its status must be \(step.needs))",
                ("200", answer("The record.", ref(r.name))), codes: ["401", "404", "409"])]))
        }
        return out
    }

    static var document: OrderedJSON {
        var paths: [(String, OrderedJSON)] = [("/healthz", ["get": [
            "operationId": "health", "tags": ["system"], "summary": "Liveness", "security": [],
            "responses": ["200": answer("Up.", ["type": "object", "properties": ["status": ["type": "string"]]])]]])]
        var schemas: [(String, OrderedJSON)] = [
            ("Error", ["type": "object", "required": ["error"],
                       "properties": ["error": ["type": "string"], "field": ["type": ["string", "null"]]]]),
            ("CustomerSummary", ["type": "object", "properties": [
                "customerId": id, "purchaseCount": ["type": "integer"], "purchaseAmount": ["type": "number"],
                "feedbackCount": ["type": "integer"], "lastActivityAt": nullable(timestamp)]]),
        ]
        for r in resources {
            let draft = OrderedJSON.object(r.draft)
            schemas.append((r.name + "Draft", ["type": "object", "required": .array(r.required.map { .string($0) }), "properties": draft]))
            schemas.append((r.name + "Patch", ["type": "object", "properties": draft]))
            schemas.append((r.name, ["type": "object", "required": .array((["id"] + r.required).map { .string($0) }),
                                     "properties": .object([("id", id)] + r.draft + r.serverFields)]))
            schemas.append((r.name + "Page", ["type": "object", "required": ["items", "total", "limit", "offset"], "properties": [
                "items": ["type": "array", "items": ref(r.name)], "total": ["type": "integer"],
                "limit": ["type": "integer"], "offset": ["type": "integer"]]]))
            paths += resourcePaths(of: r)
        }
        paths.append(("/api/v1/reports/process", ["get": operation(
            "processReport", "reports", "Orders and tickets through their lifecycle",
            ("200", answer("The report.", ["type": "object"])), codes: ["400", "401"],
            parameters: [["name": "since", "in": "query", "schema": timestamp]])]))
        paths.append(("/metrics", ["get": ["operationId": "metrics", "tags": ["system"], "summary": "Prometheus text", "security": [],
                                           "responses": ["200": answer("Metrics.", ["type": "string"], type: "text/plain")]]]))
        paths.append(("/openapi.json", ["get": ["operationId": "openapi", "tags": ["system"], "summary": "This document",
                                                "security": [], "responses": ["200": answer("OpenAPI 3.1.", ["type": "object"])]]]))
        return [
            "openapi": "3.1.0",
            "info": ["title": "crmbench reference CRM", "version": "1"],
            "security": [["bearer": []]],
            "paths": .object(paths),
            "components": ["schemas": .object(schemas), "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]]],
        ]
    }
}

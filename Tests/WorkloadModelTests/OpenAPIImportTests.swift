import Foundation
import Testing
@testable import WorkloadModel

@Suite("OpenAPI import")
struct OpenAPIImporterTests {
    /// A 3.0 document (converted to 3.1 on reading): a create that answers with an id, item operations on it, a
    /// body example on the media type, and an operation whose id comes from nowhere in the flow.
    static let petstore = """
        {"openapi": "3.0.3", "info": {"title": "pets", "version": "1"},
         "servers": [{"url": "http://pets.test:9000"}],
         "paths": {
          "/pets/{petId}": {"parameters": [{"name": "petId", "in": "path", "required": true, "schema": {"type": "integer"}}],
            "delete": {"tags": ["pets"], "operationId": "deletePet", "responses": {"204": {"description": "gone"}}},
            "get": {"tags": ["pets"], "operationId": "getPet", "responses": {"200": {"description": "a pet",
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}}},
          "/pets": {"post": {"tags": ["pets"], "operationId": "createPet",
              "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}}},
              "responses": {"201": {"description": "made", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}},
                            "400": {"description": "bad"}}}},
          "/owners/{ownerId}": {"get": {"tags": ["owners"], "operationId": "getOwner",
              "parameters": [{"name": "ownerId", "in": "path", "required": true, "schema": {"type": "string"}, "example": "o-7"}],
              "responses": {"200": {"description": "an owner"}}}},
          "/owners": {"post": {"tags": ["owners"], "operationId": "addOwner",
              "requestBody": {"content": {"application/json": {"schema": {"type": "object"}, "example": {"name": "Kim"}}}},
              "responses": {"200": {"description": "ok"}}}}},
         "components": {"schemas": {
          "NewPet": {"type": "object", "required": ["name", "born", "contact"],
            "properties": {"name": {"type": "string"}, "born": {"type": "string", "format": "date-time"},
                           "contact": {"type": "string", "format": "email"}, "kind": {"type": "string", "enum": ["cat", "dog"]},
                           "age": {"type": "integer", "minimum": 2}}},
          "Pet": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}}}}
        """

    @Test func flowsPerTagWithExtractedIdsAndSynthesizedBodies() throws {
        let imported = try OpenAPIImporter.scenario(from: Data(Self.petstore.utf8), options: .init())
        #expect(imported.flows == 2 && imported.steps == 5)
        let yaml = imported.yaml
        #expect(yaml.contains("target: \"http://pets.test:9000\""))
        // Create first (its id extracted), then read, delete last, although the document lists delete first.
        let create = try #require(yaml.range(of: "name: \"createPet\""))
        let read = try #require(yaml.range(of: "name: \"getPet\""))
        let delete = try #require(yaml.range(of: "name: \"deletePet\""))
        #expect(create.lowerBound < read.lowerBound && read.lowerBound < delete.lowerBound)
        #expect(yaml.contains("petsId: $.id") && yaml.contains("/pets/${petsId}"))
        #expect(yaml.contains("- status: 201") && yaml.contains("- status: 204"))
        // Required properties synthesized by type and format; optional ones without an example left out.
        #expect(yaml.contains("\"born\": ${now}") && yaml.contains("\"contact\": \"user-${random.uuid}@example.test\""))
        #expect(!yaml.contains("\"kind\"") && !yaml.contains("\"age\""))
        // The media type's example is the body; an id nothing in the flow creates comes from a feeder of examples.
        #expect(yaml.contains("\"name\": \"Kim\""))
        #expect(yaml.contains("/owners/${data.p1.value}"))
        #expect(imported.feeders["openapi-p1.csv"] == "value\no-7\n")
    }

    @Test func notOpenAPIIsRefusedWithTheReason() {
        #expect(throws: OpenAPIImporter.Problem.self) { try OpenAPIImporter.scenario(from: Data("[1]".utf8), options: .init()) }
        do {
            _ = try OpenAPIImporter.scenario(from: Data(#"{"swagger": "2.0"}"#.utf8), options: .init())
            Issue.record("Swagger 2 accepted")
        } catch { #expect(error.description.contains("$.openapi")) }
    }
}

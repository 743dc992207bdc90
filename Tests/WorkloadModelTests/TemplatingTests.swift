import Testing
@testable import WorkloadModel

@Suite("Endpoint templates")
struct TemplatingTests {
    @Test(arguments: [
        ("GET", "/api/v1/customers?limit=20&offset=40", "GET /api/v1/customers"),
        ("GET", "/api/v1/customers/42", "GET /api/v1/customers/{id}"),
        ("POST", "/api/v1/orders/7/pay", "POST /api/v1/orders/{id}/pay"),
        ("GET", "/users/3f2504e0-4f89-11d3-9a0c-0305e82c3301/cart", "GET /users/{uuid}/cart"),
        ("GET", "/objects/5f2b8c1e9a7d4e3f00a1b2c3", "GET /objects/{hex}"),
        ("GET", "/pages/deadbeef", "GET /pages/deadbeef"),  // hex letters only: a word, not an id
        ("GET", "/pages/abcdefgh", "GET /pages/abcdefgh"),
        ("GET", "/contacts/jane.doe@example.com/notes", "GET /contacts/{email}/notes"),
        ("GET", "/contacts/jane%40example.org", "GET /contacts/{email}"),
        ("GET", "https://crm.example:8443/api/v2/leads/9?x=1", "GET /api/v2/leads/{id}"),
        ("GET", "/", "GET /"),
        ("GET", "/v2/items/", "GET /v2/items/"),
    ])
    func collapses(_ method: String, _ target: String, _ key: String) {
        #expect(EndpointTemplate(method: method, target: target).key == key)
    }

    @Test func identifiersKeepTheirValuesAndCollections() {
        let template = EndpointTemplate(method: "GET", target: "/api/v1/customers/42/orders/9")
        #expect(template.identifiers.map(\.value) == ["42", "9"])
        #expect(template.identifiers.map { template.collectionPath(of: $0) } == ["/api/v1/customers", "/api/v1/customers/{id}/orders"])
    }

    @Test func staticAssets() {
        #expect(EndpointTemplate.isStaticAsset("/static/app.9f2c.js?v=3"))
        #expect(EndpointTemplate.isStaticAsset("/favicon.ico"))
        #expect(!EndpointTemplate.isStaticAsset("/api/v1/customers.json"))
        #expect(!EndpointTemplate.isStaticAsset("/v1.2/customers"))
    }
}

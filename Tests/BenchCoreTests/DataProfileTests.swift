import Foundation
import Testing
@testable import BenchCore

/// The data profile's pure parts: rules, date parsing, the profiler's counts, page reading and the page walk.
@Suite struct DataProfileTests {
    /// Unix times from the definition of the epoch (POSIX.1-2017, 4.16 "Seconds Since the Epoch"); 1704067200 is
    /// also the reference CRM's `SeedPlan.epoch` (2024-01-01T00:00:00Z).
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", 0.0),
        ("2024-01-01T00:00:00Z", 1_704_067_200.0),
        ("2024-01-01", 1_704_067_200.0),
        ("2024-01-01T02:00:00+02:00", 1_704_067_200.0),
        ("2023-12-31T19:00:00-0500", 1_704_067_200.0),
        ("2024-02-29T12:00:00.250Z", 1_709_208_000.25),
        ("2000-03-01 00:00:00", 951_868_800.0),
    ])
    func datesReadAsTheirUnixTime(text: String, seconds: Double) {
        #expect(ProfileRules.epochSeconds(text) == seconds)
    }

    @Test(arguments: ["2023-02-29", "2024-13-01", "2024-01-01T24:00:00Z", "2024-01-01T10:00:00Zjunk", "01/02/2024",
                      "2024-01-01T10", "", "yesterday"])
    func nonDatesAreRefused(text: String) {
        #expect(ProfileRules.epochSeconds(text) == nil)
    }

    @Test func emailAndPhoneRules() {
        for good in ["a@b.co", "customer1@example.com", "x.y+z@mail.example.org"] { #expect(ProfileRules.isEmail(good), "\(good)") }
        for bad in ["", "a@b", "@b.co", "a@@b.co", "a b@c.de", "a@.co", "a@b.", "n/a"] { #expect(!ProfileRules.isEmail(bad), "\(bad)") }
        for good in ["+1-555-0001", "(030) 1234 5678", "+44 20 7946 0958"] { #expect(ProfileRules.isPhone(good), "\(good)") }
        for bad in ["555-01", "1-555-+0001", "call me", "+1234567890123456"] { #expect(!ProfileRules.isPhone(bad), "\(bad)") }
        #expect(ProfileRules.inferred(for: "email")?.description == "email")
        #expect(ProfileRules.inferred(for: "workPhone")?.description == "phone")
        #expect(ProfileRules.inferred(for: "updatedAt")?.description == "date")
        #expect(ProfileRules.inferred(for: "created_at")?.description == "date")
        #expect(ProfileRules.inferred(for: "format") == nil)
        #expect(ProfileRules.inferred(for: "name") == nil)
    }

    @Test(arguments: [
        "profile.customers.records", "profile.customers.email.completeness", "profile.customers.email.validity",
        "profile.customers.email.uniqueness", "profile.customers.email.missing.count", "profile.orders.customerId.orphaned.rate",
        "profile.customers.address.city.empty.rate", "profile.customers.updatedAt.age.p50", "profile.customers.updatedAt.age.max",
    ])
    func profileMetricNamesRoundTrip(name: String) throws {
        let metric = try #require(ThresholdMetric.parse(name))
        #expect(metric.description == name)
    }

    @Test func profileThresholdsTakeTheRightUnits() throws {
        #expect(try Threshold.parse("profile.customers.email.completeness > 99%").limit == 0.99)
        #expect(try Threshold.parse("profile.customers.updatedAt.age.max < 2s").limit == 2_000_000)
        #expect(throws: TextParseError.self) { try Threshold.parse("profile.customers.email.missing.count < 5%") }
        #expect(ThresholdMetric.parse("profile.customers") == nil)
        #expect(ThresholdMetric.parse("profile.customers.email.nonsense") == nil)
    }

    static func spec(_ extra: (inout ProfileSpec) -> Void = { _ in }) throws -> ProfileSpec {
        var spec = try ProfileSpec.parse(paths: ["/api/customers", "orders=/api/v1/orders?status=paid"],
                                         keys: ["customers.email"], references: ["orders.customerId=customers.id"],
                                         checks: ["customers.code=pattern:^C-[0-9]+$"])
        extra(&spec)
        return spec
    }

    @Test func profilerCountsEveryKindOfGapAndFinding() throws {
        var profiler = DataProfiler(spec: try Self.spec())
        let customers: [Any] = [
            ["id": 1, "email": "a@x.io", "phone": "+1-555-0001", "code": "C-1", "updatedAt": "2024-01-01T00:00:00Z"],
            ["id": 2, "email": "A@X.io ", "phone": NSNull(), "code": "C-2", "updatedAt": "2024-01-02T00:00:00Z"],
            ["id": 3, "email": "not-an-email", "phone": "  ", "code": "D-3", "updatedAt": "2024-01-03T00:00:00Z"],
            ["id": 4, "email": "", "code": "C-4", "updatedAt": "soon"],
        ]
        profiler.add(customers, to: "customers")
        profiler.add([["id": 10, "customerId": 1], ["id": 11, "customerId": 9], ["id": 12, "customerId": "9"], ["id": 13]], to: "orders")
        let now = 1_704_067_200.0 + 4 * 86_400
        let profile = try profiler.profile(target: "http://t", profiledAt: "p", nowSeconds: now, pages: ["customers": 1], truncated: [])
        let fields = Dictionary(uniqueKeysWithValues: profile.collections[0].fields.map { ($0.name, $0) })
        let email = try #require(fields["email"]), phone = try #require(fields["phone"]), code = try #require(fields["code"])
        #expect((email.filled, email.empty, email.null, email.missing) == (3, 1, 0, 0))
        #expect((phone.filled, phone.empty, phone.null, phone.missing) == (1, 1, 1, 1))
        #expect(phone.completeness == 0.25)
        #expect(email.validity?.invalid == 2 && email.validity?.checked == 3 && email.validity?.declared == false, "the trailing space counts")
        #expect(email.key?.distinct == 2 && email.key?.duplicated == 1, "a@x.io and ' A@X.io' are one key")
        #expect(code.validity?.declared == true && code.validity?.invalid == 1)
        let age = try #require(fields["updatedAt"]?.age)
        #expect(age.dated == 3 && age.unparsable == 1)
        #expect(age.maxSeconds == 4 * 86_400 && age.minSeconds == 2 * 86_400 && age.p50Seconds == 3 * 86_400)
        let reference = try #require(profile.collections[1].fields.first { $0.name == "customerId" }?.reference)
        #expect(reference.checked == 3 && reference.orphaned == 2 && reference.targetComplete)
        #expect(profile.collections[1].name == "orders" && profile.collections[1].records == 4)
        // The threshold lookup answers from the same figures.
        #expect(profile.value(ProfileMetric(collection: "customers", field: "phone", measure: .completeness)) == 0.25)
        #expect(profile.value(ProfileMetric(collection: "customers", field: "phone", measure: .count(.null))) == 1)
        #expect(profile.value(ProfileMetric(collection: "orders", field: "customerId", measure: .rate(.orphaned))) == 2.0 / 3)
        #expect(profile.value(ProfileMetric(collection: "customers", field: nil, measure: .records)) == 4)
        #expect(profile.value(ProfileMetric(collection: "customers", field: "phone", measure: .uniqueness)) == nil)
        #expect(profile.value(ProfileMetric(collection: "customers", field: "updatedAt", measure: .age(.max))) == 4 * 86_400 * 1e6)
    }

    @Test func aDeclaredFieldNoRecordHoldsIsAnError() throws {
        var profiler = DataProfiler(spec: try ProfileSpec.parse(paths: ["/c"], keys: ["c.emial"]))
        profiler.add([["email": "a@b.co"]], to: "c")
        #expect {
            _ = try profiler.profile(target: "t", profiledAt: "p", nowSeconds: 0, pages: [:], truncated: [])
        } throws: { error in
            let text = (error as? ProfileSpecError)?.description ?? ""
            return text.contains("--key c.emial") && text.contains("did you mean 'email'")
        }
    }

    @Test func specProblemsAreReportedAllAtOnce() {
        #expect {
            _ = try ProfileSpec.parse(paths: ["customers", "/a"], keys: ["b.x", "nodot"], references: ["a.x"],
                                      checks: ["a.x=postcode"], itemsPath: "data", page: "pages", pageSize: 0)
        } throws: { error in
            let problems = (error as? ProfileSpecError)?.problems ?? []
            return problems.count == 8 && problems.contains { $0.contains("no collection 'b'") }
                && problems.contains { $0.contains("unknown rule 'postcode'") } && problems.contains { $0.contains("--page must be") }
        }
    }

    @Test func pagesYieldTheirListOrSayWhyNot() throws {
        func items(_ json: String, _ path: String? = nil) -> Result<[Any], PageError> {
            guard case .success(let root) = ProfilePage.document(Array(json.utf8)) else { return .failure(PageError("not JSON")) }
            return ProfilePage.items(root, itemsPath: try! path.map(JSONPath.parse))
        }
        #expect((try? items("[1,2]").get())?.count == 2)
        #expect((try? items(#"{"items":[1],"total":1}"#).get())?.count == 1)
        #expect((try? items(#"{"meta":{},"rows":[1,2,3]}"#).get())?.count == 3)
        #expect((try? items(#"{"page":{"data":[1]}}"#, "$.page.data").get())?.count == 1)
        guard case .failure(let object) = items(#"{"id":1,"name":"x"}"#) else { Issue.record("an object passed as a list"); return }
        #expect(object.message.contains("holds no list of records"))
        guard case .failure(let several) = items(#"{"a":[],"b":[]}"#) else { Issue.record("two lists passed"); return }
        #expect(several.message.contains("several lists (a, b)"))
        guard case .failure(let declared) = items(#"{"data":{"x":1}}"#, "$.data") else { Issue.record("object at path passed"); return }
        #expect(declared.message.contains("not a list"))
        guard case .failure(let html) = ProfilePage.document(Array("<html>".utf8)) else { Issue.record("HTML parsed"); return }
        #expect(html.message.contains("not JSON"))
    }

    @Test func limitOffsetWalksUntilAnEmptyPage() throws {
        let spec = try ProfileSpec.parse(paths: ["/c?x=1"], page: "limit-offset", pageSize: 2)
        var walk = PageWalk(spec: spec, base: "http://h:1/api", path: "/c?x=1")
        #expect(walk.nextURL == "http://h:1/api/c?x=1&limit=2&offset=0")
        try walk.advance(root: [1, 2], items: [1, 2])
        #expect(walk.nextURL == "http://h:1/api/c?x=1&limit=2&offset=2")
        try walk.advance(root: [3], items: [3])
        #expect(walk.nextURL == "http://h:1/api/c?x=1&limit=2&offset=3")
        try walk.advance(root: [Any](), items: [])
        #expect(walk.nextURL == nil && walk.note == nil)
        // A server that ignores offset would loop for ever.
        var ignoring = PageWalk(spec: spec, base: "http://h:1", path: "/c")
        try ignoring.advance(root: [1, 2], items: [1, 2])
        try ignoring.advance(root: [1, 2], items: [1, 2])
        #expect(ignoring.nextURL == nil && ignoring.note?.contains("ignore limit/offset") == true)
    }

    @Test func cursorsFollowLinksPathsAndTokensAndRefuseAWrongPath() throws {
        let spec = try ProfileSpec.parse(paths: ["/c"], page: "cursor:$.next")
        var walk = PageWalk(spec: spec, base: "http://h:1/api", path: "/c")
        try walk.advance(root: ["next": "t/1 2"], items: [1])
        #expect(walk.nextURL == "http://h:1/api/c?cursor=t/1%202")
        try walk.advance(root: ["next": "/api/c?page=3"], items: [2])
        #expect(walk.nextURL == "http://h:1/api/c?page=3")
        try walk.advance(root: ["next": "http://h:1/api/c?page=4"], items: [3])
        #expect(walk.nextURL == "http://h:1/api/c?page=4")
        try walk.advance(root: ["next": "/api/c?page=3"], items: [4])
        #expect(walk.nextURL == nil && walk.note?.contains("came back twice") == true)
        var end = PageWalk(spec: spec, base: "http://h:1", path: "/c")
        try end.advance(root: ["next": NSNull()], items: [1])
        #expect(end.nextURL == nil)
        var wrong = PageWalk(spec: spec, base: "http://h:1", path: "/c")
        #expect { try wrong.advance(root: ["items": [1], "cursor": "x"], items: [1]) } throws: { error in
            (error as? PageError)?.message.contains("matches nothing in the first page (the answer is an object with members cursor, items)") == true
        }
        var away = PageWalk(spec: spec, base: "http://h:1", path: "/c")
        #expect(throws: PageError.self) { try away.advance(root: ["next": "http://elsewhere:1/c"], items: [1]) }
    }
}

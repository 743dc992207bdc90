import Foundation
import Testing

/// `crmbench profile` against a reference CRM whose seeder blanked known shares of fields: the figures must be the
/// seeded truth, which the server reports on /metrics (`crm_seed_blanked_fields`).
@Suite(.serialized) struct ProfileIntegrationTests {
    static func blanked(_ server: ServerProcess, _ field: String) throws -> Int {
        let text = try String(contentsOf: URL(string: server.baseURL + "/metrics")!, encoding: .utf8)
        let line = text.split(separator: "\n").first { $0.hasPrefix("crm_seed_blanked_fields{field=\"\(field)\"}") }
        return Int(line?.split(separator: " ").last ?? "") ?? -1
    }

    static func field(_ profile: [String: Any], _ collection: String, _ name: String) -> [String: Any] {
        let collections = profile["collections"] as? [[String: Any]] ?? []
        let fields = collections.first { $0["name"] as? String == collection }?["fields"] as? [[String: Any]] ?? []
        return fields.first { $0["name"] as? String == name } ?? [:]
    }

    @Test func completenessEqualsTheSeededTruthAndAThresholdOnItExits99() throws {
        let server = try ServerProcess(["--blank-fields", "phone=0.25,name=0.1,segment=0.5", "--blank-seed", "3"], seed: 200)
        defer { server.stop() }
        let dir = CLI.temporaryDirectory()
        let outcome = try CLI.run(["profile", "--target", server.baseURL, "-H", server.auth, "--page", "limit-offset",
                                   "--page-size", "50", "/api/v1/customers", "/api/v1/orders", "--key", "customers.email",
                                   "--ref", "orders.customerId=customers.id", "--out", dir,
                                   "--threshold", "profile.customers.email.completeness == 100%",
                                   "--threshold", "profile.customers.phone.completeness > 80%"])
        #expect(outcome.status == 99, "\(outcome.stderr)")
        let profile = try CLI.json(dir + "/profile.json")
        let (phone, name, segment) = (try Self.blanked(server, "phone"), try Self.blanked(server, "name"), try Self.blanked(server, "segment"))
        #expect((phone, name, segment) == (50, 20, 100), "round(fraction × 200) customers each")
        let phoneField = Self.field(profile, "customers", "phone"), nameField = Self.field(profile, "customers", "name")
        #expect(phoneField["null"] as? Int == phone && phoneField["filled"] as? Int == 200 - phone)
        #expect(phoneField["completeness"] as? Double == Double(200 - phone) / 200)
        #expect(nameField["empty"] as? Int == name && nameField["completeness"] as? Double == Double(200 - name) / 200)
        #expect(Self.field(profile, "customers", "segment")["null"] as? Int == segment)
        #expect(Self.field(profile, "customers", "email")["completeness"] as? Double == 1)
        #expect((Self.field(profile, "customers", "email")["key"] as? [String: Any])?["duplicated"] as? Int == 0)
        // 200 customers hold 1, 2, 3, 1, 2, 3 … orders: 399 in all, none orphaned.
        let reference = Self.field(profile, "orders", "customerId")["reference"] as? [String: Any] ?? [:]
        #expect(reference["checked"] as? Int == 399 && reference["orphaned"] as? Int == 0)
        let thresholds = profile["thresholds"] as? [[String: Any]] ?? []
        #expect(thresholds.map { $0["passed"] as? Bool } == [true, false])
        #expect(outcome.stdout.contains("phone") && outcome.stdout.contains("75.00% complete (50 null)"), "\(outcome.stdout)")
        #expect(FileManager.default.fileExists(atPath: dir + "/report.html"))
    }

    @Test func answersThatDoNotFitTheOptionsAreClearUsageErrors() throws {
        let server = try ServerProcess([], seed: 3)
        defer { server.stop() }
        func profile(_ arguments: [String]) throws -> CLI.Outcome {
            try CLI.run(["profile", "--target", server.baseURL, "-H", server.auth, "--out", CLI.temporaryDirectory(), "--quiet"] + arguments)
        }
        let object = try profile(["/api/v1/customers/1"])
        #expect(object.status == 64 && object.stderr.contains("holds no list of records"), "\(object.stderr)")
        let cursor = try profile(["--page", "cursor:$.next", "/api/v1/customers"])
        #expect(cursor.status == 64 && cursor.stderr.contains("cursor:$.next matches nothing in the first page"), "\(cursor.stderr)")
        let key = try profile(["--key", "customers.emial", "/api/v1/customers"])
        #expect(key.status == 64 && key.stderr.contains("did you mean 'email'"), "\(key.stderr)")
        let scope = try profile(["--threshold", "profile.orders.id.completeness > 1%", "/api/v1/customers"])
        #expect(scope.status == 64 && scope.stderr.contains("no collection 'orders'"), "\(scope.stderr)")
        let denied = try CLI.run(["profile", "--target", server.baseURL, "--out", CLI.temporaryDirectory(), "/api/v1/customers"])
        #expect(denied.status == 69 && denied.stderr.contains("answered 401"), "\(denied.stderr)")
    }
}

import Foundation
import GRDB

/// A customer of the CRM's user; `email` is unique.
public struct Customer: CRMResource, Equatable {
    /// Row id, assigned on insert.
    public var id: Int
    /// Display name.
    public var name: String
    /// Unique email address.
    public var email: String
    /// Phone number, if known.
    public var phone: String?
    /// Company name, if known.
    public var company: String?
    /// Free-form segment label, e.g. `smb`.
    public var segment: String?
    /// When the record was created.
    public var createdAt: Date
    /// When the record was last changed.
    public var updatedAt: Date

    /// Body of POST and PUT `/api/v1/customers`.
    public struct Draft: Decodable, Sendable {
        /// Display name.
        public var name: String
        /// Unique email address.
        public var email: String
        /// Phone number, if known.
        public var phone: String?
        /// Company name, if known.
        public var company: String?
        /// Free-form segment label, e.g. `smb`.
        public var segment: String?
    }

    /// Body of PATCH `/api/v1/customers/{id}`.
    public struct Patch: Decodable, Sendable {
        /// Display name.
        public var name: String?
        /// Unique email address.
        public var email: String?
        /// Phone number, if known.
        public var phone: String?
        /// Company name, if known.
        public var company: String?
        /// Free-form segment label, e.g. `smb`.
        public var segment: String?
    }

    public static let databaseTableName = "customers"
    public static let pathComponent = "customers"
    public static let listFilters: [ListFilter] = []
    public static let searchColumns = ["name", "email"]

    public var summaryCustomerIds: [Int] { [id] }
    public var references: [RecordReference] { [] }

    public init(draft: Draft, now: Date) throws {
        id = 0
        name = ""
        email = ""
        createdAt = now
        updatedAt = now
        try replace(with: draft, now: now)
    }

    public mutating func replace(with draft: Draft, now: Date) throws {
        name = try FieldRules.text(draft.name, field: "name")
        email = try FieldRules.email(draft.email)
        phone = try FieldRules.optionalText(draft.phone, field: "phone", maxLength: 50)
        company = try FieldRules.optionalText(draft.company, field: "company", maxLength: 200)
        segment = try FieldRules.optionalText(draft.segment, field: "segment", maxLength: 50)
        updatedAt = now
    }

    public mutating func apply(_ patch: Patch, now: Date) throws {
        if let value = patch.name { name = try FieldRules.text(value, field: "name") }
        if let value = patch.email { email = try FieldRules.email(value) }
        if let value = patch.phone { phone = try FieldRules.optionalText(value, field: "phone", maxLength: 50) }
        if let value = patch.company { company = try FieldRules.optionalText(value, field: "company", maxLength: 200) }
        if let value = patch.segment { segment = try FieldRules.optionalText(value, field: "segment", maxLength: 50) }
        updatedAt = now
    }

    public init(row: Row) throws {
        id = row["id"]
        name = row["name"]
        email = row["email"]
        phone = row["phone"]
        company = row["company"]
        segment = row["segment"]
        createdAt = row["createdAt"]
        updatedAt = row["updatedAt"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id == 0 ? nil : id
        container["name"] = name
        container["email"] = email
        container["phone"] = phone
        container["company"] = company
        container["segment"] = segment
        container["createdAt"] = createdAt
        container["updatedAt"] = updatedAt
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, email, phone, company, segment, createdAt, updatedAt
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(email, forKey: .email)
        try container.encode(phone, forKey: .phone)
        try container.encode(company, forKey: .company)
        try container.encode(segment, forKey: .segment)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

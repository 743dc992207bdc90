import Foundation
import GRDB

/// A customer's rating (1 to 5) with free text.
public struct Feedback: CRMResource, Equatable {
    /// Allowed ratings.
    public static let ratings = 1...5

    /// Row id, assigned on insert.
    public var id: Int
    /// The customer this record belongs to.
    public var customerId: Int
    /// Rating from 1 to 5.
    public var rating: Int
    /// Free text.
    public var text: String
    /// When the record was created.
    public var createdAt: Date

    /// Body of POST and PUT `/api/v1/feedback`.
    public struct Draft: Decodable, Sendable {
        /// The customer this record belongs to.
        public var customerId: Int
        /// Rating from 1 to 5.
        public var rating: Int
        /// Free text.
        public var text: String
    }

    /// Body of PATCH `/api/v1/feedback/{id}`.
    public struct Patch: Decodable, Sendable {
        /// The customer this record belongs to.
        public var customerId: Int?
        /// Rating from 1 to 5.
        public var rating: Int?
        /// Free text.
        public var text: String?
    }

    public static let databaseTableName = "feedback"
    public static let pathComponent = "feedback"
    public static let listFilters: [ListFilter] = [.integer("customerId"), .integer("rating")]

    public var summaryCustomerIds: [Int] { [customerId] }
    public var references: [RecordReference] { [RecordReference(field: "customerId", table: "customers", id: customerId)] }

    public init(draft: Draft, now: Date) throws {
        id = 0
        customerId = 0
        rating = 0
        text = ""
        createdAt = now
        try replace(with: draft, now: now)
    }

    public mutating func replace(with draft: Draft, now: Date) throws {
        customerId = try FieldRules.id(draft.customerId, field: "customerId")
        rating = try FieldRules.integer(draft.rating, field: "rating", in: Self.ratings)
        text = try FieldRules.optionalText(draft.text, field: "text", maxLength: 10_000) ?? ""
    }

    public mutating func apply(_ patch: Patch, now: Date) throws {
        if let value = patch.customerId { customerId = try FieldRules.id(value, field: "customerId") }
        if let value = patch.rating { rating = try FieldRules.integer(value, field: "rating", in: Self.ratings) }
        if let value = patch.text { text = try FieldRules.optionalText(value, field: "text", maxLength: 10_000) ?? "" }
    }

    public init(row: Row) throws {
        id = row["id"]
        customerId = row["customerId"]
        rating = row["rating"]
        text = row["text"]
        createdAt = row["createdAt"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id == 0 ? nil : id
        container["customerId"] = customerId
        container["rating"] = rating
        container["text"] = text
        container["createdAt"] = createdAt
    }
}

import Foundation
import GRDB

/// A support ticket, optionally about an order; status moves open → resolved.
public struct Ticket: CRMResource, Equatable {
    /// Ticket lifecycle.
    public enum Status: String, CaseIterable, Sendable {
        case open, resolved
    }

    /// Row id, assigned on insert.
    public var id: Int
    /// The customer this record belongs to.
    public var customerId: Int
    /// The order the ticket is about, if any.
    public var orderId: Int?
    /// One-line summary.
    public var subject: String
    /// Details.
    public var description: String?
    /// Lifecycle status.
    public var status: Status
    /// When the ticket was opened.
    public var openedAt: Date
    /// When the ticket was resolved, if it has been.
    public var resolvedAt: Date?

    /// Body of POST and PUT `/api/v1/tickets`.
    public struct Draft: Decodable, Sendable {
        /// The customer this record belongs to.
        public var customerId: Int
        /// The order the ticket is about, if any.
        public var orderId: Int?
        /// One-line summary.
        public var subject: String
        /// Details.
        public var description: String?
    }

    /// Body of PATCH `/api/v1/tickets/{id}`.
    public struct Patch: Decodable, Sendable {
        /// The customer this record belongs to.
        public var customerId: Int?
        /// The order the ticket is about, if any.
        public var orderId: Int?
        /// One-line summary.
        public var subject: String?
        /// Details.
        public var description: String?
    }

    public static let databaseTableName = "tickets"
    public static let pathComponent = "tickets"
    public static let listFilters: [ListFilter] = [
        .integer("customerId"), .integer("orderId"), .oneOf("status", Status.allCases.map(\.rawValue)),
    ]

    public var summaryCustomerIds: [Int] { [customerId] }
    public var references: [RecordReference] {
        var references = [RecordReference(field: "customerId", table: "customers", id: customerId)]
        if let orderId { references.append(RecordReference(field: "orderId", table: "orders", id: orderId)) }
        return references
    }

    public init(draft: Draft, now: Date) throws {
        id = 0
        customerId = 0
        subject = ""
        status = .open
        openedAt = now
        try replace(with: draft, now: now)
    }

    public mutating func replace(with draft: Draft, now: Date) throws {
        customerId = try FieldRules.id(draft.customerId, field: "customerId")
        orderId = try draft.orderId.map { try FieldRules.id($0, field: "orderId") }
        subject = try FieldRules.text(draft.subject, field: "subject")
        description = try FieldRules.optionalText(draft.description, field: "description", maxLength: 10_000)
    }

    public mutating func apply(_ patch: Patch, now: Date) throws {
        if let value = patch.customerId { customerId = try FieldRules.id(value, field: "customerId") }
        if let value = patch.orderId { orderId = try FieldRules.id(value, field: "orderId") }
        if let value = patch.subject { subject = try FieldRules.text(value, field: "subject") }
        if let value = patch.description {
            description = try FieldRules.optionalText(value, field: "description", maxLength: 10_000)
        }
    }

    /// Resolves an open ticket and stamps `resolvedAt`.
    public mutating func resolve(at now: Date) throws {
        guard status == .open else {
            throw CRMError.invalidTransition(from: status.rawValue, to: Status.resolved.rawValue)
        }
        status = .resolved
        resolvedAt = now
    }

    public init(row: Row) throws {
        id = row["id"]
        customerId = row["customerId"]
        orderId = row["orderId"]
        subject = row["subject"]
        description = row["description"]
        status = Status(rawValue: row["status"]) ?? .open
        openedAt = row["openedAt"]
        resolvedAt = row["resolvedAt"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id == 0 ? nil : id
        container["customerId"] = customerId
        container["orderId"] = orderId
        container["subject"] = subject
        container["description"] = description
        container["status"] = status.rawValue
        container["openedAt"] = openedAt
        container["resolvedAt"] = resolvedAt
    }

    private enum CodingKeys: String, CodingKey {
        case id, customerId, orderId, subject, description, status, openedAt, resolvedAt
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(customerId, forKey: .customerId)
        try container.encode(orderId, forKey: .orderId)
        try container.encode(subject, forKey: .subject)
        try container.encode(description, forKey: .description)
        try container.encode(status.rawValue, forKey: .status)
        try container.encode(openedAt, forKey: .openedAt)
        try container.encode(resolvedAt, forKey: .resolvedAt)
    }
}

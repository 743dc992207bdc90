import Foundation
import GRDB

/// An order; its status moves placed → paid → shipped → delivered, stamping a time at each step.
public struct Order: CRMResource, Equatable {
    /// Order lifecycle, in order.
    public enum Status: String, CaseIterable, Sendable {
        case placed, paid, shipped, delivered
    }

    /// Row id, assigned on insert.
    public var id: Int
    /// The customer this record belongs to.
    public var customerId: Int
    /// Order value.
    public var amount: Double
    /// Number of items, at least 1.
    public var quantity: Int
    /// Lifecycle status.
    public var status: Status
    /// When the order was placed.
    public var placedAt: Date
    /// When the order was paid, if it has been.
    public var paidAt: Date?
    /// When the order was shipped, if it has been.
    public var shippedAt: Date?
    /// When the order was delivered, if it has been.
    public var deliveredAt: Date?

    /// Body of POST and PUT `/api/v1/orders`; the status is only changed by the transition endpoints.
    public struct Draft: Decodable, Sendable {
        /// The customer this record belongs to.
        public var customerId: Int
        /// Order value.
        public var amount: Double
        /// Number of items, at least 1.
        public var quantity: Int
    }

    /// Body of PATCH `/api/v1/orders/{id}`.
    public struct Patch: Decodable, Sendable {
        /// The customer this record belongs to.
        public var customerId: Int?
        /// Order value.
        public var amount: Double?
        /// Number of items, at least 1.
        public var quantity: Int?
    }

    public static let databaseTableName = "orders"
    public static let pathComponent = "orders"
    public static let listFilters: [ListFilter] = [
        .integer("customerId"), .oneOf("status", Status.allCases.map(\.rawValue)),
    ]

    public var summaryCustomerIds: [Int] { [customerId] }
    public var references: [RecordReference] { [RecordReference(field: "customerId", table: "customers", id: customerId)] }

    public init(draft: Draft, now: Date) throws {
        id = 0
        customerId = 0
        amount = 0
        quantity = 0
        status = .placed
        placedAt = now
        try replace(with: draft, now: now)
    }

    public mutating func replace(with draft: Draft, now: Date) throws {
        customerId = try FieldRules.id(draft.customerId, field: "customerId")
        amount = try FieldRules.amount(draft.amount, field: "amount")
        quantity = try FieldRules.integer(draft.quantity, field: "quantity", in: 1...1_000_000)
    }

    public mutating func apply(_ patch: Patch, now: Date) throws {
        if let value = patch.customerId { customerId = try FieldRules.id(value, field: "customerId") }
        if let value = patch.amount { amount = try FieldRules.amount(value, field: "amount") }
        if let value = patch.quantity { quantity = try FieldRules.integer(value, field: "quantity", in: 1...1_000_000) }
    }

    /// Moves to `next`, which must directly follow the current status, and stamps its time.
    public mutating func advance(to next: Status, at now: Date) throws {
        let all = Status.allCases
        guard let index = all.firstIndex(of: status), index + 1 < all.count, all[index + 1] == next else {
            throw CRMError.invalidTransition(from: status.rawValue, to: next.rawValue)
        }
        status = next
        switch next {
        case .placed: placedAt = now
        case .paid: paidAt = now
        case .shipped: shippedAt = now
        case .delivered: deliveredAt = now
        }
    }

    public init(row: Row) throws {
        id = row["id"]
        customerId = row["customerId"]
        amount = row["amount"]
        quantity = row["quantity"]
        status = Status(rawValue: row["status"]) ?? .placed
        placedAt = row["placedAt"]
        paidAt = row["paidAt"]
        shippedAt = row["shippedAt"]
        deliveredAt = row["deliveredAt"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id == 0 ? nil : id
        container["customerId"] = customerId
        container["amount"] = amount
        container["quantity"] = quantity
        container["status"] = status.rawValue
        container["placedAt"] = placedAt
        container["paidAt"] = paidAt
        container["shippedAt"] = shippedAt
        container["deliveredAt"] = deliveredAt
    }

    private enum CodingKeys: String, CodingKey {
        case id, customerId, amount, quantity, status, placedAt, paidAt, shippedAt, deliveredAt
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(customerId, forKey: .customerId)
        try container.encode(amount, forKey: .amount)
        try container.encode(quantity, forKey: .quantity)
        try container.encode(status.rawValue, forKey: .status)
        try container.encode(placedAt, forKey: .placedAt)
        try container.encode(paidAt, forKey: .paidAt)
        try container.encode(shippedAt, forKey: .shippedAt)
        try container.encode(deliveredAt, forKey: .deliveredAt)
    }
}

import Foundation
import GRDB

/// A contact with a customer over one channel; communication time is `endedAt - startedAt`.
public struct Interaction: CRMResource, Equatable {
    /// Allowed values of `channel`.
    public static let channels = ["email", "phone", "chat", "meeting"]

    /// Row id, assigned on insert.
    public var id: Int
    /// The customer this record belongs to.
    public var customerId: Int
    /// One of `email`, `phone`, `chat`, `meeting`.
    public var channel: String
    /// When the interaction began.
    public var startedAt: Date
    /// Nil while the interaction is ongoing.
    public var endedAt: Date?
    /// Free text.
    public var notes: String?

    /// Body of POST and PUT `/api/v1/interactions`; `startedAt` defaults to now.
    public struct Draft: Decodable, Sendable {
        /// The customer this record belongs to.
        public var customerId: Int
        /// One of `email`, `phone`, `chat`, `meeting`.
        public var channel: String
        /// When the interaction began.
        public var startedAt: Date?
        public var endedAt: Date?
        /// Free text.
        public var notes: String?
    }

    /// Body of PATCH `/api/v1/interactions/{id}`.
    public struct Patch: Decodable, Sendable {
        /// The customer this record belongs to.
        public var customerId: Int?
        /// One of `email`, `phone`, `chat`, `meeting`.
        public var channel: String?
        /// When the interaction began.
        public var startedAt: Date?
        public var endedAt: Date?
        /// Free text.
        public var notes: String?
    }

    public static let databaseTableName = "interactions"
    public static let pathComponent = "interactions"
    public static let listFilters: [ListFilter] = [.integer("customerId"), .oneOf("channel", channels)]

    public var summaryCustomerIds: [Int] { [customerId] }
    public var references: [RecordReference] { [RecordReference(field: "customerId", table: "customers", id: customerId)] }

    public init(draft: Draft, now: Date) throws {
        id = 0
        customerId = 0
        channel = ""
        startedAt = now
        try replace(with: draft, now: now)
    }

    public mutating func replace(with draft: Draft, now: Date) throws {
        customerId = try FieldRules.id(draft.customerId, field: "customerId")
        channel = try FieldRules.oneOf(draft.channel, field: "channel", allowed: Self.channels)
        startedAt = draft.startedAt ?? now
        endedAt = draft.endedAt
        notes = try FieldRules.optionalText(draft.notes, field: "notes", maxLength: 10_000)
        try checkTimes()
    }

    public mutating func apply(_ patch: Patch, now: Date) throws {
        if let value = patch.customerId { customerId = try FieldRules.id(value, field: "customerId") }
        if let value = patch.channel { channel = try FieldRules.oneOf(value, field: "channel", allowed: Self.channels) }
        if let value = patch.startedAt { startedAt = value }
        if let value = patch.endedAt { endedAt = value }
        if let value = patch.notes { notes = try FieldRules.optionalText(value, field: "notes", maxLength: 10_000) }
        try checkTimes()
    }

    private func checkTimes() throws {
        if let endedAt, endedAt < startedAt {
            throw CRMError.invalidField(field: "endedAt", reason: "must not be before startedAt")
        }
    }

    public init(row: Row) throws {
        id = row["id"]
        customerId = row["customerId"]
        channel = row["channel"]
        startedAt = row["startedAt"]
        endedAt = row["endedAt"]
        notes = row["notes"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id == 0 ? nil : id
        container["customerId"] = customerId
        container["channel"] = channel
        container["startedAt"] = startedAt
        container["endedAt"] = endedAt
        container["notes"] = notes
    }

    private enum CodingKeys: String, CodingKey {
        case id, customerId, channel, startedAt, endedAt, notes
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(customerId, forKey: .customerId)
        try container.encode(channel, forKey: .channel)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(endedAt, forKey: .endedAt)
        try container.encode(notes, forKey: .notes)
    }
}

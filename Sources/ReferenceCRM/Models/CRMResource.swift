import Foundation
import GRDB

/// A record type served with the standard create / read / list / replace / patch / delete endpoints.
///
/// Each conforming type is both its table row and its JSON representation; the column names are the JSON keys.
public protocol CRMResource: Encodable, Sendable, FetchableRecord, MutablePersistableRecord {
    /// Body of POST and PUT: every editable field, with the same defaults.
    associatedtype Draft: Decodable, Sendable
    /// Body of PATCH: every editable field optional; an absent or null field is left as it is.
    associatedtype Patch: Decodable, Sendable

    /// Path component under `/api/v1`, e.g. `customers`.
    static var pathComponent: String { get }
    /// Query parameters that filter a list, each naming a column.
    static var listFilters: [ListFilter] { get }
    /// Columns matched by `?search=` as a prefix; empty when the type is not searchable.
    static var searchColumns: [String] { get }

    /// Row id; 0 until inserted.
    var id: Int { get set }
    /// Customers whose summary changes when this record changes.
    var summaryCustomerIds: [Int] { get }
    /// Foreign keys to check before writing, with the body field that holds each.
    var references: [RecordReference] { get }

    /// A new record from a validated draft.
    init(draft: Draft, now: Date) throws
    /// Replaces every editable field (PUT).
    mutating func replace(with draft: Draft, now: Date) throws
    /// Changes the fields present in `patch` (PATCH).
    mutating func apply(_ patch: Patch, now: Date) throws
}

extension CRMResource {
    public static var searchColumns: [String] { [] }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = Int(inserted.rowID)
    }
}

/// A foreign key held in a body field: `field` must name an existing row of `table`.
public struct RecordReference: Sendable, Equatable {
    /// JSON field, e.g. `customerId`.
    public var field: String
    /// Referenced table.
    public var table: String
    /// Referenced id.
    public var id: Int
}

/// A list filter: `?name=value` keeps rows whose column `name` equals the value.
public struct ListFilter: Sendable {
    /// Query parameter and column name.
    public var name: String
    /// Allowed text values; nil for an integer filter.
    public var allowedValues: [String]?

    /// An integer filter such as `customerId`.
    public static func integer(_ name: String) -> ListFilter { ListFilter(name: name, allowedValues: nil) }
    /// A filter on one of a fixed set of values, such as `status`.
    public static func oneOf(_ name: String, _ values: [String]) -> ListFilter {
        ListFilter(name: name, allowedValues: values)
    }
}

import Foundation

/// `GET /api/v1/customers/{id}/summary`: what a customer bought, how often they gave feedback, when last active.
public struct CustomerSummary: Codable, Sendable, Equatable {
    /// The customer this record belongs to.
    public var customerId: Int
    /// Orders in any status.
    public var purchaseCount: Int
    /// Sum of `amount` over those orders.
    public var purchaseAmount: Double
    /// Feedback entries given.
    public var feedbackCount: Int
    /// Latest timestamp among the customer's interactions, orders, tickets and feedback; nil when there are none.
    public var lastActivityAt: Date?

    private enum CodingKeys: String, CodingKey {
        case customerId, purchaseCount, purchaseAmount, feedbackCount, lastActivityAt
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(customerId, forKey: .customerId)
        try container.encode(purchaseCount, forKey: .purchaseCount)
        try container.encode(purchaseAmount, forKey: .purchaseAmount)
        try container.encode(feedbackCount, forKey: .feedbackCount)
        try container.encode(lastActivityAt, forKey: .lastActivityAt)
    }
}

/// Count, mean and percentiles of a set of process durations, in seconds; all zero when `count` is 0.
public struct DurationStatistics: Codable, Sendable, Equatable {
    /// Number of completed processes.
    public var count: Int
    /// Mean duration.
    public var meanSeconds: Double
    /// Median duration.
    public var p50Seconds: Double
    /// 95th-percentile duration.
    public var p95Seconds: Double

    /// Statistics of `seconds`; percentiles by the nearest-rank method.
    public init(seconds: [Double]) {
        count = seconds.count
        guard !seconds.isEmpty else {
            meanSeconds = 0
            p50Seconds = 0
            p95Seconds = 0
            return
        }
        let sorted = seconds.sorted()
        meanSeconds = sorted.reduce(0, +) / Double(sorted.count)
        p50Seconds = Self.nearestRank(0.50, of: sorted)
        p95Seconds = Self.nearestRank(0.95, of: sorted)
    }

    /// The smallest value with at least `fraction` of the values at or below it.
    static func nearestRank(_ fraction: Double, of sorted: [Double]) -> Double {
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

/// `GET /api/v1/reports/process`: how long the business processes take.
public struct ProcessReport: Codable, Sendable, Equatable {
    /// Lower bound on the completion time of the processes counted; nil for all time.
    public var since: Date?
    /// `deliveredAt - placedAt` of delivered orders.
    public var orderProcessing: DurationStatistics
    /// `resolvedAt - openedAt` of resolved tickets.
    public var ticketResolution: DurationStatistics
    /// `endedAt - startedAt` of ended interactions.
    public var communication: DurationStatistics

    private enum CodingKeys: String, CodingKey {
        case since, orderProcessing, ticketResolution, communication
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(since, forKey: .since)
        try container.encode(orderProcessing, forKey: .orderProcessing)
        try container.encode(ticketResolution, forKey: .ticketResolution)
        try container.encode(communication, forKey: .communication)
    }
}

/// One page of a list endpoint: `{"items":[...],"total":N,"limit":L,"offset":O}`.
public struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    /// The rows of this page.
    public var items: [Item]
    /// Rows matching the filters, over all pages.
    public var total: Int
    /// Page size used.
    public var limit: Int
    /// Rows skipped before this page.
    public var offset: Int
}

/// Which rows a list request asks for; built from the query string by the controllers.
public struct ListQuery: Sendable, Equatable {
    /// Page size, 1 to 100.
    public var limit = 20
    /// Rows skipped before this page.
    public var offset = 0
    /// Column equality filters, from the resource's ``ListFilter``s.
    public var filters: [ColumnFilter] = []
    /// Prefix matched against the resource's search columns.
    public var search: String?

    public init() {}
}

/// One `column = value` filter.
public struct ColumnFilter: Sendable, Equatable {
    /// Column compared.
    public var column: String
    /// Value it must equal.
    public var value: FilterValue
}

/// A filter value, bound as a statement argument.
public enum FilterValue: Sendable, Equatable {
    case integer(Int)
    case text(String)
}

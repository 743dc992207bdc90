/// One declared write as the load saw it: acknowledged (2xx with an id) or not (a transport failure or a 5xx,
/// which may have committed anyway). What goes to the write ledger.
public struct WriteEvent: Sendable, Equatable {
    /// How the write ended.
    public enum Outcome: Int, Sendable {
        /// 2xx and the id was found at the declared path.
        case acknowledged = 0
        /// No answer, a timeout or a 5xx: the client cannot know whether it was stored.
        case unacknowledged = 1
        /// 2xx, but the declared id path found nothing (the audit cannot read it back).
        case idMissing = 2
    }

    /// The declaration's resource.
    public var resource: String
    /// The record's id as text; nil unless acknowledged.
    public var id: String?
    /// The declared field names (the declaration's array, shared).
    public var fieldNames: [String]
    /// The declared fields as sent, in declaration order (`JSONPath.text(of:)` form; nil: absent from the body).
    public var fieldValues: [String?]
    /// The natural key's value as sent.
    public var keyValue: String?
    /// The parent's id as sent.
    public var parentId: String?
    public var outcome: Outcome
    /// HTTP status (0 when none came).
    public var status: Int
    /// When the answer came, engine clock.
    public var atNanos: UInt64
    /// Virtual user (the worker's slot) and the iteration's `${seq}`.
    public var slot: Int
    public var seq: Int

    /// An event.
    public init(resource: String, id: String?, fieldNames: [String], fieldValues: [String?], keyValue: String?, parentId: String?,
                outcome: Outcome, status: Int, atNanos: UInt64, slot: Int, seq: Int) {
        self.fieldNames = fieldNames
        (self.resource, self.id, self.fieldValues, self.keyValue, self.parentId) = (resource, id, fieldValues, keyValue, parentId)
        (self.outcome, self.status, self.atNanos, self.slot, self.seq) = (outcome, status, atNanos, slot, seq)
    }

    /// The event of a declared step's answer; nil when the write was refused (4xx: not stored, nothing to audit).
    /// `transportFailed` is true when no usable response came (connect error, timeout, reset).
    public static func capture(_ declaration: WriteDeclaration, requestBody: [UInt8], status: Int, transportFailed: Bool,
                               responseBody: [UInt8], atNanos: UInt64, slot: Int, seq: Int) -> WriteEvent? {
        let outcome: Outcome
        var id: String?
        if transportFailed || status >= 500 || status == 0 {
            outcome = .unacknowledged
        } else if (200..<300).contains(status) {
            var response = ResponseDocument(body: responseBody)
            if case .text(let text) = response.value(at: declaration.idPath), !text.isEmpty {
                id = text
                outcome = .acknowledged
            } else {
                outcome = .idMissing
            }
        } else {
            return nil
        }
        var sent = ResponseDocument(body: requestBody)
        func field(_ name: String) -> String? {
            switch sent.value(at: JSONPath(components: [.key(name)], description: "$." + name)) {
            case .text(let text): return text
            case .null: return "null"
            case .missing, .notJSON: return nil
            }
        }
        let values = declaration.fields.map(field)
        return WriteEvent(resource: declaration.resource, id: id, fieldNames: declaration.fields, fieldValues: values,
                          keyValue: declaration.key.flatMap(field), parentId: declaration.parent.flatMap { field($0.field) },
                          outcome: outcome, status: status, atNanos: atNanos, slot: slot, seq: seq)
    }
}

/// Where a run's declared writes go (the write ledger). Called from the engine's worker threads: `record` must be
/// cheap and thread-safe, and may block briefly when its bounded queue is full.
public protocol WriteSink: AnyObject, Sendable {
    /// Takes one write.
    func record(_ event: WriteEvent)
}

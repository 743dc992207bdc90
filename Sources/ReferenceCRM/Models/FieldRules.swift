/// Checks shared by the record types; each throws ``CRMError/invalidField(field:reason:)`` naming the field.
enum FieldRules {
    /// Trims `value` and requires at least one character, at most `maxLength`.
    static func text(_ value: String, field: String, maxLength: Int = 200) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw CRMError.invalidField(field: field, reason: "must not be empty") }
        if trimmed.count > maxLength { throw CRMError.invalidField(field: field, reason: "longer than \(maxLength)") }
        return trimmed
    }

    /// Like ``text(_:field:maxLength:)`` for an optional field; nil stays nil.
    static func optionalText(_ value: String?, field: String, maxLength: Int = 2_000) throws -> String? {
        guard let value else { return nil }
        if value.count > maxLength { throw CRMError.invalidField(field: field, reason: "longer than \(maxLength)") }
        return value
    }

    /// A plausible email address: one `@` with text on both sides and no spaces.
    static func email(_ value: String, field: String = "email") throws -> String {
        let trimmed = try text(value, field: field, maxLength: 254)
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !trimmed.contains(" ") else {
            throw CRMError.invalidField(field: field, reason: "not an email address")
        }
        return trimmed
    }

    /// A positive id.
    static func id(_ value: Int, field: String) throws -> Int {
        guard value > 0 else { throw CRMError.invalidField(field: field, reason: "must be a positive id") }
        return value
    }

    /// An integer within `range`.
    static func integer(_ value: Int, field: String, in range: ClosedRange<Int>) throws -> Int {
        guard range.contains(value) else {
            throw CRMError.invalidField(field: field, reason: "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    /// A finite, non-negative amount.
    static func amount(_ value: Double, field: String) throws -> Double {
        guard value.isFinite, value >= 0, value <= 1e12 else {
            throw CRMError.invalidField(field: field, reason: "must be a non-negative amount")
        }
        return value
    }

    /// One of `allowed`.
    static func oneOf(_ value: String, field: String, allowed: [String]) throws -> String {
        guard allowed.contains(value) else {
            throw CRMError.invalidField(field: field, reason: "must be one of \(allowed.joined(separator: ", "))")
        }
        return value
    }
}

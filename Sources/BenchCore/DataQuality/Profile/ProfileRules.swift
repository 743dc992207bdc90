/// The validity rules of a profile and the dates its freshness figures read. Pure functions of the text.
public enum ProfileRules {
    /// The rule a field gets when none is declared: `email` for names ending in email, `phone` for names holding
    /// phone, `date` for names ending in `At`, `_at` or `date`; nil for others (their values are not checked).
    public static func inferred(for field: String) -> ProfileSpec.Rule? {
        let lower = field.lowercased()
        if lower.hasSuffix("email") { return .email }
        if lower.contains("phone") { return .phone }
        if field.hasSuffix("At") || lower.hasSuffix("_at") || lower.hasSuffix("date") { return .date }
        return nil
    }

    /// Whether `text` passes `rule`.
    public static func isValid(_ text: String, _ rule: ProfileSpec.Rule) -> Bool {
        switch rule {
        case .email: return isEmail(text)
        case .phone: return isPhone(text)
        case .date: return epochSeconds(text) != nil
        case .pattern(let regex): return regex.firstMatch(in: text).groups != nil
        }
    }

    /// `local@domain.tld`: one `@`, a non-empty local part, a domain of non-empty dot-separated labels (at least
    /// two), no whitespace. Deliberately simpler than RFC 5322: it catches the blanks, typos and placeholders a
    /// CRM collects, not every address a mail server would take.
    public static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(where: { $0.isWhitespace }) else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }

    /// Digits with optional separators (space, `-`, `.`, parentheses) and a leading `+`; 7 to 15 digits (15 is
    /// the longest international number, ITU-T E.164 §6.1).
    public static func isPhone(_ text: String) -> Bool {
        var digits = 0
        for (offset, char) in text.enumerated() {
            if char.isASCII && char.isNumber { digits += 1 } else if char == "+" { if offset != 0 { return false } }
            else if !" -.()".contains(char) { return false }
        }
        return (7...15).contains(digits)
    }

    /// Seconds since 1970 of an ISO 8601 / RFC 3339 date (`2024-01-01`, `2024-01-01T10:00:00Z`,
    /// `…T10:00:00.123+02:00`, a space instead of the `T`); a date-time without an offset is read as UTC. Nil when
    /// `text` is not such a date.
    public static func epochSeconds(_ text: String) -> Double? {
        let c = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= c.count else { return nil }
            var value = 0
            for byte in c[from..<(from + count)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), c.count >= 10, c[4] == 45, let month = number(5, 2), c[7] == 45,
              let day = number(8, 2), (1...12).contains(month), (1...daysIn(month, year)).contains(day) else { return nil }
        var seconds = Double(daysFromCivil(year, month, day)) * 86_400
        guard c.count > 10 else { return seconds }
        guard c[10] == 84 || c[10] == 116 || c[10] == 32, let hour = number(11, 2), c.count > 13, c[13] == 58,
              let minute = number(14, 2), hour < 24, minute < 60 else { return nil }
        seconds += Double(hour * 3_600 + minute * 60)
        var index = 16
        if index < c.count, c[index] == 58 {
            guard let second = number(17, 2), second <= 60 else { return nil }
            seconds += Double(second)
            index = 19
            if index < c.count, c[index] == 46 || c[index] == 44 {
                var scale = 0.1, fraction = 0.0
                index += 1
                let start = index
                while index < c.count, (48...57).contains(c[index]) { fraction += Double(c[index] - 48) * scale; scale /= 10; index += 1 }
                guard index > start else { return nil }
                seconds += fraction
            }
        }
        if index == c.count { return seconds }
        if c[index] == 90 || c[index] == 122 { return index + 1 == c.count ? seconds : nil }
        guard c[index] == 43 || c[index] == 45, let offsetHours = number(index + 1, 2) else { return nil }
        var rest = index + 3
        if rest < c.count, c[rest] == 58 { rest += 1 }
        guard let offsetMinutes = number(rest, 2), rest + 2 == c.count, offsetHours < 24, offsetMinutes < 60 else { return nil }
        let offset = Double(offsetHours * 3_600 + offsetMinutes * 60)
        return c[index] == 43 ? seconds - offset : seconds + offset
    }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant, "chrono-Compatible Low-Level Date
    /// Algorithms", days_from_civil).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

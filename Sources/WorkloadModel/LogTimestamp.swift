/// Epoch milliseconds from the timestamps access logs write, without Foundation's date formatters (too slow for a
/// gigabyte of lines).
enum LogTimestamp {
    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant, "chrono-Compatible Low-Level Date
    /// Algorithms", days_from_civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `05/Dec/2026:07:38:44 +0000`, with optional `.fff` after the seconds (the reference CRM writes them).
    static func combined(_ b: ArraySlice<UInt8>) -> Int64? { b.withUnsafeBufferPointer { combined($0) } }

    /// The same over raw bytes.
    static func combined(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var p = Cursor(bytes: b)
        guard let day = p.int(2), p.skip(0x2F), let month = p.month(), p.skip(0x2F), let year = p.int(4), p.skip(0x3A),
              let hour = p.int(2), p.skip(0x3A), let minute = p.int(2), p.skip(0x3A), let second = p.int(2)
        else { return nil }
        let millis = p.fraction()
        guard p.skip(0x20), let offset = p.zone() else { return nil }
        return epochMillis(year, month, day, hour, minute, second, millis, offsetMinutes: offset)
    }

    /// ISO 8601 `2026-12-05T07:38:44.123Z` or with `+01:00`.
    static func iso8601(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBufferPointer { iso8601($0) }
    }

    private static func iso8601(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var p = Cursor(bytes: bytes)
        guard let year = p.int(4), p.skip(0x2D), let month = p.int(2), p.skip(0x2D), let day = p.int(2),
              p.skip(0x54) || p.skip(0x20), let hour = p.int(2), p.skip(0x3A), let minute = p.int(2), p.skip(0x3A),
              let second = p.int(2)
        else { return nil }
        let millis = p.fraction()
        let offset: Int
        if p.skip(0x5A) || p.atEnd { offset = 0 } else if let zone = p.zone() { offset = zone } else { return nil }
        return epochMillis(year, month, day, hour, minute, second, millis, offsetMinutes: offset)
    }

    private static func epochMillis(
        _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int, _ millis: Int,
        offsetMinutes: Int
    ) -> Int64? {
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3_600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return seconds * 1_000 + Int64(millis)
    }

    /// A reading position in a timestamp.
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index: Int

        init(bytes: UnsafeBufferPointer<UInt8>) { (self.bytes, index) = (bytes, 0) }

        var atEnd: Bool { index >= bytes.endIndex }

        mutating func skip(_ byte: UInt8) -> Bool {
            guard index < bytes.endIndex, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func int(_ digits: Int) -> Int? {
            guard bytes.endIndex - index >= digits else { return nil }
            var value = 0
            for _ in 0..<digits {
                let d = Int(bytes[index]) - 48
                guard (0...9).contains(d) else { return nil }
                value = value * 10 + d
                index += 1
            }
            return value
        }

        /// `.fff` (any number of digits, read to milliseconds); 0 when absent.
        mutating func fraction() -> Int {
            guard skip(0x2E) || skip(0x2C) else { return 0 }
            var millis = 0
            var scale = 100
            while index < bytes.endIndex, (48...57).contains(bytes[index]) {
                millis += Int(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            return millis
        }

        /// `+0100`, `-05:30`: minutes east of UTC.
        mutating func zone() -> Int? {
            guard index < bytes.endIndex else { return nil }
            let sign = bytes[index] == 0x2D ? -1 : 1
            guard bytes[index] == 0x2B || bytes[index] == 0x2D else { return nil }
            index += 1
            guard let hours = int(2) else { return nil }
            _ = skip(0x3A)
            guard let minutes = int(2) else { return nil }
            return sign * (hours * 60 + minutes)
        }

        mutating func month() -> Int? {
            guard bytes.endIndex - index >= 3 else { return nil }
            let key = (Int(bytes[index]) | 0x20) << 16 | (Int(bytes[index + 1]) | 0x20) << 8 | (Int(bytes[index + 2]) | 0x20)
            index += 3
            // "jan" = 0x6A616E …: a switch, not a dictionary lookup, on the hot path.
            switch key {
            case 0x6A_616E: return 1
            case 0x66_6562: return 2
            case 0x6D_6172: return 3
            case 0x61_7072: return 4
            case 0x6D_6179: return 5
            case 0x6A_756E: return 6
            case 0x6A_756C: return 7
            case 0x61_7567: return 8
            case 0x73_6570: return 9
            case 0x6F_6374: return 10
            case 0x6E_6F76: return 11
            case 0x64_6563: return 12
            default: return nil
            }
        }
    }
}

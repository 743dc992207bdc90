/// Formats random version-4 UUIDs without Foundation.
enum UUIDText {
    private static let hexDigits = Array("0123456789abcdef")

    static func random(using random: inout SplitMix64) -> String {
        var high = random.next()
        var low = random.next()
        high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000 // version 4
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000 // RFC 4122 variant
        var chars: [Character] = []
        chars.reserveCapacity(36)
        for (index, word) in [high, low].enumerated() {
            for nibble in 0..<16 {
                let position = index * 16 + nibble
                if position == 8 || position == 12 || position == 16 || position == 20 { chars.append("-") }
                chars.append(hexDigits[Int((word >> UInt64(60 - nibble * 4)) & 0xF)])
            }
        }
        return String(chars)
    }
}

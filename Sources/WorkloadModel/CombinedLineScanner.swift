/// The fields of one combined-format line as byte offsets into the line, found in one pass over the bytes with no
/// `String` made: the hot path of `crmbench model` (a gigabyte of lines). ``CombinedLogParser`` gives the same
/// fields as a ``LogRecord`` of strings; lines this scanner refuses (a backslash escape in the request, which needs
/// undoing) are handed to it.
struct CombinedLineScanner {
    var client = 0..<0
    var startMillis: Int64 = 0
    var method = 0..<0
    /// The request target as sent (no escapes in it).
    var target = 0..<0
    var status = 0
    /// The user agent without its quotes; empty for `-`.
    var agent = 0..<0
    var durationMicros: Int64?
    /// The session header's value without its quotes; nil when absent or `-`.
    var session: Range<Int>?

    /// What became of a line.
    enum Outcome { case parsed, blank, malformed, needsSlowPath }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    mutating func scan(_ b: UnsafeBufferPointer<UInt8>) -> Outcome {
        let end = b.count
        var i = 0
        @inline(__always) func skipSpaces() { while i < end, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0D { i += 1 } }
        @inline(__always) func token() -> Range<Int>? {
            guard i < end else { return nil }
            let start = i
            while i < end, b[i] != 0x20 { i += 1 }
            let r = start..<i
            skipSpaces()
            return r
        }
        /// A quoted field's inside; `escaped` says whether a backslash occurs in it.
        @inline(__always) func quoted(_ escaped: inout Bool) -> Range<Int>? {
            guard i < end, b[i] == 0x22 else { return nil }
            var j = i + 1
            let start = j
            while j < end, b[j] != 0x22 {
                if b[j] == 0x5C { escaped = true; j += 2 } else { j += 1 }
            }
            guard j < end else { return nil }
            i = j + 1
            skipSpaces()
            return start..<j
        }
        skipSpaces()
        if i == end { return .blank }
        guard let host = token(), token() != nil, token() != nil, i < end, b[i] == 0x5B else { return .malformed }
        client = host
        let timeStart = i + 1
        var close = timeStart
        while close < end, b[close] != 0x5D { close += 1 }
        guard close < end, let millis = LogTimestamp.combined(UnsafeBufferPointer(rebasing: b[timeStart..<close])) else {
            return .malformed
        }
        startMillis = millis
        i = close + 1
        skipSpaces()
        var escaped = false
        guard let request = quoted(&escaped) else { return .malformed }
        if escaped { return .needsSlowPath }
        guard let statusField = token(), let code = Self.integer(b, statusField), (100...999).contains(code), token() != nil
        else { return .malformed }
        status = code
        // `METHOD TARGET PROTOCOL`: the method in capitals, the target a path or an absolute URL.
        var space = request.lowerBound
        while space < request.upperBound, b[space] != 0x20 { space += 1 }
        guard space < request.upperBound, space > request.lowerBound, space - request.lowerBound <= 16 else { return .malformed }
        for k in request.lowerBound..<space where !(0x41...0x5A).contains(b[k]) { return .malformed }
        method = request.lowerBound..<space
        var targetEnd = request.upperBound
        var last = request.upperBound - 1
        while last > space, b[last] != 0x20 { last -= 1 }
        if last > space { targetEnd = last }
        target = (space + 1)..<targetEnd
        guard !target.isEmpty, b[target.lowerBound] == 0x2F || b[target.lowerBound] == 0x68 else { return .malformed }
        agent = 0..<0
        durationMicros = nil
        session = nil
        var ignored = false
        if quoted(&ignored) != nil, let ua = quoted(&escaped) {  // referer, then user agent
            if escaped { return .needsSlowPath }
            agent = ua.count == 1 && b[ua.lowerBound] == 0x2D ? ua.lowerBound..<ua.lowerBound : ua
        }
        while i < end {
            if b[i] == 0x22 {
                guard let value = quoted(&escaped) else { break }
                if escaped { return .needsSlowPath }
                if session == nil, !value.isEmpty, !(value.count == 1 && b[value.lowerBound] == 0x2D) { session = value }
            } else {
                guard let field = token() else { break }
                if durationMicros == nil, let micros = Self.integer(b, field) { durationMicros = Int64(micros) }
            }
        }
        return .parsed
    }

    /// A non-negative decimal integer of at most 18 digits.
    @inline(__always) static func integer(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int? {
        guard !r.isEmpty, r.count <= 18 else { return nil }
        var value = 0
        for k in r {
            let d = b[k] &- 48
            guard d < 10 else { return nil }
            value = value &* 10 &+ Int(d)
        }
        return value
    }
}

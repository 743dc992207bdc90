/// The hot path: a combined-format line read as bytes. The session key and the endpoint template are hashed
/// straight from the line's bytes (the template's key is fed to the hash exactly as ``EndpointTemplate`` spells
/// it), so a line that hits a known template and an open session makes no `String` at all; a new template is
/// made the slow way once. Lines with escapes in quoted fields go to ``CombinedLogParser``.
extension ModelAccumulator {
    mutating func addCombined(_ b: UnsafeBufferPointer<UInt8>) -> CombinedLineScanner.Outcome {
        let outcome = scanner.scan(b)
        guard outcome == .parsed else { return outcome }
        let line = scanner
        guard let path = Self.pathRange(b, line.target) else { return .needsSlowPath }
        records += 1
        if Self.isStaticAsset(b, path) { staticAssets += 1; return .parsed }
        var key = ByteHash()
        switch options.sessionKey {
        case .clientAndAgent:
            key.add(b, line.client)
            key.add(0x1F)
            key.add(b, line.agent)
        case .header:
            guard let session = line.session else { withoutSessionKey += 1; return .parsed }
            key.add(b, session)
        }
        let start = line.startMillis, end = start + (line.durationMicros ?? 0) / 1_000
        firstMillis = min(firstMillis, start)
        lastMillis = max(lastMillis, end)
        sweep(now: start)
        var hash = ByteHash()
        hash.add(b, line.method)
        hash.add(0x20)
        var identifiers: [Range<Int>] = []
        Self.forEachSegment(b, path) { segment in
            hash.add(0x2F)
            if let kind = Self.classify(b, segment) {
                hash.add(0x7B)
                hash.add(kind.rawValue.utf8)
                hash.add(0x7D)
                identifiers.append(segment)
            } else {
                hash.add(b, segment)
            }
        }
        let index: Int
        if let known = templateByHash[hash.value] {
            index = known
            templates[index].record(identifiersIn: b, segments: identifiers, status: line.status)
        } else {
            let method = String(decoding: UnsafeBufferPointer(rebasing: b[line.method]), as: UTF8.self)
            let target = String(decoding: UnsafeBufferPointer(rebasing: b[line.target]), as: UTF8.self)
            index = templateSlot(EndpointTemplate(method: method, target: target), target: target, status: line.status)
            if index >= 0 { templateByHash[hash.value] = index }
        }
        guard index >= 0 else { return .parsed }
        admit(key: key.value, start: start, end: end, template: index)
        return .parsed
    }

    /// The path of a target: an absolute URL reduced to its path, the query and fragment cut off; nil for a target
    /// the byte path does not read the same way as ``EndpointTemplate`` (no leading `/`, an URL without a path).
    static func pathRange(_ b: UnsafeBufferPointer<UInt8>, _ target: Range<Int>) -> Range<Int>? {
        var start = target.lowerBound
        if b[start] != 0x2F {
            // http:// or https://, then the path from the next "/".
            var k = start
            while k < target.upperBound, b[k] != 0x3A { k += 1 }
            guard k + 2 < target.upperBound, b[k + 1] == 0x2F, b[k + 2] == 0x2F else { return nil }
            let scheme = k - start
            guard scheme == 4 || scheme == 5, b[start] == 0x68 else { return nil }
            k += 3
            while k < target.upperBound, b[k] != 0x2F { k += 1 }
            guard k < target.upperBound else { return nil }
            start = k
        }
        var end = start
        while end < target.upperBound, b[end] != 0x3F, b[end] != 0x23 { end += 1 }
        return start..<end
    }

    /// Calls `body` with each segment after the leading `/` (empty ones included, as `EndpointTemplate` keeps them).
    @inline(__always) static func forEachSegment(_ b: UnsafeBufferPointer<UInt8>, _ path: Range<Int>, _ body: (Range<Int>) -> Void) {
        var start = path.lowerBound + 1
        var k = start
        while k < path.upperBound {
            if b[k] == 0x2F { body(start..<k); start = k + 1 }
            k += 1
        }
        body(start..<path.upperBound)
    }

    /// ``EndpointTemplate/classify(_:)`` over bytes.
    static func classify(_ b: UnsafeBufferPointer<UInt8>, _ s: Range<Int>) -> EndpointTemplate.IdentifierKind? {
        guard !s.isEmpty else { return nil }
        var digits = 0, hex = 0, at = false, percent = false
        for k in s {
            let c = b[k]
            if c &- 48 < 10 { digits += 1; hex += 1 } else if (c | 0x20) &- 97 < 6 { hex += 1 } else if c == 0x40 { at = true } else if c == 0x25 { percent = true }
        }
        if digits == s.count { return .numeric }
        if s.count == 36, isUUID(b, s) { return .uuid }
        if s.count >= 8, hex == s.count, digits > 0 { return .hex }
        if at || percent {
            // The slow path decides e-mails (the domain rules are subtle); it is rare in a path.
            let text = Substring(String(decoding: UnsafeBufferPointer(rebasing: b[s]), as: UTF8.self))
            return EndpointTemplate.classify(text) == .email ? .email : nil
        }
        return nil
    }

    static func isUUID(_ b: UnsafeBufferPointer<UInt8>, _ s: Range<Int>) -> Bool {
        for (offset, k) in s.enumerated() {
            let c = b[k]
            if offset == 8 || offset == 13 || offset == 18 || offset == 23 {
                if c != 0x2D { return false }
            } else if !(c &- 48 < 10 || (c | 0x20) &- 97 < 6) {
                return false
            }
        }
        return true
    }

    /// ``EndpointTemplate/isStaticAsset(_:)`` over bytes.
    static func isStaticAsset(_ b: UnsafeBufferPointer<UInt8>, _ path: Range<Int>) -> Bool {
        var k = path.upperBound - 1
        while k >= path.lowerBound, b[k] != 0x2E {
            if b[k] == 0x2F { return false }
            k -= 1
        }
        guard k >= path.lowerBound, path.upperBound - k - 1 <= 5 else { return false }
        var ext: UInt64 = 0
        for j in (k + 1)..<path.upperBound { ext = ext << 8 | UInt64(b[j] | 0x20) }
        return staticExtensionCodes.contains(ext)
    }

    static let staticExtensionCodes: Set<UInt64> = Set([
        "css", "js", "mjs", "map", "png", "jpg", "jpeg", "gif", "svg", "ico", "webp", "woff", "woff2", "ttf", "eot",
    ].map { $0.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) } })
}

/// 64-bit FNV-1a (Fowler, Noll, Vo; IETF draft-eastlake-fnv) over bytes: the key of sessions and templates on the
/// hot path.
struct ByteHash {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always) mutating func add(_ byte: UInt8) { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    @inline(__always) mutating func add(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) { for k in r { add(b[k]) } }
    mutating func add<S: Sequence>(_ bytes: S) where S.Element == UInt8 { for byte in bytes { add(byte) } }
}

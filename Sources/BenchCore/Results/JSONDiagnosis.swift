import Foundation

/// Turns a `DecodingError` into "where and what": the JSON path of the value, what was expected there and what
/// was found.
///
/// Foundation's decoder on Linux reports a number that does not fit its field (a negative count, a fraction or
/// 1e300 where an integer belongs) as "not valid JSON" with an empty path. For those, the numbers that could not
/// fit some integer type are replaced by `{}` and the data decoded again: the decoder then names the path and
/// type of the first one it reaches, and a number that fits that type is put back until the culprit is found.
enum JSONDiagnosis {
    /// A JSON path as navigated through the parsed tree.
    typealias Path = [PathStep]
    enum PathStep: Hashable { case key(String), index(Int) }

    static func render(_ path: Path) -> String {
        let text = path.map { step -> String in
            switch step {
            case .key(let key): return ".\(key)"
            case .index(let i): return "[\(i)]"
            }
        }.joined()
        return text.hasPrefix(".") ? String(text.dropFirst()) : (text.isEmpty ? "(top level)" : text)
    }

    /// "an array", "-5", "a string"…: how a parsed JSON value reads in a message.
    static func name(of value: Any?) -> String {
        switch value {
        case nil, is NSNull: return "null"
        case let n as NSNumber where isBool(n): return n.boolValue ? "true" : "false"
        case let n as NSNumber: return n.stringValue
        case let s as String: return "the string \"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
        case let a as [Any]: return a.isEmpty ? "an empty array" : "an array of \(a.count)"
        case is [String: Any]: return "an object"
        default: return "\(value!)"
        }
    }

    /// What JSONSerialization found wrong, with the line and column of its "around character N".
    static func syntaxError(_ error: Error, in data: Data) -> String {
        let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
        let digits = detail.split(whereSeparator: { !$0.isNumber }).last.flatMap { Int($0) }
        guard detail.contains("character"), let offset = digits, offset <= data.count else { return detail }
        let before = data.prefix(offset)
        let line = before.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        let column = offset - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
        return "\(detail.hasSuffix(".") ? String(detail.dropLast()) : detail) (line \(line), column \(column))"
    }

    /// An integer JSON number, or nil.
    static func integer(_ value: Any) -> Int? {
        guard let n = value as? NSNumber, !isBool(n), let i = Int(exactly: n.doubleValue), Double(i) == n.doubleValue else { return nil }
        return i
    }

    static func describe(_ error: DecodingError, in tree: Any, redecode: (Data) throws -> Void) -> String {
        switch error {
        case .keyNotFound(let key, let ctx):
            let path = steps(ctx.codingPath + [key], in: tree)
            return "\(render(path)): expected a value, found nothing"
        case .valueNotFound(let type, let ctx):
            return "\(render(steps(ctx.codingPath, in: tree))): expected \(expectation(type)), found null"
        case .typeMismatch(let type, let ctx):
            let path = steps(ctx.codingPath, in: tree)
            return "\(render(path)): expected \(expectation(type)), found \(name(of: value(at: path, in: tree)))"
        case .dataCorrupted(let ctx) where ctx.codingPath.isEmpty:
            return numberThatDoesNotFit(in: tree, redecode: redecode) ?? "not valid: \(ctx.debugDescription)"
        case .dataCorrupted(let ctx):
            return "\(render(steps(ctx.codingPath, in: tree))): \(ctx.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    /// Finds the number that made the decoder fail without a path (see the type's comment).
    private static func numberThatDoesNotFit(in tree: Any, redecode: (Data) throws -> Void) -> String? {
        var suspects = Set<Path>()
        collectSuspects(tree, at: [], into: &suspects)
        for _ in 0...suspects.count {
            guard !suspects.isEmpty, let data = try? JSONSerialization.data(withJSONObject: replacing(suspects, in: tree, at: [])) else { return nil }
            do { try redecode(data); return nil } catch DecodingError.typeMismatch(let type, let ctx) {
                let path = steps(ctx.codingPath, in: tree)
                guard suspects.contains(path), let number = value(at: path, in: tree) as? NSNumber else { return nil }
                if !fits(number, type) { return "\(render(path)): expected \(expectation(type)), found \(name(of: number))" }
                suspects.remove(path)
            } catch { return nil }
        }
        return nil
    }

    private static func collectSuspects(_ node: Any, at path: Path, into suspects: inout Set<Path>) {
        switch node {
        case let dict as [String: Any]: for (k, v) in dict { collectSuspects(v, at: path + [.key(k)], into: &suspects) }
        case let array as [Any]: for (i, v) in array.enumerated() { collectSuspects(v, at: path + [.index(i)], into: &suspects) }
        case let n as NSNumber where !isBool(n):
            if !(fits(n, Int.self) && fits(n, UInt64.self)) { suspects.insert(path) }
        default: break
        }
    }

    private static func replacing(_ paths: Set<Path>, in node: Any, at path: Path) -> Any {
        if paths.contains(path) { return [String: Any]() }
        switch node {
        case let dict as [String: Any]:
            return dict.reduce(into: [String: Any]()) { $0[$1.key] = replacing(paths, in: $1.value, at: path + [.key($1.key)]) }
        case let array as [Any]:
            return array.enumerated().map { replacing(paths, in: $1, at: path + [.index($0)]) }
        default: return node
        }
    }

    private static func fits(_ n: NSNumber, _ type: Any.Type) -> Bool {
        let d = n.doubleValue
        switch ObjectIdentifier(type) {
        case ObjectIdentifier(Double.self), ObjectIdentifier(Float.self): return true
        case ObjectIdentifier(UInt64.self), ObjectIdentifier(UInt.self):
            return UInt64(n.stringValue) != nil
        case ObjectIdentifier(Int.self), ObjectIdentifier(Int64.self): return Int64(n.stringValue) != nil
        default: return d.isFinite && d == d.rounded() && Int32(exactly: d) != nil
        }
    }

    private static func expectation(_ type: Any.Type) -> String {
        switch ObjectIdentifier(type) {
        case ObjectIdentifier(UInt64.self), ObjectIdentifier(UInt.self): return "a whole number from 0 to \(UInt64.max)"
        case ObjectIdentifier(Int.self), ObjectIdentifier(Int64.self): return "a whole number"
        case ObjectIdentifier(Double.self), ObjectIdentifier(Float.self): return "a number"
        case ObjectIdentifier(String.self): return "a string"
        case ObjectIdentifier(Bool.self): return "true or false"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object (\(name))"
        }
    }

    /// The coding path as steps through the parsed tree (a dictionary's key by name, an array's by index).
    private static func steps(_ codingPath: [CodingKey], in tree: Any) -> Path {
        var node: Any? = tree
        var path: Path = []
        for key in codingPath {
            if let array = node as? [Any], let i = key.intValue {
                path.append(.index(i))
                node = i < array.count ? array[i] : nil
            } else {
                path.append(.key(key.stringValue))
                node = (node as? [String: Any])?[key.stringValue]
            }
        }
        return path
    }

    private static func value(at path: Path, in tree: Any) -> Any? {
        var node: Any? = tree
        for step in path {
            switch step {
            case .key(let k): node = (node as? [String: Any])?[k]
            case .index(let i): node = (node as? [Any]).flatMap { i < $0.count ? $0[i] : nil }
            }
        }
        return node
    }

    private static func isBool(_ n: NSNumber) -> Bool {
        String(cString: n.objCType) == "c" && type(of: n) != NSNumber.self
    }
}

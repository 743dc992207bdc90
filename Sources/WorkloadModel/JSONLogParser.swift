import Foundation

/// Parses one JSON-object line. Keys are looked up under the names nginx (`log_format … escape=json`), Caddy and
/// common JSON loggers use:
///
/// - time: `time` / `timestamp` / `@timestamp` / `time_iso8601` (ISO 8601 text or epoch seconds), or `msec`
/// - client: `remote_addr` / `client_ip` / `ip`; method: `method` / `request_method`
/// - target: `uri` / `request_uri` / `path` / `url`, or `request` (`GET /x HTTP/1.1`); status: `status`
/// - duration: `duration_us`, `duration_ms`, `request_time` (seconds); user agent: `http_user_agent` / `user_agent`
/// - a session header `NAME`: the key `NAME`, its lower case, `http_name` (nginx), or `headers.NAME`
public enum JSONLogParser {
    /// The record of a line, or nil when it is not a JSON object with at least time, method, target and status.
    public static func parse(_ line: ArraySlice<UInt8>, sessionHeader: String?) -> LogRecord? {
        guard line.first(where: { $0 != 0x20 && $0 != 0x09 }) == 0x7B,
              let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
        else { return nil }
        func text(_ keys: [String]) -> String? {
            for key in keys {
                if let value = object[key] as? String { return value }
                if let value = object[key] as? NSNumber { return value.stringValue }
            }
            return nil
        }
        func number(_ key: String) -> Double? {
            if let value = object[key] as? NSNumber { return value.doubleValue }
            return (object[key] as? String).flatMap(Double.init)
        }
        guard let startMillis = time(object, number: number) else { return nil }
        var method = text(["method", "request_method"])
        var target = text(["uri", "request_uri", "path", "url"])
        if method == nil || target == nil, let request = text(["request"]) {
            let parts = request.split(separator: " ")
            if parts.count >= 2 { (method, target) = (String(parts[0]), String(parts[1])) }
        }
        guard let method, let target, !method.isEmpty, !target.isEmpty,
              let status = number("status").map(Int.init), (100...999).contains(status)
        else { return nil }
        var record = LogRecord(
            client: text(["remote_addr", "client_ip", "ip", "client"]) ?? "-", startMillis: startMillis,
            method: method.uppercased(), target: target, status: status,
            responseBytes: Int(number("body_bytes_sent") ?? number("bytes") ?? 0),
            userAgent: text(["http_user_agent", "user_agent"]) ?? "")
        if let micros = number("duration_us") {
            record.durationMicros = Int64(micros)
        } else if let millis = number("duration_ms") {
            record.durationMicros = Int64(millis * 1_000)
        } else if let seconds = number("request_time") {
            record.durationMicros = Int64(seconds * 1_000_000)
        }
        if let name = sessionHeader {
            let nginx = "http_" + name.lowercased().replacingOccurrences(of: "-", with: "_")
            let headers = object["headers"] as? [String: Any]
            let value = text([name, name.lowercased(), nginx])
                ?? headers.flatMap { h in h[name] as? String ?? h[name.lowercased()] as? String }
            if let value, !value.isEmpty, value != "-" { record.sessionHeader = value }
        }
        return record
    }

    private static func time(_ object: [String: Any], number: (String) -> Double?) -> Int64? {
        if let seconds = number("msec") { return Int64(seconds * 1_000) }
        for key in ["time", "timestamp", "@timestamp", "time_iso8601", "ts"] {
            if let value = object[key] as? NSNumber {
                let raw = value.doubleValue
                return Int64(raw > 1e11 ? raw : raw * 1_000)  // epoch milliseconds or seconds
            }
            if let text = object[key] as? String, let millis = LogTimestamp.iso8601(text) { return millis }
        }
        return nil
    }
}

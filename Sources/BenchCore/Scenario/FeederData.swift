import Foundation

/// A data feeder's rows, loaded from CSV or JSON when the scenario loads.
public struct FeederData: Hashable, Sendable {
    /// How rows are handed out.
    public enum Mode: String, Hashable, Sendable, CaseIterable {
        /// In file order, wrapping around.
        case sequential
        /// A uniformly random row each time.
        case random
        /// Each row once; then the feeder is exhausted.
        case unique
    }

    /// The feeder's name (`${data.NAME.column}`).
    public let name: String
    /// How rows are handed out.
    public let mode: Mode
    /// Column names (CSV header, or the keys of the JSON objects).
    public let columns: [String]
    /// Rows, each with one value per column.
    public let rows: [[String]]

    /// Creates feeder data.
    public init(name: String, mode: Mode, columns: [String], rows: [[String]]) {
        self.name = name
        self.mode = mode
        self.columns = columns
        self.rows = rows
    }

    /// The row as a column → value map.
    public func row(_ index: Int) -> [String: String] {
        var values: [String: String] = [:]
        for (column, value) in zip(columns, rows[index]) { values[column] = value }
        return values
    }

    /// Parses CSV with a header row (RFC 4180 quoting); throws a message with the 1-based line number.
    public static func parseCSV(_ bytes: [UInt8]) throws -> (columns: [String], rows: [[String]]) {
        var records = try CSVReader.records(String(decoding: bytes, as: UTF8.self))
        guard !records.isEmpty else { throw TextParseError(message: "CSV file is empty", offset: 0) }
        let header = records.removeFirst().map { $0.trimmingSpaces() }
        guard !header.contains(where: \.isEmpty) else {
            throw TextParseError(message: "CSV header has an empty column name", offset: 1)
        }
        for (index, record) in records.enumerated() where record.count != header.count {
            throw TextParseError(
                message: "CSV record \(index + 2) has \(record.count) fields, header has \(header.count)", offset: index + 2)
        }
        return (header, records)
    }

    /// Parses a JSON array of flat objects; columns are the union of the keys, in first-seen order.
    public static func parseJSON(_ bytes: [UInt8]) throws -> (columns: [String], rows: [[String]]) {
        guard let value = try? JSONSerialization.jsonObject(with: Data(bytes)), let array = value as? [Any] else {
            throw TextParseError(message: "JSON data file must be an array of objects", offset: 0)
        }
        var columns: [String] = []
        var objects: [[String: Any]] = []
        for (index, element) in array.enumerated() {
            guard let object = element as? [String: Any] else {
                throw TextParseError(message: "element \(index) of the JSON data file is not an object", offset: 0)
            }
            for key in object.keys.sorted() where !columns.contains(key) { columns.append(key) }
            objects.append(object)
        }
        let rows = objects.map { object in columns.map { object[$0].map(JSONPath.text(of:)) ?? "" } }
        return (columns, rows)
    }
}

/// A minimal RFC 4180 reader: commas, double-quoted fields, doubled quotes, CRLF or LF.
enum CSVReader {
    static func records(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var fieldWasQuoted = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func endRecord() {
            record.append(field)
            if !(record.count == 1 && record[0].isEmpty && !fieldWasQuoted) { records.append(record) }
            record = []
            field = ""
            fieldWasQuoted = false
        }
        while let char = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if char == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                } else {
                    field.append(char)
                }
                continue
            }
            switch char {
            case "\"" where field.isEmpty: inQuotes = true; fieldWasQuoted = true
            case ",": record.append(field); field = ""; fieldWasQuoted = false
            case "\n", "\r\n", "\r": endRecord()
            default: field.append(char)
            }
        }
        if inQuotes { throw TextParseError(message: "CSV has an unterminated quoted field", offset: records.count + 1) }
        if !field.isEmpty || !record.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}

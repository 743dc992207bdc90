/// A small HTML table builder: headers, then rows of already-safe cells.
struct HTMLTable {
    /// A cell: its HTML (already escaped) and how it is aligned and styled.
    struct Cell {
        var html: String
        var numeric = false
        var cssClass: String?

        /// A text cell; the text is escaped.
        static func text(_ text: String, cssClass: String? = nil) -> Cell { Cell(html: Markup.escape(text), cssClass: cssClass) }
        /// A right-aligned number cell.
        static func number(_ text: String, cssClass: String? = nil) -> Cell { Cell(html: Markup.escape(text), numeric: true, cssClass: cssClass) }
    }

    var headers: [String]
    /// Indices of numeric columns (right-aligned headers).
    var numericColumns: Set<Int> = []
    var rows: [[Cell]] = []
    /// A table as wide as its content, for short two-column tables.
    var narrow = false

    init(headers: [String], numericFrom first: Int = 1) {
        self.headers = headers
        numericColumns = Set(first..<max(first, headers.count))
    }

    mutating func add(_ row: [Cell]) { rows.append(row) }

    func html() -> String {
        var out = narrow ? "<table class=\"narrow\"><thead><tr>" : "<table><thead><tr>"
        for (i, h) in headers.enumerated() {
            out += numericColumns.contains(i) ? "<th class=\"num\">" : "<th>"
            out += Markup.escape(h) + "</th>"
        }
        out += "</tr></thead><tbody>\n"
        for row in rows {
            out += "<tr>"
            for cell in row {
                var classes: [String] = []
                if cell.numeric { classes.append("num") }
                if let c = cell.cssClass { classes.append(c) }
                out += classes.isEmpty ? "<td>" : "<td class=\"\(classes.joined(separator: " "))\">"
                out += cell.html + "</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }
}

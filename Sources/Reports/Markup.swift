/// Escaping for the markup languages the reports write. Every string that comes from a result (names, URLs,
/// headers, warnings) goes through one of these before it reaches a report.
public enum Markup {
    /// Text safe inside HTML or XML element content and double- or single-quoted attribute values.
    public static func escape(_ text: String) -> String {
        var needs = false
        for byte in text.utf8 where byte == 38 || byte == 60 || byte == 62 || byte == 34 || byte == 39 {
            needs = true
            break
        }
        guard needs else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Text safe inside XML 1.0: escaped, with the control characters XML forbids replaced by U+FFFD.
    public static func escapeXML(_ text: String) -> String {
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map { s in
            (s.value < 0x20 && s != "\t" && s != "\n" && s != "\r") || s.value == 0xFFFE || s.value == 0xFFFF ? "\u{FFFD}" : s
        }))
        return escape(cleaned)
    }

    /// Text safe inside a Markdown table cell (GitHub flavour): pipes and line breaks neutralised, HTML escaped,
    /// and the characters that start emphasis or links escaped.
    public static func escapeMarkdown(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count + 8)
        for ch in text {
            switch ch {
            case "|": out += "\\|"
            case "\n", "\r": out += " "
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "*", "_", "`", "[", "]", "\\": out += "\\" + String(ch)
            default: out.append(ch)
            }
        }
        return out
    }
}

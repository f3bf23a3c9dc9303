/// Tells the format of a file from its first bytes (up to 64 KiB), not from its name.
///
/// The file name's extension only breaks ties between formats the content allows.
/// Binary content that matches no signature is ``InputFormat/unknown``.
public enum FormatDetector {
    /// How many leading bytes detection looks at.
    public static let prefixLength = 1 << 16

    /// Content checks from the most to the least specific; the first match wins unless
    /// the extension names another match.
    static let priority: [InputFormat] = [.ofx, .camt053, .mt940, .expenseJSON, .expenseCSV]

    /// The format of a file whose first bytes are `prefix`.
    public static func detect(prefix: [UInt8], fileName: String) -> InputFormat {
        let bytes = prefix.prefix(prefixLength)
        // A zip's first local header, or the end record alone (an empty zip).
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .zip }
        if bytes.starts(with: [0x1F, 0x8B]) { return .gzip }
        guard let text = textPrefix(bytes) else { return .unknown }
        let candidates = priority.filter { matches($0, text: text) }
        guard candidates.count > 1 else { return candidates.first ?? .unknown }
        let byExtension = InputFormat.forExtension(of: fileName)
        return candidates.first { $0 == byExtension } ?? candidates[0]
    }

    /// The prefix as text, or nil when it is binary: NUL bytes or invalid UTF-8 (a
    /// sequence cut off at the end of the prefix is allowed). A BOM is dropped.
    static func textPrefix(_ bytes: ArraySlice<UInt8>) -> String? {
        var body = bytes
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard !body.isEmpty, !body.contains(0) else { return nil }
        for trim in 0...3 where body.count > trim {
            if let text = String(validating: body.dropLast(trim), as: UTF8.self) { return text }
        }
        // Legacy 8-bit text (OFX 1 files are often Latin-1, MT940 files too): ASCII-only view
        // of it. SWIFT's SOH/STX/ETX/EOT framing bytes around an MT940 message are text here.
        let controls = body.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && !(0x01...0x04).contains($0) }.count
        guard controls == 0 else { return nil }
        return String(decoding: body.map { $0 < 0x80 ? $0 : 0x3F }, as: UTF8.self)
    }

    /// Whether the content looks like `format`.
    static func matches(_ format: InputFormat, text: String) -> Bool {
        let trimmed = text.drop { $0.isWhitespace }
        switch format {
        case .ofx:
            // OFX 1 header block, OFX 2 processing instruction, or a bare root element
            // (also lower-case or namespace-prefixed, as some exporters write it).
            return trimmed.hasPrefix("OFXHEADER") || text.contains("<OFX>") || text.contains("<?OFX")
                || text.contains("<ofx>") || text.contains(":OFX>") || text.contains(":OFX ")
        case .camt053:
            // By namespace, or by the message element when the namespace is missing.
            return trimmed.hasPrefix("<") && (text.contains("camt.053") || text.contains("BkToCstmrStmt>"))
        case .mt940:
            return text.contains(":20:") && (text.contains(":60F:") || text.contains(":61:"))
        case .expenseJSON:
            return trimmed.hasPrefix("[") || (trimmed.hasPrefix("{") && text.contains("\"expenses\""))
        case .expenseCSV:
            return isExpenseHeader(trimmed.prefix { !$0.isNewline })
        case .zip, .gzip, .unknown:
            return false
        }
    }

    /// True when a header line names both a date and an amount column, or at least three
    /// expense columns: a log that lacks a required column is still an expense log, so the
    /// reader can say which column is missing instead of "unknown format".
    static func isExpenseHeader(_ line: Substring) -> Bool {
        let delimiter = CSVDelimiter.detect(headerLine: line.utf8)
        let fields = Set(line.split(separator: delimiter.character, omittingEmptySubsequences: false).compactMap {
            ExpenseField(header: $0.filter { $0 != "\"" })
        })
        return (fields.contains(.date) && fields.contains(.amount)) || fields.count >= 3
    }
}

extension InputFormat {
    /// The format a file name's extension suggests, for breaking ties.
    static func forExtension(of fileName: String) -> InputFormat? {
        guard let dot = fileName.lastIndex(of: ".") else { return nil }
        switch fileName[fileName.index(after: dot)...].lowercased() {
        case "csv", "tsv", "txt": return .expenseCSV
        case "json": return .expenseJSON
        case "ofx", "qfx": return .ofx
        case "xml", "camt", "053": return .camt053
        case "sta", "mt940", "940": return .mt940
        case "zip": return .zip
        case "gz", "tgz": return .gzip
        default: return nil
        }
    }
}

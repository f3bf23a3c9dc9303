import KontorCore

/// Finds the source mappings a bank CSV file has the shape of, from its first bytes: for
/// each mapping, the prefix is decoded and split as that mapping says, and its header
/// row (or first data row) is checked with ``BankCSVMapping/matches(headerCells:)``.
public enum BankCSVRecognizer {
    /// The mappings among `mappings` that `prefix` matches, in their given order.
    public static func matching(prefix: [UInt8], among mappings: [BankCSVMapping]) -> [BankCSVMapping] {
        mappings.filter { mapping in
            guard let cells = headerCells(prefix: prefix, mapping: mapping) else { return false }
            return mapping.matches(headerCells: cells)
        }
    }

    /// The cells of the row `mapping` takes as its header (without a header: the first
    /// data row), or nil when the prefix does not reach it or does not tokenize.
    public static func headerCells(prefix: [UInt8], mapping: BankCSVMapping) -> [String]? {
        var bytes = prefix
        if mapping.encoding == .windows1252 || mapping.encoding == .latin1 {
            bytes = []
            Windows1252.appendUTF8(of: prefix, latin1: mapping.encoding == .latin1, to: &bytes)
        }
        var source = MemoryByteSource(bytes)
        var tokenizer = CSVTokenizer(delimiter: mapping.delimiter.csvDelimiter)
        tokenizer.acceptsStrayQuotes = true
        let wanted = mapping.headerLine ?? (mapping.skipLines + 1)
        while let row = try? tokenizer.nextRow(from: &source) {
            if mapping.headerLine == nil ? row.line >= wanted : row.line == wanted { return row.values }
            if row.line > wanted { return nil }
        }
        return nil
    }
}

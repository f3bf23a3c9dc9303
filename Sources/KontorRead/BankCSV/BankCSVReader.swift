import KontorCore

/// Reads a bank's CSV export through a ``BankCSVMapping``: the mapping says how the file
/// is written and which column holds what; the reader streams the rows and emits one
/// statement per account and currency (``BankCSVStatements``).
///
/// Quotes are read leniently, as banks write them (`;Firma";` keeps its quote). Every
/// error names the line, the column and its header.
public struct BankCSVReader: StatementReader {
    public var mapping: BankCSVMapping
    public var limits: CSVLimits

    public init(mapping: BankCSVMapping, limits: CSVLimits = .default) {
        self.mapping = mapping
        self.limits = limits
    }

    public func read(_ source: inout some ByteSource, fileName: String,
                     _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        do {
            switch mapping.encoding {
            case .utf8, .utf8BOM:
                try readRows(&source, fileName: fileName, sink)
            case .windows1252, .latin1:
                var transcoded = TranscodingByteSource(source, latin1: mapping.encoding == .latin1)
                try readRows(&transcoded, fileName: fileName, sink)
            }
        } catch {
            throw error.position?.file == nil ? error.inFile(fileName) : error
        }
    }

    private func readRows(_ source: inout some ByteSource, fileName: String,
                          _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        var tokenizer = CSVTokenizer(delimiter: mapping.delimiter.csvDelimiter, limits: limits)
        tokenizer.acceptsStrayQuotes = true
        var layout = mapping.headerLine == nil ? try BankCSVLayout(mapping, header: nil, line: 1) : nil
        var cells = BankCSVStatementCells(mapping.statementCells)
        var statements = BankCSVStatements(fileName: fileName)
        var builder: BankCSVRowBuilder?
        var lastLine = 1
        while let row = try tokenizer.nextRow(from: &source) {
            lastLine = row.line
            guard let current = layout else {
                guard let headerLine = mapping.headerLine else { continue }
                if row.line < headerLine {
                    cells.take(row)
                    continue
                }
                guard row.line == headerLine else {
                    throw KontorError(.badInput, "line \(headerLine) should hold the header of a '\(mapping.name)' export, but it is empty",
                                      hint: "check that the file is a '\(mapping.name)' export, or fix header_line in the mapping",
                                      at: SourcePosition(line: headerLine))
                }
                layout = try BankCSVLayout(mapping, header: row.values.map { $0.trimmingBlanks() }, line: row.line)
                continue
            }
            if mapping.headerLine == nil, row.line <= mapping.skipLines {
                cells.take(row)
                continue
            }
            if row.isBlank { continue }
            if let width = current.width, row.count != width,
               row.count < width || (width..<row.count).contains(where: { !row.bytes(at: $0).isEmpty }) {
                if mapping.malformedRows == .skip { continue }
                let header = mapping.headerLine.map { "the header on line \($0) has \(width)" } ?? "the mapping expects \(width)"
                throw KontorError(.badInput, "line \(row.line) has \(row.count) fields, \(header)",
                                  hint: "check the file for a missing or extra '\(mapping.delimiter.rawValue == "\t" ? "tab" : mapping.delimiter.rawValue)' or an unbalanced quote; if the bank writes such rows and they are not bookings, set malformed_rows: skip in the mapping",
                                  at: SourcePosition(line: row.line))
            }
            // One builder per layout, given each row in place: building one per row copied
            // the mapping and the layout (their strings and arrays) every row.
            if builder == nil { builder = BankCSVRowBuilder(mapping: mapping, layout: current, row: row, fileName: fileName) }
            builder?.row = row
            guard let (transaction, account) = try builder?.transaction(fallbackAccount: cells.account ?? mapping.account) else {
                throw KontorError(.internal, "line \(row.line) was not read", at: SourcePosition(line: row.line))
            }
            let balance = try builder?.balance(transaction.amount.currency)
            try statements.add(transaction, account: account, line: row.line, balance: balance, sink)
        }
        if layout == nil, let headerLine = mapping.headerLine {
            throw KontorError(.badInput, "the file ends before line \(headerLine), where the header of a '\(mapping.name)' export should be",
                              hint: "the file is empty or cut off; export it from the bank again", at: SourcePosition(line: lastLine))
        }
        let closing = try (statements.firstCurrency ?? mapping.currency).flatMap { currency throws(KontorError) in
            try cells.closingBalance(mapping: mapping, currency: currency)
        }
        let empty = (cells.account ?? mapping.account).flatMap { account in
            mapping.currency.map { BankCSVStatements.Key(account: account, currency: $0) }
        }
        try statements.finish(closing: closing, empty: empty, endLine: lastLine, sink)
    }
}

extension BankCSVMapping.Delimiter {
    var csvDelimiter: CSVDelimiter {
        switch self {
        case .comma: .comma
        case .semicolon: .semicolon
        case .tab: .tab
        }
    }
}

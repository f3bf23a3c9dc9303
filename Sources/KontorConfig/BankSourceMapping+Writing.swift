import KontorCore

extension BankSourceMapping {
    /// The text of `pipelines/sources/<name>.yaml` for `mapping`, in the layout
    /// ``parse(yaml:name:file:)`` reads: parsing the text gives `mapping` back. Every string
    /// is double-quoted (a header such as `2024` stays a header, not a column number);
    /// `comment` lines go on top, each prefixed with `# `.
    public static func yaml(for mapping: BankCSVMapping, comment: [String] = []) -> String {
        var lines = comment.map { "# " + $0 }
        if let label = mapping.label { lines.append("label: " + quoted(label)) }
        lines.append("encoding: " + mapping.encoding.rawValue)
        lines.append("delimiter: " + quoted(mapping.delimiter.rawValue))
        if let header = mapping.headerLine {
            lines.append("header_line: \(header)")
        } else {
            lines.append("header_line: null")
        }
        if mapping.skipLines > 0 { lines.append("skip_lines: \(mapping.skipLines)") }
        lines.append("date_format: " + quoted(mapping.dateFormat.description))
        lines.append("decimal_separator: " + quoted(mapping.decimalSeparator.rawValue))
        if let thousands = mapping.thousandsSeparator { lines.append("thousands_separator: " + quoted(String(thousands))) }
        if let currency = mapping.currency { lines.append("currency: " + currency.code) }
        if let account = mapping.account { lines.append("account: " + quoted(account)) }
        lines.append("columns:")
        let columns = mapping.columns
        let named: [(String, BankCSVMapping.Column?)] = [
            ("date", columns.date), ("value_date", columns.valueDate), ("amount", columns.amount), ("debit", columns.debit),
            ("credit", columns.credit), ("currency", columns.currency), ("payee", columns.payee), ("payer", columns.payer),
            ("bank_id", columns.bankID), ("balance", columns.balance), ("account", columns.account),
            ("counterparty_account", columns.counterpartyAccount), ("counterparty_bank", columns.counterpartyBank),
            ("end_to_end_id", columns.endToEndID), ("kind", columns.kind),
        ]
        for (key, column) in named {
            if let column { lines.append("  \(key): " + text(column)) }
        }
        if !columns.memo.isEmpty { lines.append("  memo: [" + columns.memo.map(text).joined(separator: ", ") + "]") }
        switch mapping.sign {
        case .asIs: lines.append("sign: as_is")
        case .inverted: lines.append("sign: inverted")
        case .indicator(let column, let debit, let credit):
            lines.append("sign: {indicator: \(text(column)), debit: [" + debit.map(quoted).joined(separator: ", ") + "], credit: ["
                         + credit.map(quoted).joined(separator: ", ") + "]}")
        }
        var cells: [String] = []
        if let cell = mapping.statementCells.account { cells.append("account: {line: \(cell.line), column: \(cell.column)}") }
        if let cell = mapping.statementCells.closingBalance { cells.append("closing_balance: {line: \(cell.line), column: \(cell.column)}") }
        if !cells.isEmpty { lines.append("statement_cells: {" + cells.joined(separator: ", ") + "}") }
        if mapping.malformedRows != .reject { lines.append("malformed_rows: " + mapping.malformedRows.rawValue) }
        var detect: [String] = []
        if !mapping.detection.headerCells.isEmpty {
            detect.append("header: [" + mapping.detection.headerCells.map(quoted).joined(separator: ", ") + "]")
        }
        if let count = mapping.detection.columnCount { detect.append("column_count: \(count)") }
        if !detect.isEmpty { lines.append("detect: {" + detect.joined(separator: ", ") + "}") }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func text(_ column: BankCSVMapping.Column) -> String {
        switch column {
        case .number(let number): String(number)
        case .named(let name): quoted(name)
        }
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\x" + (hex.count < 2 ? "0" : "") + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

import KontorCore

/// The statement facts a bank writes above its header (DKB's `"Girokonto";"DE42…"` and
/// `"Kontostand vom 09.12.2025:";"4.093,32 €"`, ING's `IBAN;…` and `Saldo;…;EUR`),
/// picked from the rows the mapping's ``BankCSVMapping/StatementCells`` point at.
struct BankCSVStatementCells {
    let wanted: BankCSVMapping.StatementCells
    private(set) var account: String?
    private var closing: (text: String, line: Int, column: Int)?

    init(_ wanted: BankCSVMapping.StatementCells) {
        self.wanted = wanted
    }

    mutating func take(_ row: CSVRow) {
        if let cell = wanted.account, cell.line == row.line, let value = row.value(at: cell.column - 1) {
            account = BankCSVRowBuilder.cleanAccount(value)
        }
        if let cell = wanted.closingBalance, cell.line == row.line, let value = row.value(at: cell.column - 1) {
            closing = (value, cell.line, cell.column)
        }
    }

    /// The closing balance the file states, read with the mapping's number notation.
    func closingBalance(mapping: BankCSVMapping, currency: CurrencyCode) throws(KontorError) -> StatedBalance? {
        guard let closing else { return nil }
        do {
            guard let amount = try BankCSVAmount.parse(closing.text, currency: currency, mapping: mapping) else { return nil }
            return StatedBalance(amount: amount, date: nil, code: "csv-header")
        } catch {
            throw KontorError(.badInput, "the balance '\(closing.text)' above the header cannot be read: \(error.reason)",
                              hint: "check decimal_separator and thousands_separator of the mapping '\(mapping.name)', or statement_cells.closing_balance",
                              at: SourcePosition(line: closing.line, column: closing.column))
        }
    }
}

import KontorCore

/// Turns one data row into a ``BankTransaction`` by the mapping, with errors that name
/// the line, column and header of the cell at fault.
struct BankCSVRowBuilder {
    let mapping: BankCSVMapping
    let layout: BankCSVLayout
    var row: CSVRow
    let fileName: String

    func cell(_ index: Int?) -> String? {
        guard let index else { return nil }
        let value = row.value(at: index)?.trimmingBlanks() ?? ""
        return value.isEmpty ? nil : value
    }

    func failure(_ index: Int, _ message: String, hint: String) -> KontorError {
        KontorError(.badInput, message, hint: hint,
                    at: SourcePosition(line: row.line, column: index + 1, field: layout.fieldName(index)))
    }

    /// The running balance the row states after itself (as written, signed), if the
    /// mapping names a balance column and the cell is not empty.
    func balance(_ currency: CurrencyCode) throws(KontorError) -> Money? {
        try parse(layout.balance, currency)
    }

    /// The row's transaction and the account it belongs to.
    mutating func transaction(fallbackAccount: String?) throws(KontorError) -> (BankTransaction, String?) {
        guard let date = try self.date(layout.date, required: true) else {
            throw failure(layout.date, "line \(row.line) has no date", hint: "every booking needs a date")
        }
        let currency = try self.currency()
        var amount = try self.amount(currency)
        switch mapping.sign {
        case .asIs: break
        case .inverted: amount = amount.negated
        case .indicator(_, let debitValues, let creditValues):
            let mark = (cell(layout.indicator) ?? "").lowercased()
            if debitValues.contains(where: { $0.lowercased() == mark }) {
                amount = amount.magnitude.negated
            } else if creditValues.contains(where: { $0.lowercased() == mark }) {
                amount = amount.magnitude
            } else {
                throw failure(layout.indicator ?? 0, "line \(row.line): the debit/credit marker '\(cell(layout.indicator) ?? "")' is "
                              + "neither a debit value (\(debitValues.joined(separator: ", "))) nor a credit value "
                              + "(\(creditValues.joined(separator: ", ")))",
                              hint: "add it to sign.debit or sign.credit in the mapping")
            }
        }
        let account = cell(layout.account).map(Self.cleanAccount) ?? fallbackAccount
        let payee = amount.minorUnits > 0 ? (cell(layout.payer) ?? cell(layout.payee)) : cell(layout.payee)
        let memo: String?
        if layout.memo.count == 1 {
            memo = cell(layout.memo[0])
        } else {
            let joined = layout.memo.compactMap { cell($0) }.joined(separator: " ")
            memo = joined.isEmpty ? nil : joined
        }
        let transaction = BankTransaction(
            position: SourcePosition(file: fileName, line: row.line), date: date,
            valueDate: try self.date(layout.valueDate, required: false), amount: amount,
            bankID: cell(layout.bankID), payee: payee, memo: memo,
            endToEndID: cell(layout.endToEndID), counterpartyAccount: cell(layout.counterpartyAccount),
            counterpartyBank: cell(layout.counterpartyBank), kind: cell(layout.kind))
        return (transaction, account)
    }

    private func date(_ index: Int?, required: Bool) throws(KontorError) -> LocalDate? {
        guard let index else { return nil }
        guard let text = cell(index) else {
            guard required else { return nil }
            throw failure(index, "line \(row.line) has no date", hint: "every booking needs a date in the column \(layout.fieldName(index))")
        }
        guard let date = mapping.dateFormat.parse(text) else {
            throw failure(index, "date '\(text)' does not match the format \(mapping.dateFormat) of the mapping '\(mapping.name)'",
                          hint: "check date_format in \(mapping.name).yaml, or that this file is a '\(mapping.name)' export")
        }
        return date
    }

    private func currency() throws(KontorError) -> CurrencyCode {
        if let index = layout.currency, let text = cell(index) {
            guard let currency = CurrencyCode(text.uppercased()) else {
                throw failure(index, "'\(text)' is not an ISO 4217 currency code", hint: "the currency column must hold codes such as EUR or USD")
            }
            return currency
        }
        if let currency = mapping.currency { return currency }
        throw KontorError(.badInput, "line \(row.line) names no currency and the mapping '\(mapping.name)' sets none",
                          hint: "add 'currency: EUR' (or the account's currency) to \(mapping.name).yaml",
                          at: SourcePosition(line: row.line))
    }

    private func amount(_ currency: CurrencyCode) throws(KontorError) -> Money {
        if let index = layout.amount {
            guard let money = try parse(index, currency) else {
                throw failure(index, "line \(row.line) has no amount", hint: "every booking needs an amount in the column \(layout.fieldName(index))")
            }
            return money
        }
        let debit = try parse(layout.debit, currency)
        let credit = try parse(layout.credit, currency)
        guard debit != nil || credit != nil else {
            throw failure(layout.debit ?? layout.credit ?? 0, "line \(row.line) has neither a debit nor a credit amount",
                          hint: "every booking needs an amount in the debit or the credit column")
        }
        let units = (credit?.minorUnits ?? 0) - (debit?.magnitude.minorUnits ?? 0)
        return Money(minorUnits: units, currency: currency)
    }

    private func parse(_ index: Int?, _ currency: CurrencyCode) throws(KontorError) -> Money? {
        guard let index, let text = cell(index) else { return nil }
        do {
            return try BankCSVAmount.parse(text, currency: currency, mapping: mapping)
        } catch {
            let grouping = mapping.thousandsSeparator.map { "'\($0)'" } ?? "none"
            throw failure(index, "amount '\(text)' cannot be read: \(error.reason)",
                          hint: "the mapping '\(mapping.name)' expects '\(mapping.decimalSeparator.rawValue)' as decimal separator and \(grouping) as thousands separator")
        }
    }

    /// An account cell without the spreadsheet text marks and spaces some banks add
    /// (`'DE67…'`).
    static func cleanAccount(_ text: String) -> String {
        var value = Substring(text.trimmingBlanks())
        while value.first == "'" || value.first == "\"" { value.removeFirst() }
        while value.last == "'" || value.last == "\"" { value.removeLast() }
        return String(value)
    }
}

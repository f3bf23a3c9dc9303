import KontorCore

/// Turns one row of a PayPal export into a ``BankTransaction``, once the file's decimal
/// separator and date order are known.
struct PayPalRowBuilder {
    let columns: PayPalCSVColumns
    let separator: DecimalSeparator
    let dates: PayPalDateOrder
    let fileName: String

    /// Statuses that mean the row is final, per language.
    static let completed: Set<String> = ["completed", "completado", "abgeschlossen", "terminé", "termine"]

    /// Statuses that mean the money never moved, per language.
    static let movedNothing: Set<String> = [
        "denied", "canceled", "cancelled", "failed", "abgelehnt", "storniert", "abgebrochen", "fehlgeschlagen",
        "denegado", "cancelado", "fallido", "refusé", "refuse", "annulé", "annule", "échoué", "echoue",
    ]

    /// Whether the row moved money: not a payment PayPal denied, canceled or failed, and
    /// not a row whose balance impact is `Memo` (shown for information, never on the
    /// balance). Rows that did not are left out, as the Stripe payments export leaves out
    /// failed charges.
    func movesMoney(_ row: CSVRow) -> Bool {
        if let status = columns.text(.status, in: row), PayPalRowBuilder.movedNothing.contains(status.lowercased()) { return false }
        if let impact = columns.text(.impact, in: row)?.lowercased(), impact.hasPrefix("memo") || impact.hasPrefix("mémo") {
            return false
        }
        return true
    }

    func transaction(_ row: CSVRow) throws(KontorError) -> BankTransaction {
        func position(_ field: PayPalCSVColumns.Field) -> SourcePosition {
            columns.position(field, line: row.line, fileName: fileName)
        }
        try columns.checkWidth(row, fileName: fileName)
        guard let currencyText = columns.text(.currency, in: row) else {
            throw KontorError(.badInput, "line \(row.line) has no currency", hint: "every PayPal row names its currency; was the file edited?",
                              at: position(.currency))
        }
        guard let currency = CurrencyCode(currencyText.uppercased()) else {
            throw KontorError(.badInput, "currency '\(currencyText)' on line \(row.line) is not an ISO 4217 currency Kontor knows",
                              hint: "PayPal writes three-letter codes such as EUR or USD", at: position(.currency))
        }
        func money(_ field: PayPalCSVColumns.Field, _ name: String) throws(KontorError) -> Money? {
            guard let text = columns.text(field, in: row) else { return nil }
            do { return try AmountNotation.parse(text, field: name, currency: currency, separator: separator) } catch {
                throw KontorError(.badInput, "line \(row.line): \(error.message)", hint: error.hint, at: position(field))
            }
        }
        guard let gross = try money(.gross, "gross amount") else {
            throw KontorError(.badInput, "line \(row.line) has no gross amount", hint: "every PayPal row has a gross amount; was the file edited?",
                              at: position(.gross))
        }
        let paypalFee = try money(.fee, "fee") ?? .zero(currency)
        if let net = try money(.net, "net amount"), net.minorUnits != gross.minorUnits + paypalFee.minorUnits {
            throw KontorError(.badInput, "line \(row.line): net \(net.decimalString) is not gross \(gross.decimalString) + fee \(paypalFee.decimalString)",
                              hint: "the export is inconsistent; download it again from PayPal", at: position(.net))
        }
        let dateText = columns.text(.date, in: row)
        guard let dateText, let date = dates.date(dateText) else {
            throw KontorError(.badInput, "line \(row.line): date '\(dateText ?? "")' is not a date",
                              hint: "PayPal writes dates as \(dates.example), DD.MM.YYYY or YYYY-MM-DD", at: position(.date))
        }
        let type = columns.text(.type, in: row)
        var kind = type
        if let status = columns.text(.status, in: row), !PayPalRowBuilder.completed.contains(status.lowercased()) {
            kind = "\(type ?? "") (\(status))"
        }
        let email = gross.isNegative ? columns.text(.toEmail, in: row) : columns.text(.fromEmail, in: row)
        let memo = [columns.text(.subject, in: row) ?? columns.text(.itemTitle, in: row), columns.text(.note, in: row),
                    columns.text(.invoice, in: row).map { "invoice \($0)" }].compactMap { $0 }
        let id = columns.text(.transactionID, in: row)
        return BankTransaction(
            position: SourcePosition(file: fileName, line: row.line, recordID: id), date: date, amount: gross, bankID: id,
            payee: columns.text(.name, in: row) ?? email, memo: memo.isEmpty ? nil : memo.joined(separator: " — "),
            endToEndID: columns.text(.referenceID, in: row), kind: kind, fee: paypalFee.negated,
            gatewayKind: PayPalCSVReader.gatewayKind(type: type, gross: gross).rawValue)
    }
}

import KontorCore

/// Reads a Stripe dashboard CSV export (see ``StripeCSVColumns`` for the two layouts).
///
/// One statement per currency, no stated balances, dates from the creation time (UTC).
/// Amounts are decimals in major units, as the dashboard writes them.
///
/// - **Balance export** (one row per balance transaction): `amount` is the gross
///   (`Amount`/`gross`), `fee` the fee withheld, and gross − fee must equal `Net`;
///   bankID is the `txn_…` id; gatewayKind comes from `Type`/`reporting_category`.
/// - **Payments export** (one row per charge): the charge as money in. When the export
///   states a converted (settlement) amount, that is what reached the Stripe balance and
///   is read instead of the presentment amount (the fee is in the settlement currency).
///   Rows whose status moved no money (failed, canceled, uncaptured) are left out;
///   refunds are not read from this export because it does not say when they happened —
///   they come from the balance export or the refund events.
public struct StripeCSVReader: StatementReader {
    public var limits: CSVLimits

    public init(limits: CSVLimits = .default) {
        self.limits = limits
    }

    /// Payments-export statuses of charges that moved no money.
    static let noMoneyStatuses: Set<String> = ["failed", "canceled", "cancelled", "blocked", "incomplete", "uncaptured",
                                               "requires_payment_method", "requires_action", "expired"]

    public func read(_ source: inout some ByteSource, fileName: String,
                     _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        var tokenizer = CSVTokenizer(delimiter: .comma, limits: limits)
        func next() throws(KontorError) -> CSVRow? {
            do { return try tokenizer.nextRow(from: &source) } catch { throw error.inFile(fileName) }
        }
        guard let headerRow = try next() else {
            throw KontorError(.badInput, "the file is empty",
                              hint: "a Stripe export starts with a header row such as id,Type,Source,Amount,Fee,Net,Currency,Created (UTC)",
                              at: SourcePosition(file: fileName, line: 1))
        }
        let columns = try StripeCSVColumns(headerRow, fileName: fileName)
        var statements = GatewayStatements(account: nil)
        while let row = try next() {
            guard !row.isBlank else { continue }
            if let transaction = try transaction(row, columns, fileName: fileName) { statements.add(transaction) }
        }
        try statements.emit(fileName: fileName, sink)
    }

    func transaction(_ row: CSVRow, _ columns: StripeCSVColumns, fileName: String) throws(KontorError) -> BankTransaction? {
        func required(_ field: StripeCSVColumns.Field, _ name: String) throws(KontorError) -> String {
            guard let text = columns.text(field, in: row) else {
                throw KontorError(.badInput, "line \(row.line) has no \(name)",
                                  hint: "every row of a Stripe export has an \(name); was the file edited?",
                                  at: columns.position(field, in: row, fileName: fileName))
            }
            return text
        }
        try columns.checkWidth(row, fileName: fileName)
        let id = try required(.id, "id")
        if columns.export == .payments {
            if let status = columns.text(.status, in: row), StripeCSVReader.noMoneyStatuses.contains(status.lowercased()) { return nil }
            if columns.text(.captured, in: row)?.lowercased() == "false" { return nil }
        }
        let converted = columns.export == .payments && columns.text(.convertedAmount, in: row) != nil
            && columns.text(.convertedCurrency, in: row) != nil
        let currencyField: StripeCSVColumns.Field = converted ? .convertedCurrency : .currency
        let currencyText = try required(currencyField, "currency")
        guard let currency = CurrencyCode(currencyText.uppercased()) else {
            throw KontorError(.badInput, "currency '\(currencyText)' on line \(row.line) is not an ISO 4217 currency Kontor knows",
                              hint: "Stripe writes three-letter codes such as usd or eur",
                              at: columns.position(currencyField, in: row, fileName: fileName))
        }
        func money(_ field: StripeCSVColumns.Field, _ name: String) throws(KontorError) -> Money? {
            guard let text = columns.text(field, in: row) else { return nil }
            do { return try AmountNotation.parse(text, field: name, currency: currency, separator: .point) } catch {
                throw KontorError(.badInput, "line \(row.line): \(error.message)", hint: error.hint,
                                  at: columns.position(field, in: row, fileName: fileName))
            }
        }
        let amountField: StripeCSVColumns.Field = converted ? .convertedAmount : .gross
        guard let gross = try money(amountField, "amount") else {
            throw KontorError(.badInput, "line \(row.line) has no amount", hint: "every row of a Stripe export has an amount",
                              at: columns.position(amountField, in: row, fileName: fileName))
        }
        let fee = try money(.fee, "fee") ?? .zero(currency)
        if let net = try money(.net, "net"), net.minorUnits != gross.minorUnits - fee.minorUnits {
            throw KontorError(.badInput, "line \(row.line) (\(id)): net \(net.decimalString) is not amount \(gross.decimalString) − fee \(fee.decimalString)",
                              hint: "the export is inconsistent; download it again from Stripe",
                              at: columns.position(.net, in: row, fileName: fileName))
        }
        let createdText = try required(.created, "creation date")
        guard let date = StripeCSVReader.date(createdText) else {
            throw KontorError(.badInput, "line \(row.line): creation date '\(createdText)' is not a date",
                              hint: "Stripe writes times as YYYY-MM-DD HH:MM[:SS] in UTC",
                              at: columns.position(.created, in: row, fileName: fileName))
        }
        let kind = columns.export == .payments ? "charge" : columns.text(.type, in: row) ?? columns.text(.reportingCategory, in: row)
        let gatewayKind = columns.export == .payments
            ? GatewayKind.charge
            : StripeBalanceKind.of(type: columns.text(.type, in: row), reportingCategory: columns.text(.reportingCategory, in: row))
        let payee = columns.text(.customerName, in: row) ?? columns.text(.customerDescription, in: row)
            ?? columns.text(.customerEmail, in: row)
        return BankTransaction(
            position: SourcePosition(file: fileName, line: row.line, recordID: id), date: date,
            valueDate: columns.text(.availableOn, in: row).flatMap(StripeCSVReader.date), amount: gross, bankID: id,
            payee: payee, memo: columns.text(.description, in: row), endToEndID: columns.text(.source, in: row),
            kind: kind, fee: fee, gatewayKind: gatewayKind.rawValue)
    }

    /// The date of `2021-02-03 13:12`, `2020-01-23 08:26:29`, `2021-02-03T13:12:00Z` or `2021/02/03 …`.
    static func date(_ text: String) -> LocalDate? {
        let head = String(text.prefix(10)).replacing("/", with: "-")
        guard text.count == 10 || text.dropFirst(10).first.map({ $0 == " " || $0 == "T" }) == true else { return nil }
        return LocalDate(iso: head)
    }
}

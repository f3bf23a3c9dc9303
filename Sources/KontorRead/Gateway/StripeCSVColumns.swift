import KontorCore

/// The columns of a Stripe dashboard CSV export, found by name: the balance export
/// (`id, Type, Source, Amount, Fee, Net, Currency, Created (UTC), Available On (UTC),
/// Description` or the report's `balance_transaction_id, created_utc, gross, fee, net,
/// reporting_category`) and the payments export (`id, Created (UTC), Amount,
/// Amount Refunded, Currency, Converted Amount, Fee, Status, Customer Email`).
///
/// Names are compared case-insensitively with spaces as underscores and without a
/// `(UTC)` or `_utc` suffix, so both spellings map to the same field.
struct StripeCSVColumns: GatewayCSVColumns {
    enum Field: Hashable, CaseIterable {
        case id, type, reportingCategory, source, gross, fee, net, currency, created, availableOn, description
        case amountRefunded, convertedAmount, convertedAmountRefunded, convertedCurrency, status, captured
        case customerName, customerDescription, customerEmail
    }

    /// Which of the two exports the header is.
    enum Export { case balance, payments }

    private static let names: [String: Field] = [
        "id": .id, "balance_transaction_id": .id,
        "type": .type, "reporting_category": .reportingCategory,
        "source": .source, "source_id": .source, "charge_id": .source,
        "amount": .gross, "gross": .gross, "fee": .fee, "net": .net, "currency": .currency,
        "created": .created, "created_date": .created, "available_on": .availableOn, "available_on_date": .availableOn,
        "description": .description,
        "amount_refunded": .amountRefunded, "converted_amount": .convertedAmount,
        "converted_amount_refunded": .convertedAmountRefunded, "converted_currency": .convertedCurrency,
        "status": .status, "captured": .captured,
        "customer_name": .customerName, "customer_description": .customerDescription, "customer_email": .customerEmail,
    ]

    let export: Export
    let headers: [String]
    /// The columns up to the last named one: every row has at least these (a shorter row
    /// is a file cut short or edited).
    let width: Int
    private(set) var index: [Field: Int] = [:]

    static func normalized(_ header: String) -> String {
        var text = header.lowercased().trimming(" \t\"")
        text = text.replacing("(utc)", with: "")
        text = text.trimming(" ").replacing(" ", with: "_").replacing("-", with: "_")
        if text.hasSuffix("_utc") { text.removeLast(4) }
        return text
    }

    /// Whether a header row looks like a Stripe export (for detection).
    static func matches(_ headers: [String]) -> Bool {
        let fields = Set(headers.compactMap { names[normalized($0)] })
        return fields.isSuperset(of: [.id, .gross, .currency, .created])
            && (fields.contains(.net) || fields.contains(.amountRefunded) || fields.contains(.reportingCategory))
    }

    /// Whether a Stripe export's header row is the payments layout (no net, type or
    /// reporting category: one row per charge) rather than the balance layout.
    static func isPaymentsExport(_ headers: [String]) -> Bool {
        let fields = Set(headers.compactMap { names[normalized($0)] })
        return !fields.contains(.net) && !fields.contains(.reportingCategory) && !fields.contains(.type)
    }

    init(_ row: CSVRow, fileName: String) throws(KontorError) {
        headers = row.values
        width = (headers.lastIndex { !$0.trimming(" \t\"\u{FEFF}").isEmpty } ?? -1) + 1
        for (offset, header) in headers.enumerated() {
            if let field = StripeCSVColumns.names[StripeCSVColumns.normalized(header)], index[field] == nil { index[field] = offset }
        }
        export = StripeCSVColumns.isPaymentsExport(headers) ? .payments : .balance
        let required: [(Field, String)] = [(.id, "id"), (.gross, "Amount"), (.currency, "Currency"), (.created, "Created (UTC)")]
        let missing = required.filter { index[$0.0] == nil }.map(\.1)
        guard missing.isEmpty else {
            throw KontorError(.badInput, "the header has no column \(missing.joined(separator: ", ")); this is not a Stripe export Kontor reads",
                              hint: "export from the Stripe dashboard: Balance → Export (balance transactions) or Payments → Export",
                              at: SourcePosition(file: fileName, line: row.line))
        }
    }



    func position(_ field: Field, in row: CSVRow, fileName: String) -> SourcePosition {
        let column = index[field]
        return SourcePosition(file: fileName, line: row.line, column: column.map { $0 + 1 },
                              field: column.map { headers[$0] })
    }
}

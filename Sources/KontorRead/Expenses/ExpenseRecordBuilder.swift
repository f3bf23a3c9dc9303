import KontorCore

/// Turns the text of one expense's fields into an ``ExpenseRecord``: the checks and
/// error messages the CSV and JSON readers share.
struct ExpenseRecordBuilder: Sendable {
    /// A field's text (trimmed) and where it was found.
    struct Value: Sendable {
        var text: String
        var position: SourcePosition
    }

    /// The values of one expense, by field: a fixed array, not a dictionary.
    struct Values: Sendable {
        private var storage = [Value?](repeating: nil, count: ExpenseField.allCases.count)
        subscript(field: ExpenseField) -> Value? {
            get { storage[field.index] }
            set { storage[field.index] = newValue }
        }
    }

    var options: ExpenseReadOptions
    var separator: DecimalSeparator
    /// JSON amounts are machine-written: no grouping separators.
    var allowsGrouping: Bool
    /// Whether ``separator`` is a guess (neither declared nor detected from the file).
    var separatorIsAssumed = false

    func record(_ values: Values, at position: SourcePosition) throws(KontorError) -> ExpenseRecord {
        func required(_ field: ExpenseField) throws(KontorError) -> Value {
            guard let value = values[field], !value.text.isEmpty else {
                throw KontorError(.badInput, "\(field.name) is empty",
                                  hint: "fill in the \(field.name); every expense needs a date, an amount, a vendor and a category",
                                  at: values[field]?.position ?? position)
            }
            return value
        }
        func optional(_ field: ExpenseField) -> String? {
            guard let text = values[field]?.text, !text.isEmpty else { return nil }
            return text
        }

        let dateValue = try required(.date)
        let date: LocalDate
        do { date = try DateFormat.parse(dateValue.text, declared: options.dateFormat) } catch {
            throw KontorError(.badInput, error.message, hint: error.hint, at: dateValue.position)
        }

        var currency = options.defaultCurrency
        if let value = values[.currency], !value.text.isEmpty {
            guard let code = CurrencyCode(value.text.uppercased()) else {
                throw KontorError(.badInput, "currency '\(value.text)' is not an ISO 4217 currency code",
                                  hint: "write a three-letter currency code such as EUR, USD or GBP, or leave the field empty for \(options.defaultCurrency.code)",
                                  at: value.position)
            }
            currency = code
        }

        let amount = try money(try required(.amount), field: .amount, currency: currency)
        let vendor = try required(.vendor).text
        let category = try required(.category).text
        let taxAmount = try values[.taxAmount].flatMap { value throws(KontorError) in
            value.text.isEmpty ? nil : try money(value, field: .taxAmount, currency: currency)
        }
        var taxRate: TaxRate?
        if let value = values[.taxRate], !value.text.isEmpty {
            guard let rate = TaxRate(percentText: value.text) else {
                throw KontorError(.badInput, "tax_rate '\(value.text)' is not a percentage between 0 and 100",
                                  hint: "write the rate in percent with up to three decimals, e.g. 19 or 7.5",
                                  at: value.position)
            }
            taxRate = rate
        }
        return ExpenseRecord(position: position, date: date, amount: amount, vendor: vendor, category: category,
                             description: optional(.description) ?? "", paymentAccount: optional(.paymentAccount),
                             receiptReference: optional(.receipt), taxAmount: taxAmount, taxRate: taxRate,
                             externalID: optional(.id), submitter: optional(.submittedBy))
    }

    private func money(_ value: Value, field: ExpenseField, currency: CurrencyCode) throws(KontorError) -> Money {
        if separatorIsAssumed, AmountNotation.isAmbiguous(value.text, currency: currency) {
            throw KontorError(.badInput, "\(field.name) '\(value.text)' is ambiguous: \(currency.code) has three decimals, and nothing in "
                              + "the file shows whether '\(value.text.contains(",") ? "," : ".")' is the decimal or the grouping separator",
                              hint: "set import.decimal_separator in the business profile (\".\" or \",\"), or write the amount "
                              + "so that it reads one way only: 1250.000 for twelve hundred and fifty, 1.25 for one and a quarter", at: value.position)
        }
        do {
            return try AmountNotation.parse(value.text, field: field.name, currency: currency,
                                            separator: separator, allowsGrouping: allowsGrouping)
        } catch {
            throw KontorError(.badInput, error.message, hint: error.hint, at: value.position)
        }
    }
}

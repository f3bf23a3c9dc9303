import KontorCore

/// An expense held for approval, kept as JSON in the approval request until the decision
/// that completes its chain posts it: exactly the entry that was routed, so what was
/// approved is what is booked, whatever changes in `pipelines/` meanwhile.
enum HeldExpense {
    static func encode(_ entry: ExpenseEntry) -> String {
        let record = entry.record
        let transaction = entry.transaction
        return JSONValue.object([
            "date": .string(record.date.description), "amount": .int(record.amount.minorUnits),
            "currency": .string(record.amount.currency.code), "vendor": .string(record.vendor), "category": .string(record.category),
            "description": .string(record.description), "payment_account": .optional(record.paymentAccount),
            "receipt": .optional(record.receiptReference), "tax_amount": record.taxAmount.map { .int($0.minorUnits) } ?? .null,
            "tax_rate": record.taxRate.map { .int(Int64($0.millipercent)) } ?? .null, "external_id": .optional(record.externalID),
            "submitted_by": .optional(record.submitter), "file": .optional(record.position.file),
            "line": record.position.line.map { .int(Int64($0)) } ?? .null,
            "category_key": .string(entry.category.rawValue), "vendor_name": .string(entry.vendorName), "vendor_key": .string(entry.vendorKey),
            "payment_method": .string(entry.paymentAccount), "booked_tax": entry.taxAmount.map { .int($0.minorUnits) } ?? .null,
            "transaction": .object([
                "date": .string(transaction.date.description), "description": .string(transaction.description),
                "record_id": .string(transaction.recordID),
                "postings": .array(transaction.postings.map {
                    .object(["account": .string($0.account.rawValue), "amount": .int($0.amount.minorUnits), "currency": .string($0.amount.currency.code)])
                }),
            ]),
        ]).serialized(pretty: false)
    }

    static func decode(_ text: String) throws(KontorError) -> ExpenseEntry {
        let damaged = KontorError(.internal, "a held expense in the ledger is damaged")
        guard let value = try? JSONParser.parse(Array(text.utf8)).value,
              let date = value["date"]?.stringValue.flatMap({ LocalDate(iso: $0) }),
              case .int(let minor)? = value["amount"], let currency = value["currency"]?.stringValue.flatMap(CurrencyCode.init),
              let vendor = value["vendor"]?.stringValue, let category = value["category"]?.stringValue,
              let categoryKey = value["category_key"]?.stringValue, let vendorName = value["vendor_name"]?.stringValue,
              let vendorKey = value["vendor_key"]?.stringValue, let method = value["payment_method"]?.stringValue,
              let transaction = value["transaction"], let tDate = transaction["date"]?.stringValue.flatMap({ LocalDate(iso: $0) }),
              let tDescription = transaction["description"]?.stringValue, let recordID = transaction["record_id"]?.stringValue,
              let postingValues = transaction["postings"]?.arrayValue else { throw damaged }
        func money(_ key: String) -> Money? {
            if case .int(let units)? = value[key] { return Money(minorUnits: units, currency: currency) }
            return nil
        }
        var postings: [Posting] = []
        for posting in postingValues {
            guard let account = posting["account"]?.stringValue.flatMap({ AccountPath($0) }), case .int(let units)? = posting["amount"],
                  let code = posting["currency"]?.stringValue.flatMap(CurrencyCode.init) else { throw damaged }
            postings.append(Posting(account, Money(minorUnits: units, currency: code)))
        }
        var rate: TaxRate?
        if case .int(let millipercent)? = value["tax_rate"] { rate = TaxRate(millipercent: Int(millipercent)) }
        var line: Int?
        if case .int(let number)? = value["line"] { line = Int(number) }
        let record = ExpenseRecord(position: SourcePosition(file: value["file"]?.stringValue, line: line), date: date,
                                   amount: Money(minorUnits: minor, currency: currency), vendor: vendor, category: category,
                                   description: value["description"]?.stringValue ?? "", paymentAccount: value["payment_account"]?.stringValue,
                                   receiptReference: value["receipt"]?.stringValue, taxAmount: money("tax_amount"), taxRate: rate,
                                   externalID: value["external_id"]?.stringValue, submitter: value["submitted_by"]?.stringValue)
        return ExpenseEntry(record: record, category: CategoryKey(categoryKey), vendorName: vendorName, vendorKey: vendorKey,
                            paymentAccount: method, taxAmount: money("booked_tax"),
                            transaction: try LedgerTransaction(date: tDate, description: tDescription, recordID: recordID, postings: postings))
    }
}

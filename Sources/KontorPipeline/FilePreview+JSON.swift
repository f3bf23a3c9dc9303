import KontorCore
import KontorStore

extension FilePreview {
    /// The preview as `kontor read --format json` prints it; ``jsonSchema`` describes the
    /// layout. Amounts are exact decimal strings in their currency, dates `YYYY-MM-DD`.
    public var json: JSONValue {
        [
            "file": .string(file), "business": .string(business.rawValue), "channel": .string(channel.rawValue),
            "format": .string(format), "dry_run": true,
            "statements": .array(statements.map(\.json)),
            "expenses": .array(expenses.map(\.json)),
            "new_categories": .array(newCategories.map { category in
                ["key": .string(category.key.rawValue), "name": .string(category.name), "account": .string(category.account.rawValue)]
            }),
        ]
    }

    static func json(_ postings: [Posting]) -> JSONValue {
        .array(postings.map { posting in
            ["account": .string(posting.account.rawValue), "amount": .string(posting.amount.decimalString),
             "currency": .string(posting.amount.currency.code)]
        })
    }

    /// Where a record is in the file: the keys of error objects, without the file name.
    static func json(_ position: SourcePosition) -> JSONValue {
        var object: [String: JSONValue] = [:]
        if let line = position.line { object["line"] = .int(Int64(line)) }
        if let column = position.column { object["column"] = .int(Int64(column)) }
        if let field = position.field { object["field"] = .string(field) }
        if let path = position.path { object["path"] = .string(path) }
        if let record = position.recordID { object["record"] = .string(record) }
        return .object(object)
    }
}

extension FilePreview.Statement {
    var json: JSONValue {
        [
            "account": .optional(summary.account), "statement_id": .optional(summary.statementID),
            "ledger_account": .string(summary.ledgerAccount.rawValue), "currency": .string(summary.currency.code),
            "opening": .optional(summary.opening?.decimalString), "closing": .optional(summary.closing?.decimalString),
            "from": .optional(summary.from?.description), "to": .optional(summary.to?.description),
            "line_count": .int(Int64(summary.lineCount)), "sum": .string(summary.sum.decimalString),
            "balance_check": summary.balanceChecked ? "passed" : "not-stated",
            "lines": .array(lines.map(FilePreview.json)),
        ]
    }
}

extension FilePreview {
    static func json(_ entry: BankEntry) -> JSONValue {
        let line = entry.line
        return [
            "record_id": .string(entry.transaction.recordID), "bank_id": .optional(line.bankID),
            "date": .string(line.date.description), "value_date": .optional(line.valueDate?.description),
            "amount": .string(line.amount.decimalString), "currency": .string(line.amount.currency.code),
            "fee": .optional(line.fee?.decimalString), "payee": .optional(line.payee), "memo": .optional(line.memo),
            "kind": .optional(line.kind), "gateway_kind": .optional(line.gatewayKind),
            "category": .optional(entry.category?.rawValue), "vendor": .optional(entry.vendorName),
            "status": .string(entry.status.rawValue), "evidence": entry.evidence,
            "position": json(line.position), "postings": json(entry.transaction.postings),
        ]
    }
}

extension FilePreview.Expense {
    var json: JSONValue {
        let record = entry.record
        return [
            "record_id": .string(entry.transaction.recordID), "date": .string(record.date.description),
            "amount": .string(record.amount.decimalString), "currency": .string(record.amount.currency.code),
            "vendor": .string(entry.vendorName), "category": .string(entry.category.rawValue),
            "category_status": newCategory ? "would-create" : "existing",
            "description": .string(record.description), "payment_account": .string(entry.paymentAccount),
            "tax_amount": .optional(entry.taxAmount?.decimalString), "receipt": .optional(record.receiptReference),
            "position": FilePreview.json(record.position), "postings": FilePreview.json(entry.transaction.postings),
        ]
    }
}

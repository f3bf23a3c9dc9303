import GRDB
import KontorCore

extension LedgerStore {
    public func clients(business: BusinessID) throws(KontorError) -> [StoredClient] {
        try read("list clients") { db in
            try StoredClient.fetchAll(db, sql: "SELECT * FROM client WHERE business_id = ? ORDER BY id", arguments: [business.rawValue])
        }
    }

    public func client(business: BusinessID, id: String) throws(KontorError) -> StoredClient? {
        try read("read client \(id)") { db in
            try StoredClient.fetchOne(db, sql: "SELECT * FROM client WHERE business_id = ? AND id = ?", arguments: [business.rawValue, id])
        }
    }

    /// The invoice (or credit note, or draft) with this number or request key.
    public func invoice(business: BusinessID, numberOrKey: String) throws(KontorError) -> StoredInvoice? {
        try read("read invoice \(numberOrKey)") { db in
            try StoredInvoice.fetchOne(db, sql: """
                SELECT * FROM invoice WHERE business_id = ? AND (number = ? OR request_key = ?) ORDER BY number IS NULL LIMIT 1
                """, arguments: [business.rawValue, numberOrKey, numberOrKey])
        }
    }

    public func invoices(_ query: InvoiceQuery) throws(KontorError) -> [StoredInvoice] {
        var conditions = ["business_id = ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [query.business.rawValue]
        if !query.statuses.isEmpty {
            conditions.append("status IN (\(query.statuses.map { _ in "?" }.joined(separator: ", ")))")
            arguments.append(contentsOf: query.statuses.map { $0 as (any DatabaseValueConvertible)? })
        }
        if let client = query.client { conditions.append("client_id = ?"); arguments.append(client) }
        if let from = query.from { conditions.append("issue_date >= ?"); arguments.append(from.description) }
        if let to = query.to { conditions.append("issue_date <= ?"); arguments.append(to.description) }
        if let due = query.dueBefore {
            conditions.append("status IN ('issued', 'partially-paid') AND due_date < ? AND payable - paid - credited > 0")
            arguments.append(due.description)
        }
        if let minimum = query.minimum { conditions.append("payable >= ?"); arguments.append(minimum) }
        if let maximum = query.maximum { conditions.append("payable <= ?"); arguments.append(maximum) }
        if let kind = query.kind { conditions.append("kind = ?"); arguments.append(kind) }
        let column: String
        switch query.sort {
        case .number: column = "coalesce(number, '~' || request_key)"
        case .date: column = "issue_date"
        case .due: column = "due_date"
        case .amount: column = "payable"
        case .client: column = "client_id"
        case .status: column = "status"
        }
        let direction = query.descending ? "DESC" : "ASC"
        let sql = "SELECT * FROM invoice WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(column) \(direction), id \(direction)"
        let statementArguments = StatementArguments(arguments)
        return try read("list invoices") { db in
            try StoredInvoice.fetchAll(db, sql: sql, arguments: statementArguments)
        }
    }

    public func invoiceEvents(invoice id: Int64) throws(KontorError) -> [InvoiceEventRow] {
        try read("read invoice history") { db in
            try InvoiceEventRow.fetchAll(db, sql: """
                SELECT e.*, f.name AS file_name FROM invoice_event e LEFT JOIN input_file f ON f.id = e.file_id
                WHERE e.invoice_id = ? ORDER BY e.id
                """, arguments: [id])
        }
    }

    public func invoicePayments(invoice id: Int64) throws(KontorError) -> [InvoicePaymentRow] {
        try read("read invoice payments") { db in
            try InvoicePaymentRow.fetchAll(db, sql: "SELECT * FROM invoice_payment WHERE invoice_id = ? ORDER BY id", arguments: [id])
        }
    }

    /// Invoices with an open balance (issued or partially paid), oldest due first: what
    /// payment matching matches against.
    public func openInvoices(business: BusinessID) throws(KontorError) -> [StoredInvoice] {
        try read("list open invoices") { db in
            try StoredInvoice.fetchAll(db, sql: """
                SELECT * FROM invoice WHERE business_id = ? AND kind = 'invoice' AND status IN ('issued', 'partially-paid')
                  AND payable - paid - credited > 0
                ORDER BY due_date, id
                """, arguments: [business.rawValue])
        }
    }

    /// The balance of one account per currency (minor units), e.g. the receivables, to
    /// check against the sum of open balances.
    public func accountBalance(business: BusinessID, account: String) throws(KontorError) -> [CurrencyCode: Int64] {
        try read("sum account \(account)") { db in
            var result: [CurrencyCode: Int64] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT p.currency, sum(p.amount) AS total FROM posting p JOIN account a ON a.id = p.account_id
                WHERE a.business_id = ? AND a.name = ? GROUP BY p.currency
                """, arguments: [business.rawValue, account]) {
                if let code = CurrencyCode(row["currency"] as String) { result[code] = row["total"] }
            }
            return result
        }
    }
}

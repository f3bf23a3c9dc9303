import GRDB
import KontorCore

/// An invoice with money open, with its client's name: what payment matching indexes.
public struct OpenInvoiceRow: Sendable, Equatable {
    public var id: Int64
    public var number: String
    public var clientID: String
    public var clientName: String
    public var open: Int64
    public var currency: CurrencyCode
    public var dueDate: LocalDate
    public var status: String
    public var payable: Int64
    public var paid: Int64
    public var credited: Int64
}

/// An incoming payment waiting for a person (`kontor payments unmatched`).
public struct PaymentReviewRow: Sendable, Equatable, FetchableRecord {
    /// The payment's ledger transaction id: what a correction file names.
    public var transactionID: Int64
    public var recordID: String
    public var date: String
    public var amount: Int64
    public var currency: String
    public var payer: String?
    public var text: String?
    public var reason: String
    /// Invoice numbers worth a look, separated by spaces.
    public var candidates: String
    public var fileName: String?

    public init(row: Row) throws {
        transactionID = row["transaction_id"]
        recordID = row["record_id"]
        date = row["date"]
        amount = row["amount"]
        currency = row["currency"]
        payer = row["payer"]
        text = row["text"]
        reason = row["reason"]
        candidates = row["candidates"]
        fileName = row["file_name"]
    }
}

extension OpenInvoiceRow {
    static let sql = """
        SELECT i.id, i.number, i.client_id, coalesce(c.name, i.client_id) AS client_name, i.payable - i.paid - i.credited AS open,
               i.currency, i.due_date, i.status, i.payable, i.paid, i.credited
        FROM invoice i LEFT JOIN client c ON c.business_id = i.business_id AND c.id = i.client_id
        WHERE i.business_id = ? AND i.kind = 'invoice' AND i.number IS NOT NULL AND i.status IN ('issued', 'partially-paid', 'paid')
        """

    static func fetch(_ db: Database, business: String, extra: String = "", arguments: [any DatabaseValueConvertible] = []) throws -> [OpenInvoiceRow] {
        var rows: [OpenInvoiceRow] = []
        let cursor = try Row.fetchCursor(db, sql: sql + extra, arguments: StatementArguments([business] + arguments))
        while let row = try cursor.next() {
            guard let currency = CurrencyCode(row["currency"] as String), let due = LocalDate(iso: row["due_date"] as String) else { continue }
            rows.append(OpenInvoiceRow(id: row["id"], number: row["number"], clientID: row["client_id"], clientName: row["client_name"],
                                       open: row["open"], currency: currency, dueDate: due, status: row["status"], payable: row["payable"],
                                       paid: row["paid"], credited: row["credited"]))
        }
        return rows
    }
}

extension LedgerBatch {
    /// Issued invoices with money open, and those paid in full (so a payment naming a
    /// settled invoice is recognized as such): what the matcher indexes.
    public func matchableInvoices() throws(KontorError) -> [OpenInvoiceRow] {
        do {
            return try OpenInvoiceRow.fetch(db, business: business.rawValue)
        } catch {
            throw LedgerStore.map(error, doing: "list open invoices")
        }
    }

    /// One invoice as the matcher sees it (by id).
    public func matchableInvoice(id: Int64) throws(KontorError) -> OpenInvoiceRow? {
        do {
            return try OpenInvoiceRow.fetch(db, business: business.rawValue, extra: " AND i.id = ?", arguments: [id]).first
        } catch {
            throw LedgerStore.map(error, doing: "read invoice \(id)")
        }
    }

    /// Lists a payment for review (again, with the amount still unapplied, after a correction).
    public func recordPaymentReview(transactionID: Int64, recordID: String, date: LocalDate, amount: Money, payer: String?, text: String?,
                                    reason: String, candidates: [String]) throws(KontorError) {
        do {
            try db.execute(sql: """
                INSERT INTO payment_review (transaction_id, business_id, record_id, date, amount, currency, payer, text, reason, candidates, file_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (transaction_id) DO UPDATE SET amount = excluded.amount, reason = excluded.reason, candidates = excluded.candidates,
                    file_id = excluded.file_id, resolved_file_id = NULL
                """, arguments: [transactionID, business.rawValue, recordID, date.description, amount.minorUnits, amount.currency.code,
                                 payer, text, reason, candidates.joined(separator: " "), fileID])
        } catch {
            throw LedgerStore.map(error, doing: "list payment \(recordID) for review")
        }
    }

    /// The payment under review with this transaction id, if still unresolved.
    public func openPaymentReview(transactionID: Int64) throws(KontorError) -> PaymentReviewRow? {
        do {
            return try PaymentReviewRow.fetchOne(db, sql: """
                SELECT r.*, NULL AS file_name FROM payment_review r
                WHERE r.business_id = ? AND r.transaction_id = ? AND r.resolved_file_id IS NULL
                """, arguments: [business.rawValue, transactionID])
        } catch {
            throw LedgerStore.map(error, doing: "read payment review \(transactionID)")
        }
    }

    public func resolvePaymentReview(transactionID: Int64) throws(KontorError) {
        do {
            try db.execute(sql: "UPDATE payment_review SET resolved_file_id = ? WHERE business_id = ? AND transaction_id = ? AND resolved_file_id IS NULL",
                           arguments: [fileID, business.rawValue, transactionID])
        } catch {
            throw LedgerStore.map(error, doing: "resolve payment review \(transactionID)")
        }
    }

    /// The payments waiting for review, oldest first.
    public func openPaymentReviews() throws(KontorError) -> [PaymentReviewRow] {
        do {
            return try PaymentReviewRow.fetchAll(db, sql: PaymentReviewRow.openSQL, arguments: [business.rawValue])
        } catch {
            throw LedgerStore.map(error, doing: "list payments for review")
        }
    }

    /// A client's credit balance in one currency (minor units).
    public func clientCredit(client: String, currency: CurrencyCode) throws(KontorError) -> Int64 {
        do {
            return try Int64.fetchOne(db, sql: """
                SELECT coalesce(sum(amount), 0) FROM client_credit WHERE business_id = ? AND client_id = ? AND currency = ?
                """, arguments: [business.rawValue, client, currency.code]) ?? 0
        } catch {
            throw LedgerStore.map(error, doing: "read the credit balance of client \(client)")
        }
    }

    /// Moves a client's credit balance: + a payment's excess, − what an invoice consumed.
    public func recordClientCredit(client: String, date: LocalDate, amount: Money, paymentTransactionID: Int64?, invoiceID: Int64?) throws(KontorError) {
        do {
            try db.execute(sql: """
                INSERT INTO client_credit (business_id, client_id, date, amount, currency, payment_transaction_id, invoice_id, file_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [business.rawValue, client, date.description, amount.minorUnits, amount.currency.code,
                                 paymentTransactionID, invoiceID, fileID])
        } catch {
            throw LedgerStore.map(error, doing: "record the credit balance of client \(client)")
        }
    }

    /// The allocations of a payment not reversed yet: (allocation id, invoice id, amount, evidence).
    public func activeAllocations(paymentTransactionID: Int64) throws(KontorError) -> [(id: Int64, invoiceID: Int64, amount: Int64, evidence: String)] {
        do {
            return try Row.fetchAll(db, sql: """
                SELECT p.id, p.invoice_id, p.amount, p.evidence FROM invoice_payment p
                LEFT JOIN payment_reversal r ON r.allocation_id = p.id
                WHERE r.allocation_id IS NULL AND json_extract(p.evidence, '$.payment') = ?
                ORDER BY p.id
                """, arguments: [paymentTransactionID]).map { ($0["id"], $0["invoice_id"], $0["amount"], $0["evidence"]) }
        } catch {
            throw LedgerStore.map(error, doing: "read the allocations of payment \(paymentTransactionID)")
        }
    }

    public func recordReversal(allocationID: Int64, transactionID: Int64, reason: String) throws(KontorError) {
        do {
            try db.execute(sql: "INSERT INTO payment_reversal (allocation_id, transaction_id, reason, file_id) VALUES (?, ?, ?, ?)",
                           arguments: [allocationID, transactionID, reason, fileID])
        } catch {
            throw LedgerStore.map(error, doing: "reverse allocation \(allocationID)")
        }
    }

    /// An incoming or outgoing bank line of this business, by its transaction id.
    public func bankLineAmount(transactionID: Int64) throws(KontorError) -> BankLinePayment? {
        do {
            guard let row = try Row.fetchOne(db, sql: """
                SELECT b.amount, b.currency, b.date, b.payee, b.memo, t.record_id FROM bank_line b JOIN ledger_transaction t ON t.id = b.transaction_id
                WHERE b.business_id = ? AND b.transaction_id = ?
                """, arguments: [business.rawValue, transactionID]),
                  let currency = CurrencyCode(row["currency"] as String), let date = LocalDate(iso: row["date"] as String) else { return nil }
            return BankLinePayment(amount: Money(minorUnits: row["amount"], currency: currency), date: date, payer: row["payee"], text: row["memo"],
                                   recordID: row["record_id"])
        } catch {
            throw LedgerStore.map(error, doing: "read payment \(transactionID)")
        }
    }

    /// The client credit a payment left (its excess), net of earlier corrections.
    public func clientCreditFrom(paymentTransactionID: Int64) throws(KontorError) -> (client: String, amount: Int64)? {
        do {
            guard let row = try Row.fetchOne(db, sql: """
                SELECT client_id, sum(amount) AS total FROM client_credit WHERE business_id = ? AND payment_transaction_id = ? AND invoice_id IS NULL
                GROUP BY client_id
                """, arguments: [business.rawValue, paymentTransactionID]) else { return nil }
            return (row["client_id"], row["total"])
        } catch {
            throw LedgerStore.map(error, doing: "read the client credit of payment \(paymentTransactionID)")
        }
    }
}

/// A bank line as a payment correction needs it.
public struct BankLinePayment: Sendable {
    public var amount: Money
    public var date: LocalDate
    public var payer: String?
    public var text: String?
    public var recordID: String
}

extension PaymentReviewRow {
    static let openSQL = """
        SELECT r.*, f.name AS file_name FROM payment_review r LEFT JOIN input_file f ON f.id = r.file_id
        WHERE r.business_id = ? AND r.resolved_file_id IS NULL ORDER BY r.date, r.transaction_id
        """
}

extension LedgerStore {
    /// The payments waiting for review (`kontor payments unmatched`).
    public func openPaymentReviews(business: BusinessID) throws(KontorError) -> [PaymentReviewRow] {
        try read("list payments for review") { db in
            try PaymentReviewRow.fetchAll(db, sql: PaymentReviewRow.openSQL, arguments: [business.rawValue])
        }
    }

    /// The invoices matching sees, for checks and the scenario test.
    public func matchableInvoices(business: BusinessID) throws(KontorError) -> [OpenInvoiceRow] {
        try read("list open invoices") { db in try OpenInvoiceRow.fetch(db, business: business.rawValue) }
    }
}

/// One allocation of a payment to an invoice, with the bank line it came from.
public struct PaymentAllocationRow: Sendable, Equatable {
    public var paymentTransactionID: Int64?
    /// The bank's id of the payment's line (FITID …), when it came from a statement.
    public var bankID: String?
    public var invoiceNumber: String
    public var amount: Int64
    public var currency: String
    /// The evidence kind (`rf-reference`, `invoice-number`, `manual`, `client-credit` …).
    public var kind: String
}

extension LedgerStore {
    /// Every allocation not reversed, in the order recorded.
    public func paymentAllocations(business: BusinessID) throws(KontorError) -> [PaymentAllocationRow] {
        try read("list payment allocations") { db in
            try Row.fetchAll(db, sql: """
                SELECT p.transaction_id, b.bank_id, i.number, p.amount, p.currency, coalesce(json_extract(p.evidence, '$.kind'), '') AS kind
                FROM invoice_payment p JOIN invoice i ON i.id = p.invoice_id
                LEFT JOIN bank_line b ON b.transaction_id = p.transaction_id
                LEFT JOIN payment_reversal r ON r.allocation_id = p.id
                WHERE i.business_id = ? AND r.allocation_id IS NULL ORDER BY p.id
                """, arguments: [business.rawValue]).map {
                PaymentAllocationRow(paymentTransactionID: $0["transaction_id"], bankID: $0["bank_id"], invoiceNumber: $0["number"] ?? "",
                                     amount: $0["amount"], currency: $0["currency"], kind: $0["kind"])
            }
        }
    }
}

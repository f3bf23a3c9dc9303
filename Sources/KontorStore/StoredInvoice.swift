import GRDB
import KontorCore

/// An invoice or credit note row: the stored document (JSON), its number and lifecycle
/// columns. The document itself is decoded by the invoicing module.
public struct StoredInvoice: Sendable, Equatable, FetchableRecord {
    public var id: Int64
    public var business: String
    public var key: String
    /// `invoice` or `credit-note`.
    public var kind: String
    public var series: String
    public var number: String?
    public var clientID: String
    public var issueDate: String
    /// The effective due date (a change request moves it; the document keeps the original).
    public var dueDate: String
    public var currency: CurrencyCode
    public var payable: Int64
    public var taxTotal: Int64
    public var status: String
    public var paid: Int64
    public var credited: Int64
    public var creditsInvoiceID: Int64?
    public var document: String
    public var transactionID: Int64?
    public var fileID: Int64
    public var packagePath: String?

    public init(row: Row) throws {
        id = row["id"]
        business = row["business_id"]
        key = row["request_key"]
        kind = row["kind"]
        series = row["series"]
        number = row["number"]
        clientID = row["client_id"]
        issueDate = row["issue_date"]
        dueDate = row["due_date"]
        let code: String = row["currency"]
        guard let currency = CurrencyCode(code) else { throw KontorError(.internal, "the ledger holds an invalid currency '\(code)'") }
        self.currency = currency
        payable = row["payable"]
        taxTotal = row["tax_total"]
        status = row["status"]
        paid = row["paid"]
        credited = row["credited"]
        creditsInvoiceID = row["credits_invoice_id"]
        document = row["document"]
        transactionID = row["transaction_id"]
        fileID = row["file_id"]
        packagePath = row["package_path"]
    }

    /// What is still to be paid.
    public var open: Int64 { payable - paid - credited }
}

/// A new invoice row (the batch assigns the id).
public struct NewInvoice: Sendable {
    public var key: String
    public var kind: String
    public var series: String
    public var number: String?
    public var clientID: String
    public var issueDate: LocalDate
    public var dueDate: LocalDate
    public var currency: CurrencyCode
    public var payable: Int64
    public var taxTotal: Int64
    public var status: String
    public var creditsInvoiceID: Int64?
    public var document: String
    public var transactionID: Int64?
    public var packagePath: String?

    public init(key: String, kind: String, series: String, number: String?, clientID: String, issueDate: LocalDate, dueDate: LocalDate,
                currency: CurrencyCode, payable: Int64, taxTotal: Int64, status: String, creditsInvoiceID: Int64? = nil,
                document: String, transactionID: Int64?, packagePath: String?) {
        self.key = key
        self.kind = kind
        self.series = series
        self.number = number
        self.clientID = clientID
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.currency = currency
        self.payable = payable
        self.taxTotal = taxTotal
        self.status = status
        self.creditsInvoiceID = creditsInvoiceID
        self.document = document
        self.transactionID = transactionID
        self.packagePath = packagePath
    }
}

/// One entry of an invoice's history.
public struct InvoiceEventRow: Sendable, Equatable, FetchableRecord {
    public var date: String
    public var recordedAt: String
    public var event: String
    public var fromStatus: String?
    public var toStatus: String
    /// JSON object with the event's details.
    public var detail: String
    public var file: String?

    public init(row: Row) throws {
        date = row["date"]
        recordedAt = row["recorded_at"]
        event = row["event"]
        fromStatus = row["from_status"]
        toStatus = row["to_status"]
        detail = row["detail"]
        file = row["file_name"]
    }
}

/// One payment applied to an invoice.
public struct InvoicePaymentRow: Sendable, Equatable, FetchableRecord {
    public var date: String
    public var amount: Int64
    public var currency: String
    public var transactionID: Int64?
    /// JSON object: how the payment was matched (kind, score, reference).
    public var evidence: String

    public init(row: Row) throws {
        date = row["date"]
        amount = row["amount"]
        currency = row["currency"]
        transactionID = row["transaction_id"]
        evidence = row["evidence"]
    }
}

/// A client as stored: its master data as JSON, decoded by the invoicing module.
public struct StoredClient: Sendable, Equatable, FetchableRecord {
    public var id: String
    public var name: String
    public var country: String
    public var data: String
    public var version: Int

    public init(row: Row) throws {
        id = row["id"]
        name = row["name"]
        country = row["country"]
        data = row["data"]
        version = row["version"]
    }
}

/// Filters and order for `kontor invoices list`.
public struct InvoiceQuery: Sendable, Equatable {
    public enum SortKey: String, Sendable, CaseIterable {
        case number, date, due, amount, client, status
    }

    public var business: BusinessID
    public var statuses: [String] = []
    public var client: String?
    public var from: LocalDate?
    public var to: LocalDate?
    /// Only open invoices due before this date (overdue as of the day after).
    public var dueBefore: LocalDate?
    public var minimum: Int64?
    public var maximum: Int64?
    public var kind: String?
    public var sort: SortKey = .number
    public var descending = false

    public init(business: BusinessID) {
        self.business = business
    }
}

import KontorCore

/// One invoice as a business asks for it (an element of `invoices` in an invoice request
/// file). Nothing is computed yet: ``InvoiceCalculator`` turns it into a document.
public struct InvoiceRequest: Hashable, Sendable, Codable {
    /// The request's own key, unique per business (`2026-11-globex`): dropping the same
    /// request again does nothing, and change requests name the invoice by it.
    public var key: String
    public var client: String
    public var series: String?
    public var issueDate: LocalDate
    public var dueDate: LocalDate?
    public var termsDays: Int?
    public var deliveryDate: LocalDate?
    public var currency: CurrencyCode?
    /// Unit prices include tax (converted to net per line, see ``InvoiceCalculator``).
    public var pricesIncludeTax: Bool
    /// `true`: issue now (number, posting, package); `false`: keep as a draft.
    public var issue: Bool
    public var buyerReference: String?
    public var orderReference: String?
    public var notes: [String]
    public var lines: [LineRequest]
    public var allowances: [AllowanceChargeRequest]
    public var charges: [AllowanceChargeRequest]
    /// Where in the file the request was written (line of its object).
    public var line: Int?

    public init(key: String, client: String, issueDate: LocalDate, lines: [LineRequest]) {
        self.key = key
        self.client = client
        self.issueDate = issueDate
        self.pricesIncludeTax = false
        self.issue = true
        self.notes = []
        self.lines = lines
        self.allowances = []
        self.charges = []
    }
}

/// One line of a request.
public struct LineRequest: Hashable, Sendable, Codable {
    public var description: String
    public var quantity: ExactDecimal
    /// UN/ECE Recommendation 20 unit code (`C62` one, `HUR` hour, `DAY`, `KGM`).
    public var unit: String
    public var unitPrice: ExactDecimal
    /// A discount as an amount of the line (in the document currency; gross when prices include tax).
    public var discount: ExactDecimal?
    /// A discount as a percentage of the line amount.
    public var discountPercent: ExactDecimal?
    public var taxCategory: TaxCategory
    /// The rate in percent; nil for category O.
    public var taxRate: ExactDecimal?
    public var exemptionReason: String?
    public var exemptionCode: String?
    /// The seller's item id (BT-155), if any.
    public var itemID: String?

    public init(description: String, quantity: ExactDecimal, unit: String = "C62", unitPrice: ExactDecimal,
                taxCategory: TaxCategory = .standard, taxRate: ExactDecimal?) {
        self.description = description
        self.quantity = quantity
        self.unit = unit
        self.unitPrice = unitPrice
        self.taxCategory = taxCategory
        self.taxRate = taxRate
    }
}

/// A document-level allowance (discount) or charge (freight, packing): net of tax, with
/// its own tax category.
public struct AllowanceChargeRequest: Hashable, Sendable, Codable {
    public var reason: String
    /// UNCL 5189 (allowances) or UNCL 7161 (charges) code, if any.
    public var reasonCode: String?
    public var amount: ExactDecimal
    public var taxCategory: TaxCategory
    public var taxRate: ExactDecimal?

    public init(reason: String, reasonCode: String? = nil, amount: ExactDecimal, taxCategory: TaxCategory, taxRate: ExactDecimal?) {
        self.reason = reason
        self.reasonCode = reasonCode
        self.amount = amount
        self.taxCategory = taxCategory
        self.taxRate = taxRate
    }
}

/// A change to an existing invoice (an element of `changes` in an invoice request file).
public struct ChangeRequest: Hashable, Sendable, Codable {
    public enum Action: String, Hashable, Sendable, Codable, CaseIterable {
        /// Issue a draft: number, posting, package.
        case issue
        /// Void a draft (an issued invoice is cancelled by a credit note instead).
        case void
        /// Credit an issued invoice: all of it, or the lines given.
        case credit
        /// Move the due date of an issued invoice.
        case changeDueDate = "change_due_date"
    }

    public var key: String
    public var action: Action
    /// The invoice: its number (`INV-2026-00001`) or its request key.
    public var invoice: String
    public var date: LocalDate
    public var reason: String?
    public var dueDate: LocalDate?
    /// For a partial credit: the lines credited (positive amounts). Nil credits everything.
    public var lines: [LineRequest]?
    public var line: Int?

    public init(key: String, action: Action, invoice: String, date: LocalDate) {
        self.key = key
        self.action = action
        self.invoice = invoice
        self.date = date
    }
}

/// What an invoice request file holds.
public struct InvoiceRequestFile: Hashable, Sendable {
    public var invoices: [InvoiceRequest]
    public var changes: [ChangeRequest]
}

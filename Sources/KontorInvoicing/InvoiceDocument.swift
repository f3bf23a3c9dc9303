import KontorCore

/// An invoice or credit note with every amount computed: what is stored, posted,
/// rendered and packaged. Amounts are minor units of ``currency``; they are multiples of
/// the document's rounding step (see ``InvoiceCalculator``).
///
/// Invariants (EN 16931 BR-CO-10 … BR-CO-16), true by construction:
/// `lineTotal = Σ line.netAmount`, `allowanceTotal = Σ allowances`, `chargeTotal = Σ charges`,
/// `taxExclusive = lineTotal − allowanceTotal + chargeTotal`, `taxTotal = Σ breakdown.tax`,
/// `taxInclusive = taxExclusive + taxTotal`, `payable = taxInclusive`.
public struct InvoiceDocument: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case invoice
        case creditNote = "credit-note"
    }

    public var kind: Kind
    public var number: String
    public var series: String
    /// The request key that made it.
    public var key: String
    public var issueDate: LocalDate
    public var dueDate: LocalDate
    public var deliveryDate: LocalDate?
    public var currency: CurrencyCode
    public var pricesIncludeTax: Bool
    public var seller: Party
    public var clientID: String
    public var buyer: Party
    public var buyerReference: String?
    public var orderReference: String?
    public var notes: [String]
    public var paymentTerms: String?
    public var payment: PaymentInstructions?
    public var lines: [InvoiceLine]
    public var allowances: [DocumentAllowanceCharge]
    public var charges: [DocumentAllowanceCharge]
    public var breakdown: [TaxSubtotal]
    public var totals: InvoiceTotals
    /// For a credit note: the invoice it credits.
    public var creditedInvoice: InvoiceReference?

    public func money(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits, currency: currency) }
}

public struct InvoiceReference: Hashable, Sendable, Codable {
    public var number: String
    public var issueDate: LocalDate

    public init(number: String, issueDate: LocalDate) {
        self.number = number
        self.issueDate = issueDate
    }
}

public struct InvoiceLine: Hashable, Sendable, Codable {
    public var id: Int
    public var description: String
    public var itemID: String?
    public var quantity: ExactDecimal
    public var unit: String
    /// The unit price as the request wrote it (gross when prices include tax).
    public var requestedPrice: ExactDecimal
    /// The net unit price (BT-146): the requested price, or the gross price without tax.
    public var netPrice: ExactDecimal
    /// quantity × net price, rounded: the line before its discount.
    public var grossAmount: Int64
    /// The line discount, net of tax (BT-136); 0 for none.
    public var discount: Int64
    /// The line net amount (BT-131) = grossAmount − discount.
    public var netAmount: Int64
    public var taxCategory: TaxCategory
    public var taxRate: ExactDecimal?
}

public struct DocumentAllowanceCharge: Hashable, Sendable, Codable {
    public var reason: String
    public var reasonCode: String?
    public var amount: Int64
    public var taxCategory: TaxCategory
    public var taxRate: ExactDecimal?
}

/// One row of the VAT breakdown (BG-23): per category and rate.
public struct TaxSubtotal: Hashable, Sendable, Codable {
    public var category: TaxCategory
    public var rate: ExactDecimal?
    public var taxableAmount: Int64
    public var taxAmount: Int64
    public var exemptionReason: String?
    public var exemptionCode: String?
}

public struct InvoiceTotals: Hashable, Sendable, Codable {
    public var lineTotal: Int64
    public var allowanceTotal: Int64
    public var chargeTotal: Int64
    public var taxExclusive: Int64
    public var taxTotal: Int64
    public var taxInclusive: Int64
    public var payable: Int64
}

/// How to pay: the account and the reference to quote.
public struct PaymentInstructions: Hashable, Sendable, Codable {
    public var iban: String
    public var bic: String?
    public var accountName: String
    /// The remittance reference (BT-83): an ISO 11649 RF creditor reference, or the number.
    public var reference: String

    public init(iban: String, bic: String?, accountName: String, reference: String) {
        self.iban = iban
        self.bic = bic
        self.accountName = accountName
        self.reference = reference
    }
}

/// What the calculator needs to know about the seller.
public struct SellerSettings: Hashable, Sendable {
    public var party: Party
    public var iban: String?
    public var bic: String?
    /// Days from issue to due when neither request nor client say.
    public var termsDays: Int
    public var rounding: RoundingMode
    /// `rf`: an ISO 11649 creditor reference made from the invoice number; `number`: the number itself.
    public var referenceStyle: ReferenceStyle

    public enum ReferenceStyle: String, Hashable, Sendable {
        case rf, number
    }

    public init(party: Party, iban: String? = nil, bic: String? = nil, termsDays: Int = 30, rounding: RoundingMode = .halfUp,
                referenceStyle: ReferenceStyle = .rf) {
        self.party = party
        self.iban = iban
        self.bic = bic
        self.termsDays = termsDays
        self.rounding = rounding
        self.referenceStyle = referenceStyle
    }
}

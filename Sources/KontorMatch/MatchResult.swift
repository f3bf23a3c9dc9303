import KontorCore

/// Why the matcher believes a payment pays an invoice, strongest first.
public enum MatchEvidence: String, Hashable, Sendable, CaseIterable {
    /// The payment carries the invoice's ISO 11649 creditor reference.
    case reference = "rf-reference"
    /// The payment's end-to-end id is the invoice's number or reference.
    case endToEnd = "end-to-end-id"
    /// The remittance text holds the invoice number (spaces, dashes and case ignored).
    case number = "invoice-number"
    /// The remittance text holds the number's digit groups only (`Invoice 2024-3`),
    /// confirmed by the payer's name or the amount.
    case looseNumber = "invoice-number-digits"
    /// Exactly the open amount, from a payer whose name is the client's.
    case amountAndName = "amount-and-name"
    /// Exactly the sum of the client's open invoices, from a payer whose name is the client's.
    case clientSum = "client-open-sum"
    /// The open amount within the tolerance, from a payer whose name is the client's.
    case tolerance = "amount-within-tolerance"
    /// A person decided (correction file).
    case manual
}

/// `amount` of a payment applied to one invoice.
public struct Allocation: Hashable, Sendable {
    public var invoiceID: Int64
    public var number: String
    /// Applied to the invoice, in minor units (> 0).
    public var amount: Int64
    /// The shortfall accepted as paid (bank fee, exchange difference), in minor units (≥ 0).
    public var writeOff: Int64

    public init(invoiceID: Int64, number: String, amount: Int64, writeOff: Int64 = 0) {
        self.invoiceID = invoiceID
        self.number = number
        self.amount = amount
        self.writeOff = writeOff
    }
}

/// A payment matched to one or more invoices of one client.
public struct PaymentMatch: Hashable, Sendable {
    public var evidence: MatchEvidence
    /// 0…1; at least the settings' threshold.
    public var score: Double
    public var clientID: String
    public var allocations: [Allocation]
    /// What the payment brought beyond the invoices' open amounts: the client's credit.
    public var excess: Int64

    public var allocated: Int64 { allocations.reduce(0) { $0 + $1.amount } }
}

/// What the matcher concluded about one payment.
public enum MatchOutcome: Hashable, Sendable {
    case matched(PaymentMatch)
    /// It looks like an invoice payment, but no invoice fits well enough or several fit
    /// equally: a person decides. `candidates` are invoice numbers worth a look.
    case review(reason: String, candidates: [String])
    /// Nothing suggests an invoice payment (interest, refunds, transfers).
    case unrelated
}

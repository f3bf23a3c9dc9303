import KontorCore

/// An invoice that still has money open, as the matcher sees it.
public struct OpenInvoice: Hashable, Sendable {
    /// The store's id of the invoice (handed back in allocations).
    public var id: Int64
    public var number: String
    public var clientID: String
    /// The client's name as written; the matcher normalizes it.
    public var clientName: String
    /// What is still to be paid, in minor units of `currency` (> 0).
    public var open: Int64
    public var currency: CurrencyCode
    public var dueDate: LocalDate
    /// The ISO 11649 creditor reference printed on the invoice (`RF…`), when it has one.
    public var reference: String?

    public init(id: Int64, number: String, clientID: String, clientName: String, open: Int64, currency: CurrencyCode,
                dueDate: LocalDate, reference: String? = nil) {
        self.id = id
        self.number = number
        self.clientID = clientID
        self.clientName = clientName
        self.open = open
        self.currency = currency
        self.dueDate = dueDate
        self.reference = reference
    }
}

/// One incoming payment: a bank credit or a gateway charge.
public struct IncomingPayment: Hashable, Sendable {
    /// The amount received (positive).
    public var amount: Money
    public var date: LocalDate
    /// The payer's name as the bank wrote it.
    public var counterparty: String?
    /// Free remittance text (and, for gateways, the description and metadata).
    public var text: String?
    public var endToEndID: String?
    /// A structured creditor reference given in its own field (camt `CdtrRefInf`).
    public var reference: String?

    public init(amount: Money, date: LocalDate, counterparty: String? = nil, text: String? = nil, endToEndID: String? = nil,
                reference: String? = nil) {
        self.amount = amount
        self.date = date
        self.counterparty = counterparty
        self.text = text
        self.endToEndID = endToEndID
        self.reference = reference
    }
}

/// How sure the matcher must be, and how much a payment may differ from an invoice's open
/// amount and still settle it (bank fees, exchange differences).
public struct MatchSettings: Hashable, Sendable {
    /// A match scoring below this goes to review (0…1).
    public var threshold: Double
    /// The largest shortfall written off, as an amount with `toleranceDecimals` decimals
    /// (1500 with 2 decimals = 15.00 in the invoice's currency, whatever its exponent).
    public var toleranceMinorUnits: Int64
    public var toleranceDecimals: Int
    /// The largest shortfall as a share of the open amount, in basis points (100 = 1 %).
    public var toleranceBasisPoints: Int64
    /// How similar the payer's name must be to the client's (0…1) for evidence that rests on the name.
    public var nameThreshold: Double

    public init(threshold: Double = 0.8, toleranceMinorUnits: Int64 = 1500, toleranceDecimals: Int = 2, toleranceBasisPoints: Int64 = 0,
                nameThreshold: Double = 0.75) {
        self.threshold = threshold
        self.toleranceMinorUnits = toleranceMinorUnits
        self.toleranceDecimals = toleranceDecimals
        self.toleranceBasisPoints = toleranceBasisPoints
        self.nameThreshold = nameThreshold
    }

    /// The tolerance for an open amount in a currency with `exponent` decimals, in its
    /// minor units: the larger of the absolute and the relative one.
    public func tolerance(for open: Int64, exponent: Int = 2) -> Int64 {
        let relative = open / 10_000 * toleranceBasisPoints + (open % 10_000) * toleranceBasisPoints / 10_000
        var absolute = toleranceMinorUnits
        if exponent > toleranceDecimals {
            for _ in toleranceDecimals..<exponent { absolute = absolute.multipliedReportingOverflow(by: 10).overflow ? absolute : absolute * 10 }
        } else {
            for _ in exponent..<toleranceDecimals { absolute /= 10 }
        }
        return max(absolute, relative)
    }
}

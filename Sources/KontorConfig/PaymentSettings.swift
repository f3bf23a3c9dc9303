import KontorCore

/// How incoming payments are matched to invoices and booked (`invoicing.payments:`):
///
/// ```yaml
/// payments:
///   threshold: 0.8                 # a match scoring less goes to review
///   tolerance: "15.00"             # shortfall accepted as paid (bank fees), in the invoice's currency
///   tolerance_percent: 0           # … or this share of the open amount, whichever is larger
///   unapplied_account: Liabilities:Unapplied-Payments
///   client_credit_account: Liabilities:Client-Credit
///   difference_account: Expenses:Fees:Bank
/// ```
public struct PaymentSettings: Hashable, Sendable {
    public var threshold: Double = 0.8
    /// The absolute tolerance as written (a decimal in the invoice's currency).
    public var tolerance = "15.00"
    /// The relative tolerance in basis points (100 = 1 %).
    public var toleranceBasisPoints: Int64 = 0
    /// Where payments that look like invoice payments but match none wait for review.
    public var unappliedAccount = AccountName(rawValue: "Liabilities:Unapplied-Payments", type: .liabilities)
    /// What clients paid beyond their invoices: consumed by their next invoices.
    public var clientCreditAccount = AccountName(rawValue: "Liabilities:Client-Credit", type: .liabilities)
    /// Shortfalls within the tolerance (bank fees, exchange differences).
    public var differenceAccount = AccountName(rawValue: "Expenses:Fees:Bank", type: .expenses)

    public init() {}

    /// The absolute tolerance in minor units of a currency with `exponent` decimals
    /// (digits beyond the exponent are dropped).
    public func toleranceMinorUnits(exponent: Int) -> Int64 {
        let parts = tolerance.split(separator: ".", maxSplits: 1)
        var value: Int64 = 0
        for character in parts[0] { value = value * 10 + Int64(character.wholeNumberValue ?? 0) }
        let fraction = parts.count > 1 ? Array(parts[1]) : []
        for index in 0..<exponent {
            value = value * 10 + Int64(index < fraction.count ? fraction[index].wholeNumberValue ?? 0 : 0)
        }
        return value
    }

    static func parse(_ node: ConfigNode) throws(KontorError) -> PaymentSettings {
        let fields = try ConfigMapping(node, what: "the payment matching settings", allowed: [
            "threshold", "tolerance", "tolerance_percent", "unapplied_account", "client_credit_account", "difference_account",
        ])
        var settings = PaymentSettings()
        if let node = fields.optional("threshold") {
            let text = try node.nonEmptyString()
            guard let value = Double(text), value > 0, value <= 1 else {
                throw node.error("threshold must be a number above 0 and at most 1, found '\(text)'", hint: "the default is 0.8")
            }
            settings.threshold = value
        }
        if let node = fields.optional("tolerance") {
            let text = try node.nonEmptyString()
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 9 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
                throw node.error("tolerance must be an amount such as '15.00', found '\(text)'", hint: "write a decimal with '.' (0 for none)")
            }
            settings.tolerance = text
        }
        if let node = fields.optional("tolerance_percent") {
            let text = try node.nonEmptyString()
            guard let value = Double(text), value >= 0, value <= 50 else {
                throw node.error("tolerance_percent must be a number from 0 to 50, found '\(text)'")
            }
            settings.toleranceBasisPoints = Int64((value * 100).rounded())
        }
        if let node = fields.optional("unapplied_account") {
            settings.unappliedAccount = try node.accountName()
            guard settings.unappliedAccount.type == .liabilities else { throw node.error("unapplied_account must be under Liabilities") }
        }
        if let node = fields.optional("client_credit_account") {
            settings.clientCreditAccount = try node.accountName()
            guard settings.clientCreditAccount.type == .liabilities else { throw node.error("client_credit_account must be under Liabilities") }
        }
        if let node = fields.optional("difference_account") {
            settings.differenceAccount = try node.accountName()
            guard settings.differenceAccount.type == .expenses else { throw node.error("difference_account must be under Expenses") }
        }
        return settings
    }
}

import KontorCore

/// Which ledger account a bank or card account of a statement is (`bank_accounts:` in a
/// business profile). Statements name accounts their own way (IBAN, OFX ACCTID, MT940
/// `:25:`); the binding says which of the business's ledger accounts each one is.
public struct BankAccountBinding: Hashable, Sendable {
    /// The account as statements name it, normalized by ``normalize(_:)``.
    public var id: String
    /// The ledger account (under Assets or Liabilities) its lines post to.
    public var account: AccountName
    /// The account's currency, when fixed: a statement in another currency is refused.
    public var currency: CurrencyCode?
    /// The bank CSV mapping (`pipelines/sources/<name>.yaml`) for this account's CSV files.
    public var source: String?

    public init(id: String, account: AccountName, currency: CurrencyCode? = nil, source: String? = nil) {
        self.id = BankAccountBinding.normalize(id)
        self.account = account
        self.currency = currency
        self.source = source
    }

    /// Upper case without spaces, so `DE89 3704 0044 0532 0130 00` and
    /// `de89370400440532013000` name the same account.
    public static func normalize(_ text: String) -> String {
        String(text.uppercased().filter { !$0.isWhitespace })
    }
}

/// How a payment gateway's money is booked (`gateways:` in a business profile).
public struct GatewaySetting: Hashable, Sendable {
    /// Where charges accumulate until a payout moves them to the bank (`Assets:Stripe`).
    public var clearing: AccountName
    /// Where the gateway's fees are booked (`Expenses:Payment-Fees`).
    public var fees: AccountName
    /// Where gross sales are booked when nothing more specific applies (`Income:Sales`).
    public var income: AccountName
    /// Where a payout waits between leaving the gateway and reaching the bank
    /// (`Assets:Transit:Stripe`); the bank line of the payout clears it.
    public var transit: AccountName
    /// The environment variable that holds the webhook signing secret, if events are signed.
    public var signingSecretVariable: String?

    public init(clearing: AccountName, fees: AccountName, income: AccountName, transit: AccountName,
                signingSecretVariable: String? = nil) {
        self.clearing = clearing
        self.fees = fees
        self.income = income
        self.transit = transit
        self.signingSecretVariable = signingSecretVariable
    }
}

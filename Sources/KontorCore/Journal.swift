/// The ledger of one business as reports and exports read it: every transaction with its
/// postings, in date order (ties by transaction id). Accounts are numbered once
/// (``accounts``) so a million postings do not carry a million account strings.
public struct Journal: Sendable {
    public var business: BusinessID
    public var baseCurrency: CurrencyCode
    /// Account ordinal → account.
    public var accounts: [AccountPath]
    public var entries: [JournalEntry]

    public init(business: BusinessID, baseCurrency: CurrencyCode, accounts: [AccountPath], entries: [JournalEntry]) {
        self.business = business
        self.baseCurrency = baseCurrency
        self.accounts = accounts
        self.entries = entries
    }

    /// The account of a posting.
    @inline(__always) public func account(_ posting: JournalPosting) -> AccountPath { accounts[Int(posting.account)] }
}

/// One ledger transaction with what reports need to know about it beyond its postings.
public struct JournalEntry: Sendable, Hashable {
    public var id: Int64
    public var date: LocalDate
    public var description: String
    public var recordID: String
    /// The vendor (expense rows, categorized bank lines), if the ledger knows one.
    public var vendor: String?
    /// The tax rate an expense row states, if any.
    public var taxRate: TaxRate?
    public var postings: [JournalPosting]

    public init(id: Int64, date: LocalDate, description: String, recordID: String, vendor: String? = nil,
                taxRate: TaxRate? = nil, postings: [JournalPosting]) {
        self.id = id
        self.date = date
        self.description = description
        self.recordID = recordID
        self.vendor = vendor
        self.taxRate = taxRate
        self.postings = postings
    }
}

/// One posting: an account ordinal of its ``Journal`` and an amount (positive = debit).
public struct JournalPosting: Sendable, Hashable {
    public var account: Int32
    public var amount: Int64
    public var currency: CurrencyCode

    public init(account: Int32, amount: Int64, currency: CurrencyCode) {
        self.account = account
        self.amount = amount
        self.currency = currency
    }
}

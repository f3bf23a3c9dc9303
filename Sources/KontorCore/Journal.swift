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
    /// The counterparty the ledger knows for the transaction: the client of an issued
    /// invoice or credit note. Reports group receivables by it before falling back to the
    /// receivable sub-account.
    public var party: String?
    /// An invoice's or credit note's VAT breakdown (EN 16931 BG-23), one row per tax
    /// category and rate; empty for other transactions.
    public var taxBreakdown: [JournalTaxSubtotal]
    /// The transaction id of the document this one settles, when the ledger knows it: the
    /// invoice a credit note credits.
    public var settles: Int64?
    public var postings: [JournalPosting]

    public init(id: Int64, date: LocalDate, description: String, recordID: String, vendor: String? = nil,
                taxRate: TaxRate? = nil, party: String? = nil, taxBreakdown: [JournalTaxSubtotal] = [], settles: Int64? = nil, postings: [JournalPosting]) {
        self.id = id
        self.date = date
        self.description = description
        self.recordID = recordID
        self.vendor = vendor
        self.taxRate = taxRate
        self.party = party
        self.taxBreakdown = taxBreakdown
        self.settles = settles
        self.postings = postings
    }
}

/// One row of a document's VAT breakdown as the ledger booked it: amounts are signed
/// like the output tax and income postings, so a credit note's are negative (taxable
/// amount and tax reduce what was invoiced).
public struct JournalTaxSubtotal: Sendable, Hashable {
    /// The UNCL 5305 category code: `S` standard rate, `Z` zero rated, `E` exempt,
    /// `AE` reverse charge, `K` intra-community supply, `G` export, `O` outside scope.
    public var category: String
    /// The category's rate; nil when it has none or it is finer than 0.001 %.
    public var rate: TaxRate?
    /// The taxable amount (BT-116), positive on an invoice.
    public var taxable: Int64
    /// The tax (BT-117), positive on an invoice.
    public var tax: Int64

    public init(category: String, rate: TaxRate?, taxable: Int64, tax: Int64) {
        self.category = category
        self.rate = rate
        self.taxable = taxable
        self.tax = tax
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

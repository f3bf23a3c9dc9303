/// A bank or gateway line ready to post: the line as read, where it goes, why, and the
/// balanced transaction that books it.
public struct BankEntry: Hashable, Sendable {
    /// What the categorization decided.
    public enum Status: String, Hashable, Sendable {
        /// A rule (or the model) gave the line its category.
        case categorized
        /// Nothing decided: booked to an uncategorized account and listed for review.
        case review
        /// A movement between the business's own accounts (a gateway payout reaching the bank).
        case transfer
    }

    public var line: BankTransaction
    /// The ledger account the statement is for.
    public var account: AccountPath
    /// The account as the statement names it.
    public var statementAccount: String?
    /// The family of the line's bank id (`ofx`, `camt`, `mt940`, `csv`, `stripe`, `paypal`):
    /// ids of one family are compared with each other, never across families.
    public var idScheme: String
    public var category: CategoryKey?
    public var vendorName: String?
    public var vendorKey: String?
    public var evidence: JSONValue
    public var status: Status
    public var transaction: LedgerTransaction

    public init(line: BankTransaction, account: AccountPath, statementAccount: String?, idScheme: String,
                category: CategoryKey?, vendorName: String?, vendorKey: String?, evidence: JSONValue, status: Status,
                transaction: LedgerTransaction) {
        self.line = line
        self.account = account
        self.statementAccount = statementAccount
        self.idScheme = idScheme
        self.category = category
        self.vendorName = vendorName
        self.vendorKey = vendorKey
        self.evidence = evidence
        self.status = status
        self.transaction = transaction
    }
}

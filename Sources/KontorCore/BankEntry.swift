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
    public var evidence: JSONValue {
        didSet { evidenceJSON = evidence.serialized(pretty: false) }
    }
    /// ``evidence`` as stored: compact JSON, kept in step with it.
    public private(set) var evidenceJSON: String
    public var status: Status
    public var transaction: LedgerTransaction

    public init(line: BankTransaction, account: AccountPath, statementAccount: String?, idScheme: String,
                category: CategoryKey?, vendorName: String?, vendorKey: String?, evidence: JSONValue, status: Status,
                transaction: LedgerTransaction) {
        self.init(line: line, account: account, statementAccount: statementAccount, idScheme: idScheme, category: category,
                  vendorName: vendorName, vendorKey: vendorKey, evidence: evidence, evidenceJSON: evidence.serialized(pretty: false),
                  status: status, transaction: transaction)
    }

    /// An entry whose evidence is already serialized (`evidenceJSON` must be
    /// `evidence.serialized(pretty: false)`): the statement booking keeps the few distinct
    /// evidences of a file (one per rule) serialized, instead of serializing one per line.
    public init(line: BankTransaction, account: AccountPath, statementAccount: String?, idScheme: String,
                category: CategoryKey?, vendorName: String?, vendorKey: String?, evidence: JSONValue, evidenceJSON: String,
                status: Status, transaction: LedgerTransaction) {
        self.line = line
        self.account = account
        self.statementAccount = statementAccount
        self.idScheme = idScheme
        self.category = category
        self.vendorName = vendorName
        self.vendorKey = vendorKey
        self.evidence = evidence
        self.evidenceJSON = evidenceJSON
        self.status = status
        self.transaction = transaction
    }
}

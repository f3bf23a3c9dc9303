/// An expense ready to post: the record as read, what classification decided, and the
/// balanced transaction that books it.
public struct ExpenseEntry: Hashable, Sendable {
    public var record: ExpenseRecord
    public var category: CategoryKey
    /// The normalized vendor: a display name and the key that merges spellings.
    public var vendorName: String
    public var vendorKey: String
    /// The payment method name the expense was paid with (`bank`, `card`, …).
    public var paymentAccount: String
    /// The input tax booked: as the record states it, or computed from its rate; nil when
    /// the expense books no tax.
    public var taxAmount: Money?
    public var transaction: LedgerTransaction

    public init(record: ExpenseRecord, category: CategoryKey, vendorName: String, vendorKey: String,
                paymentAccount: String, taxAmount: Money? = nil, transaction: LedgerTransaction) {
        self.record = record
        self.category = category
        self.vendorName = vendorName
        self.vendorKey = vendorKey
        self.paymentAccount = paymentAccount
        self.taxAmount = taxAmount
        self.transaction = transaction
    }
}

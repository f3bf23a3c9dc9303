/// One item of a business's categorized history, as the classifier learns from it: a bank
/// line a rule, a vendor default or a correction categorized, or an expense-log row.
public struct ClassifierExample: Hashable, Sendable {
    public var payee: String?
    public var memo: String?
    public var amount: Money
    public var date: LocalDate
    /// The account the item was paid from or into (a bank account, a payment method).
    public var account: String?
    public var category: CategoryKey
    /// How much the item counts: a corrected item counts ``ClassifierExample/correctionWeight`` times.
    public var weight: Int

    public init(payee: String?, memo: String?, amount: Money, date: LocalDate, account: String?,
                category: CategoryKey, weight: Int = 1) {
        self.payee = payee
        self.memo = memo
        self.amount = amount
        self.date = date
        self.account = account
        self.category = category
        self.weight = weight
    }

    /// The weight of an item a person corrected: a correction says more than a rule.
    public static let correctionWeight = 3
}

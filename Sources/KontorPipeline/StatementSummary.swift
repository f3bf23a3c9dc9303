import KontorCore

/// One statement as read and checked: the account, its balances and what its lines add up to.
public struct StatementSummary: Hashable, Sendable {
    /// The account as the file names it.
    public var account: String?
    public var statementID: String?
    public var ledgerAccount: AccountPath
    public var currency: CurrencyCode
    public var lineCount: Int
    public var sum: Money
    /// The earliest and latest booking dates of the lines.
    public var from: LocalDate?
    public var to: LocalDate?
    public var opening: Money?
    public var closing: Money?

    /// Whether opening + lines = closing was checked: only when the file states both
    /// (a summary only exists for a statement that passed).
    public var balanceChecked: Bool { opening != nil && closing != nil }

    /// The statement's entry in an import receipt.
    var receiptJSON: JSONValue {
        [
            "account": .optional(account), "ledger_account": .string(ledgerAccount.rawValue), "currency": .string(currency.code),
            "lines": .int(Int64(lineCount)), "sum": .string(sum.decimalString),
            "from": .optional(from?.description), "to": .optional(to?.description),
            "opening": .optional(opening?.decimalString), "closing": .optional(closing?.decimalString),
        ]
    }
}

import KontorCore

/// What the builder has read of the statement it is inside.
struct OFXStatementDraft: Sendable {
    var kind: OFXStatementKind
    var position: SourcePosition
    var currency: CurrencyCode?
    var account: String?
    var bank: String?
    var accountType: String?
    var from: LocalDate?
    var to: LocalDate?
    var ledger: StatedBalance?
    var available: StatedBalance?
    /// Whether `.begin` was emitted.
    var begun = false
}

/// What the builder has read of the transaction it is inside (`STMTTRN` or an
/// investment transaction such as `BUYMF`).
struct OFXTransactionDraft: Sendable {
    var position: SourcePosition
    /// The investment aggregate's name (`BUYMF`), nil for `STMTTRN`.
    var investmentKind: String?
    var type: String?
    var posted: LocalDate?
    var available: LocalDate?
    var settled: LocalDate?
    var amount: Money?
    var fitID: String?
    var name: String?
    var payee: String?
    var memo: String?
    var checkNumber: String?
    var referenceNumber: String?
}

/// A `STATUS` aggregate being read.
struct OFXStatusDraft: Sendable {
    var position: SourcePosition
    var code: String?
    var severity: String?
    var message: String?
}

/// A `LEDGERBAL` or `AVAILBAL` aggregate being read.
struct OFXBalanceDraft: Sendable {
    var amount: Money?
    var date: LocalDate?
}

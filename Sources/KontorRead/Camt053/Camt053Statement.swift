import KontorCore

/// One `Stmt` while it is read: the account, its balances and period.
///
/// Its header is emitted lazily, just before the first entry's transaction (or at the
/// end of a statement without entries), because the schema puts `Acct` and `Bal` before
/// the entries and the currency may have to come from them.
struct Camt053Statement {
    let position: SourcePosition
    var id: String?
    var iban: String?
    var otherAccountID: String?
    var accountCurrency: CurrencyCode?
    var bank: String?
    var accountKind: String?
    var opening: StatedBalance?
    var previousClosing: StatedBalance?
    var closing: StatedBalance?
    var firstBalanceCurrency: CurrencyCode?
    var from: LocalDate?
    var to: LocalDate?
    /// Whether `.begin` has been emitted.
    var begun = false

    /// Records the value of the element at `relativePath` below `Stmt` (balances and
    /// entries excluded).
    mutating func take(_ relativePath: String, value: String, at position: @autoclosure () -> SourcePosition) throws(KontorError) {
        switch relativePath {
        case "Id": id = value
        case "Acct/Id/IBAN": iban = value
        case "Acct/Id/Othr/Id": otherAccountID = otherAccountID ?? value
        case "Acct/Ccy":
            guard let code = CurrencyCode(value) else {
                throw KontorError(.badInput, "the account currency \(value.debugQuoted) is not an ISO 4217 code Kontor knows",
                                  hint: "use a three-letter ISO 4217 code such as EUR or CHF", at: position())
            }
            accountCurrency = code
        case "Acct/Svcr/FinInstnId/BIC", "Acct/Svcr/FinInstnId/BICFI": bank = value
        case "Acct/Tp/Cd", "Acct/Tp/Prtry": accountKind = value
        case "FrToDt/FrDtTm": from = try Camt053Values.date(value, at: position())
        case "FrToDt/ToDtTm": to = try Camt053Values.date(value, at: position())
        default: break
        }
    }

    /// Keeps a finished balance: the first OPBD (else PRCD) opens, the first CLBD closes;
    /// other types (CLAV, OPAV, ITBD, …) are not the booked balance and are left out.
    mutating func add(_ balance: StatedBalance) {
        if firstBalanceCurrency == nil { firstBalanceCurrency = balance.amount.currency }
        switch balance.code {
        case "OPBD": if opening == nil { opening = balance }
        case "PRCD": if previousClosing == nil { previousClosing = balance }
        case "CLBD": if closing == nil { closing = balance }
        default: break
        }
    }

    /// The opening balance: OPBD, else the previous closing balance PRCD.
    var openingBalance: StatedBalance? { opening ?? previousClosing }

    /// The header; the currency is `Acct/Ccy`, else the opening balance's, else the first
    /// entry's (`entryCurrency`), else the first stated balance's.
    func header(entryCurrency: CurrencyCode?) throws(KontorError) -> StatementHeader {
        guard let currency = accountCurrency ?? openingBalance?.amount.currency ?? entryCurrency ?? firstBalanceCurrency else {
            throw KontorError(.badInput, "the statement names no currency: no Acct/Ccy, no balance and no entry",
                              hint: "add <Ccy> to the statement's Acct", at: position)
        }
        return StatementHeader(position: position, account: iban ?? otherAccountID, bank: bank, currency: currency,
                               statementID: id, accountKind: accountKind, opening: openingBalance)
    }

    func footer(at position: SourcePosition) -> StatementFooter {
        StatementFooter(position: position, opening: openingBalance, closing: closing, from: from, to: to)
    }
}

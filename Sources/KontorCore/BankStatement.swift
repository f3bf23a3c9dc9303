/// What a bank or gateway reader emits while streaming a statement file: a statement
/// begins, its transactions follow, and it ends with whatever balances the file states.
///
/// Readers emit events instead of returning whole statements so that a million-line
/// statement is read in flat memory.
public enum StatementEvent: Hashable, Sendable {
    case begin(StatementHeader)
    case transaction(BankTransaction)
    case end(StatementFooter)
}

/// The account a statement is about, as the file names it.
public struct StatementHeader: Hashable, Sendable {
    /// Where the statement starts (line, or XML path such as `/Document/BkToCstmrStmt/Stmt[2]`).
    public var position: SourcePosition
    /// The account as the file identifies it: IBAN, OFX ACCTID, MT940 :25:, a card number
    /// suffix, or nil when the file does not say (a gateway export).
    public var account: String?
    /// The bank (BIC, OFX BANKID, routing number), when stated.
    public var bank: String?
    /// The statement's currency (OFX CURDEF, camt `Acct/Ccy`, MT940 balance currency).
    public var currency: CurrencyCode
    /// The statement's own id, when it has one (camt `Stmt/Id`, MT940 :20:/:28C:).
    public var statementID: String?
    /// The kind of account, when the file says (checking, savings, credit card, gateway).
    public var accountKind: String?
    /// Balances stated before the transactions (camt OPBD, MT940 :60F:); OFX states them
    /// after, in the footer.
    public var opening: StatedBalance?

    public init(position: SourcePosition, account: String?, bank: String? = nil, currency: CurrencyCode,
                statementID: String? = nil, accountKind: String? = nil, opening: StatedBalance? = nil) {
        self.position = position
        self.account = account
        self.bank = bank
        self.currency = currency
        self.statementID = statementID
        self.accountKind = accountKind
        self.opening = opening
    }
}

/// The end of a statement, with the balances stated after its transactions.
public struct StatementFooter: Hashable, Sendable {
    public var position: SourcePosition
    public var opening: StatedBalance?
    public var closing: StatedBalance?
    /// The period the statement covers, when stated (OFX DTSTART/DTEND, camt FrToDt).
    public var from: LocalDate?
    public var to: LocalDate?
    /// The balance available for use at the end, when stated (OFX AVAILBAL, camt CLAV).
    /// Informational: statement checks use `closing`.
    public var available: StatedBalance? = nil

    public init(position: SourcePosition, opening: StatedBalance? = nil, closing: StatedBalance? = nil,
                from: LocalDate? = nil, to: LocalDate? = nil) {
        self.position = position
        self.opening = opening
        self.closing = closing
        self.from = from
        self.to = to
    }
}

/// A balance as a statement states it: an amount on a date.
public struct StatedBalance: Hashable, Sendable {
    public var amount: Money
    public var date: LocalDate?
    /// The balance type code as written (`OPBD`, `CLBD`, `LEDGERBAL`, `60F`, `62F`).
    public var code: String?

    public init(amount: Money, date: LocalDate?, code: String? = nil) {
        self.amount = amount
        self.date = date
        self.code = code
    }
}

/// One booked line of a bank statement or gateway export. The amount is signed from the
/// account holder's view: positive money in (credit), negative money out (debit).
public struct BankTransaction: Hashable, Sendable {
    public var position: SourcePosition
    /// The booking date (OFX DTPOSTED, camt BookgDt, MT940 :61: entry date or value date).
    public var date: LocalDate
    public var valueDate: LocalDate?
    public var amount: Money
    /// The bank's own id for the line (FITID, AcctSvcrRef, Stripe `txn_…`),
    /// when the file gives one. Dedupe uses it before any fingerprint.
    public var bankID: String?
    /// The other party's name as written (OFX NAME, camt Cdtr/Dbtr Nm, :86: ?32/?33).
    public var payee: String?
    /// Free remittance text (OFX MEMO, camt Ustrd, :86: ?20-?29).
    public var memo: String?
    /// Structured references: end-to-end id, creditor reference (RF…), mandate, check number.
    public var endToEndID: String?
    public var creditorReference: String?
    /// The counterparty's account (IBAN) and bank (BIC), when given.
    public var counterpartyAccount: String?
    public var counterpartyBank: String?
    /// The bank's transaction type code as written (OFX TRNTYPE, camt BkTxCd, MT940 GVC).
    public var kind: String?
    /// For gateway lines: the fee withheld (positive), so gross − fee = net.
    public var fee: Money?
    /// For gateway lines: what kind of movement (charge, refund, dispute, payout, fee, adjustment).
    public var gatewayKind: String?

    public init(position: SourcePosition, date: LocalDate, valueDate: LocalDate? = nil, amount: Money, bankID: String? = nil,
                payee: String? = nil, memo: String? = nil, endToEndID: String? = nil, creditorReference: String? = nil,
                counterpartyAccount: String? = nil, counterpartyBank: String? = nil, kind: String? = nil,
                fee: Money? = nil, gatewayKind: String? = nil) {
        self.position = position
        self.date = date
        self.valueDate = valueDate
        self.amount = amount
        self.bankID = bankID
        self.payee = payee
        self.memo = memo
        self.endToEndID = endToEndID
        self.creditorReference = creditorReference
        self.counterpartyAccount = counterpartyAccount
        self.counterpartyBank = counterpartyBank
        self.kind = kind
        self.fee = fee
        self.gatewayKind = gatewayKind
    }
}

/// A statement reader: a pure function from bytes to events (STYLE.md 2).
public protocol StatementReader: Sendable {
    /// Reads `source` and calls `sink` for each event, in file order. Throws a
    /// ``KontorError`` with the position of the first problem; nothing is emitted after it.
    func read(_ source: inout some ByteSource, fileName: String,
              _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError)
}

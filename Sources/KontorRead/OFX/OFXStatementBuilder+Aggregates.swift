import KontorCore

extension OFXStatementBuilder {
    /// Starts reading an aggregate.
    mutating func enter(_ context: OFXContext, name: String, at position: OFXLocation) throws(KontorError) {
        switch context {
        case .statement(let kind):
            guard statement == nil else {
                throw KontorError(.badInput, "<\(name)> opens inside another statement", hint: "the file is damaged", at: position.source)
            }
            var at = position.source
            at.path = path(adding: name)
            statement = OFXStatementDraft(kind: kind, position: at)
        case .transaction, .investmentTransaction:
            guard statement != nil else {
                throw KontorError(.badInput, "<\(name)> stands outside a statement (STMTRS, CCSTMTRS or INVSTMTRS)",
                                  hint: "the file is damaged", at: position.source)
            }
            guard transaction == nil else {
                throw KontorError(.badInput, "<\(name)> opens inside another transaction", hint: "the file is damaged", at: position.source)
            }
            var draft = OFXTransactionDraft(position: position.source)
            if case .investmentTransaction(let kind) = context { draft.investmentKind = kind }
            transaction = draft
        case .status:
            status = OFXStatusDraft(position: position.source)
        case .ledgerBalance, .availableBalance:
            balance = OFXBalanceDraft()
        case .signon, .response, .account, .transactionList, .payee, .currency, .ignored:
            break
        }
    }

    /// Finishes an aggregate: emits statements and transactions, checks statuses.
    mutating func leave(_ context: OFXContext, at position: OFXLocation, _ sink: Sink) throws(KontorError) {
        switch context {
        case .statement:
            guard var draft = statement else { return }
            statement = nil
            try begin(&draft, sink)
            var footer = StatementFooter(position: position.source, closing: draft.ledger, from: draft.from, to: draft.to)
            footer.available = draft.available
            try sink(.end(footer))
            statementCount += 1
        case .transaction, .investmentTransaction:
            guard let draft = transaction.take() else { return }
            try emit(draft, sink)
        case .status:
            guard let draft = status else { return }
            status = nil
            try check(draft, in: innermostContext())
        case .ledgerBalance, .availableBalance:
            guard let draft = balance else { return }
            balance = nil
            guard let amount = draft.amount, statement != nil else { return }
            if context == .ledgerBalance {
                statement?.ledger = StatedBalance(amount: amount, date: draft.date, code: "LEDGERBAL")
            } else {
                statement?.available = StatedBalance(amount: amount, date: draft.date, code: "AVAILBAL")
            }
        case .signon, .response, .account, .transactionList, .payee, .currency, .ignored:
            break
        }
    }

    /// Emits `.begin` for the statement, once.
    func begin(_ draft: inout OFXStatementDraft, _ sink: Sink) throws(KontorError) {
        guard !draft.begun else { return }
        guard let currency = draft.currency else {
            throw KontorError(.badInput, "the statement names no currency (CURDEF)",
                              hint: "every OFX statement starts with <CURDEF>, the ISO 4217 code of its amounts; the file is damaged",
                              at: draft.position)
        }
        guard let account = draft.account else {
            throw KontorError(.badInput, "the statement names no account (ACCTID in BANKACCTFROM, CCACCTFROM or INVACCTFROM)",
                              hint: "Kontor needs the account to book the statement; the file is damaged", at: draft.position)
        }
        draft.begun = true
        try sink(.begin(StatementHeader(position: draft.position, account: account, bank: draft.bank, currency: currency,
                                        accountKind: draft.accountType ?? draft.kind.accountKind)))
    }

    /// Emits a finished transaction.
    mutating func emit(_ draft: OFXTransactionDraft, _ sink: Sink) throws(KontorError) {
        guard let currency = statement.map({ $0.currency }) else { return }
        let isInvestment = draft.investmentKind != nil
        func missing(_ element: String) -> KontorError {
            KontorError(.badInput, "the transaction has no \(element)",
                        hint: "every OFX \(isInvestment ? "investment transaction" : "STMTTRN") states \(element); the file is damaged",
                        at: draft.position)
        }
        guard isInvestment || draft.type != nil else { throw missing("TRNTYPE") }
        guard let date = draft.posted else { throw missing(isInvestment ? "DTTRADE" : "DTPOSTED") }
        let amount: Money
        if let stated = draft.amount {
            amount = stated
        } else if isInvestment, let currency {
            amount = .zero(currency)
        } else {
            throw missing(isInvestment ? "CURDEF" : "TRNAMT")
        }
        // `.begin` goes out before the first transaction; the draft is copied only then,
        // not for every transaction.
        if statement?.begun == false, var started = statement.take() {
            defer { statement = started }
            try begin(&started, sink)
        }
        var position = draft.position
        position.recordID = draft.fitID
        try sink(.transaction(BankTransaction(
            position: position, date: date, valueDate: draft.available ?? draft.settled, amount: amount,
            bankID: draft.fitID, payee: draft.payee ?? draft.name, memo: draft.memo,
            endToEndID: draft.referenceNumber, creditorReference: draft.checkNumber,
            kind: draft.type ?? draft.investmentKind)))
    }

    /// Rejects the file when the bank answered a sign-on or statement request with an error:
    /// a non-zero code of severity `ERROR` (or none stated). `INFO` and `WARN` codes come with
    /// a complete statement (say, "more transactions than the date range asked for").
    func check(_ status: OFXStatusDraft, in context: OFXContext?) throws(KontorError) {
        guard let code = status.code, code != "0" else { return }
        if let severity = status.severity?.uppercased(), severity == "INFO" || severity == "WARN" { return }
        let what: String
        switch context {
        case .signon: what = "the bank refused the sign-on"
        case .response: what = "the bank answered the statement request with an error instead of a statement"
        default: return
        }
        var detail = "STATUS CODE \(code)"
        if let severity = status.severity { detail += " (\(severity))" }
        if let message = status.message { detail += ": '\(message)'" }
        throw KontorError(.badInput, "\(what): \(detail)",
                          hint: "the file holds the bank's error answer, not transactions; download the statement again, and if the error stays, ask the bank what the message means",
                          at: status.position)
    }
}

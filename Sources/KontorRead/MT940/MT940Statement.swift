import KontorCore

/// One statement while it is being read: the header fields seen so far, the statement
/// line waiting for its `:86:` information, and whether `.begin` was emitted.
struct MT940Statement {
    let startLine: Int
    let fileName: String
    let defaultCurrency: CurrencyCode?
    var reference: String?
    var account: String?
    var number: String?
    var currency: CurrencyCode?
    var opening: StatedBalance?
    var closing: StatedBalance?
    var closingLine: Int?
    var began = false
    var pending: (field: MT940Field, line: MT940StatementLine)?
    var information: [[String]] = []

    init(startLine: Int, fileName: String, defaultCurrency: CurrencyCode?) {
        self.startLine = startLine
        self.fileName = fileName
        self.defaultCurrency = defaultCurrency
    }

    private func position(_ line: Int) -> SourcePosition { SourcePosition(file: fileName, line: line) }

    /// Takes one field of the statement.
    mutating func handle(_ field: MT940Field, _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        switch field.tag {
        case "20":
            reference = field.lines.joined().nonBlank
        case "25":
            account = field.lines.joined().nonBlank
        case "28", "28C":
            number = field.lines.joined().nonBlank
        case "60F", "60M":
            let (balance, currency) = try MT940Balance.parse(field)
            try adopt(currency, field)
            opening = balance
            try begin(sink)
        case "61":
            try flush(sink)
            pending = (field, try MT940StatementLine.parse(field))
            information = []
        case "86":
            guard pending != nil else { break }  // statement-level information after :62F: is not booked
            guard information.count < 100 else {
                throw KontorError(.badInput, "the statement line on line \(pending?.field.line ?? field.line) has more than 100 :86: fields",
                                  hint: "check that the file is an MT940 statement", at: position(field.line))
            }
            information.append(field.lines)
        case "62F", "62M":
            try flush(sink)
            let (balance, currency) = try MT940Balance.parse(field)
            try adopt(currency, field)
            closing = balance
            closingLine = field.line
        case "64", "65":
            _ = try MT940Balance.parse(field)  // checked, not kept: available balances are not booked
        default:
            break  // :21:, :13D:, :34F:, :90C:, :90D:, :NS: and bank-specific fields carry nothing Kontor books
        }
    }

    /// Ends the statement: the last line, `.begin` if not yet sent, and `.end`.
    mutating func finish(at line: Int, _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        try flush(sink)
        try begin(sink)
        if opening != nil && closing == nil {
            throw KontorError(.badInput, "the statement that starts on line \(startLine) has an opening balance but no closing balance (:62F:)",
                              hint: "the file seems cut off; download the statement again", at: position(line))
        }
        try sink(.end(StatementFooter(position: position(closingLine ?? line), opening: opening, closing: closing)))
    }

    /// Sends the statement line that waited for its `:86:` fields.
    private mutating func flush(_ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        guard let (field, line) = pending else { return }
        pending = nil
        try begin(sink)
        guard let currency else { return }
        let info = MT940Information.parse(information)
        information = []
        var payee = info.payee, reference = line.customerReference
        // Older Dutch exports put the counter account and name into the reference: "0121470966      W.P. Jansen".
        if payee == nil, let text = reference, let gap = text.firstRange(of: "  ") {
            payee = text[gap.upperBound...].nonBlank
            reference = text[..<gap.lowerBound].nonBlank
        }
        let transaction = BankTransaction(
            position: position(field.line), date: line.entryDate ?? line.valueDate, valueDate: line.valueDate,
            amount: try line.signedAmount(in: currency, line: field.line),
            bankID: line.bankReference.flatMap { $0 == "NONREF" ? nil : $0 },
            payee: payee, memo: info.memo ?? line.supplementary,
            endToEndID: info.endToEndID ?? reference.flatMap { $0 == "NONREF" ? nil : $0 },
            creditorReference: info.creditorReference,
            counterpartyAccount: info.counterpartyAccount, counterpartyBank: info.counterpartyBank,
            kind: info.transactionCode ?? line.transactionType)
        try sink(.transaction(transaction))
    }

    private mutating func begin(_ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        guard !began else { return }
        if currency == nil { currency = closing.map(\.amount.currency) ?? defaultCurrency }
        guard let currency else {
            throw KontorError(.badInput, "the statement that starts on line \(startLine) names no currency: it has no opening balance (:60F:) before its first line",
                              hint: "export the statement with its balances, or configure the account's currency for this source",
                              at: position(pending?.field.line ?? startLine))
        }
        began = true
        let bank = account.flatMap(Self.bankCode)
        try sink(.begin(StatementHeader(position: position(startLine), account: account, bank: bank, currency: currency,
                                        statementID: number ?? reference, opening: opening)))
    }

    private mutating func adopt(_ stated: CurrencyCode, _ field: MT940Field) throws(KontorError) {
        if let currency, currency != stated {
            throw KontorError(.badInput, "balance :\(field.tag): is in \(stated.code), but the statement is in \(currency.code)",
                              hint: "a statement has one currency; check that the file was not assembled from two accounts",
                              at: SourcePosition(file: fileName, line: field.line, field: ":\(field.tag):"))
        }
        currency = stated
    }

    /// The bank code of an account written `BLZ/account` (`76069559/0003267288`) or
    /// `BIC/IBAN`, else nil.
    static func bankCode(of account: String) -> String? {
        guard let slash = account.firstIndex(of: "/") else { return nil }
        let bank = account[..<slash]
        let isBLZ = bank.count == 8 && bank.allSatisfy { $0.isASCII && $0.isNumber }
        let isBIC = (bank.count == 8 || bank.count == 11) && bank.prefix(6).allSatisfy { $0.isASCII && $0.isUppercase }
        return isBLZ || isBIC ? String(bank) : nil
    }
}

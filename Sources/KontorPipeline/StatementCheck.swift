import KontorCore

/// The balance check of one statement (issue: opening + lines = closing, per statement and
/// currency), computed while its lines stream past.
struct StatementCheck {
    let header: StatementHeader
    private var sum: Int64 = 0
    private var count = 0
    private var first: LocalDate?
    private var last: LocalDate?

    init(header: StatementHeader) {
        self.header = header
    }

    /// The largest running sum of a statement's lines, in minor units (1,000 times the
    /// largest amount).
    static let maximumSum: UInt64 = 1_000 * UInt64(Money.maximumMinorUnits)

    mutating func add(_ line: BankTransaction) throws(KontorError) {
        guard line.amount.currency == header.currency else {
            throw KontorError(.badInput, "a line in \(line.amount.currency) inside a statement in \(header.currency)",
                              hint: "Kontor books each statement in one currency; split the file by currency", at: line.position)
        }
        // Bounded well inside 64 bits, so opening + sum below cannot overflow either.
        let (total, overflow) = sum.addingReportingOverflow(line.amount.minorUnits)
        guard !overflow, total.magnitude <= StatementCheck.maximumSum else {
            throw KontorError(.badInput, "the statement's amounts are too large to add up", at: line.position)
        }
        sum = total
        count += 1
        if first.map({ line.date < $0 }) ?? true { first = line.date }
        if last.map({ line.date > $0 }) ?? true { last = line.date }
    }

    /// What the statement says and adds up to; throws when stated balances do not add up.
    func summary(_ footer: StatementFooter, account: AccountPath) throws(KontorError) -> StatementSummary {
        let opening = footer.opening ?? header.opening
        let closing = footer.closing
        let currency = header.currency
        if let opening, let closing, opening.amount.minorUnits + sum != closing.amount.minorUnits {
            let lines = Money(minorUnits: sum, currency: currency)
            throw KontorError(.badInput, "the statement for \(header.account ?? "its account") does not add up: opening balance \(opening.amount) + \(count) lines \(lines) = \(Money(minorUnits: opening.amount.minorUnits + sum, currency: currency)), but the closing balance is \(closing.amount)",
                              hint: "the file is incomplete or altered: download the statement again", at: footer.position)
        }
        return StatementSummary(account: header.account, statementID: header.statementID, ledgerAccount: account,
                                currency: currency, lineCount: count, sum: Money(minorUnits: sum, currency: currency),
                                from: first, to: last, opening: opening?.amount, closing: closing?.amount)
    }
}

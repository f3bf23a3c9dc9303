import GRDB
import KontorCore

/// An expense paid from a bank account and that payment's bank line are one payment, in
/// whichever order they arrive (docs/decisions/expense-bank-lines.md). They pair when the
/// line is a debit of the account the expense names as paid from, of the same amount and
/// currency, booked from ``daysBefore`` days before to ``daysAfter`` days after the
/// expense's date; of several candidates the nearest in date wins, then the earliest
/// posted. Each expense pairs with at most one line and each line with at most one expense.
public enum ExpenseBankLinePairing {
    /// A bank line may be booked up to this many days after the expense's date…
    public static let daysAfter = 14
    /// …or up to this many days before it (an expense logged after the payment).
    public static let daysBefore = 3

    /// The record id of the entry that takes back the booking of bank line `line` once an
    /// expense imported after it pays it.
    public static func reversalRecordID(line: Int64) -> String { reversalRecordPrefix + String(line) }
    /// What every such record id starts with.
    public static let reversalRecordPrefix = "expense-bank-line:"
}

/// The statements that pair expenses with bank lines, prepared on first use, and what the
/// batch remembers so that a business without expenses (or an account without bank lines)
/// runs none of them.
final class ExpenseBankLineStatements {
    /// The expense a bank debit pays: posted, paid from the line's account, not paired yet.
    private let findExpense: FastStatement
    /// The bank line an expense's payment already came in as: a debit of the account, not
    /// a transfer, an invoice payment or a gateway line with a fee, not paired yet.
    private let findLine: FastStatement
    private let db: Database
    private let business: String
    private var businessHasExpenses: Bool?
    private var accountsWithLines: [String: Bool] = [:]

    init(in db: Database, business: String) throws {
        self.db = db
        self.business = business
        findExpense = try FastStatement("""
            SELECT x.transaction_id FROM expense_bank_payment x JOIN expense e ON e.transaction_id = x.transaction_id
            WHERE x.business_id = ? AND x.account = ? AND x.date BETWEEN ? AND ? AND x.amount = ? AND x.currency = ?
              AND e.status = 'posted' AND e.bank_transaction_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM bank_line b WHERE b.transaction_id = x.transaction_id)
            ORDER BY abs(julianday(x.date) - julianday(?)), x.transaction_id LIMIT 1
            """, in: db)
        findLine = try FastStatement("""
            SELECT b.transaction_id FROM bank_line b
            WHERE b.business_id = ? AND b.account = ? AND b.date BETWEEN ? AND ? AND b.amount = ? AND b.currency = ?
              AND b.status <> 'transfer' AND b.fee IS NULL
              AND NOT EXISTS (SELECT 1 FROM expense e WHERE e.transaction_id = b.transaction_id)
              AND NOT EXISTS (SELECT 1 FROM expense e WHERE e.bank_transaction_id = b.transaction_id)
              AND NOT EXISTS (SELECT 1 FROM invoice_payment i WHERE i.transaction_id = b.transaction_id)
            ORDER BY abs(julianday(b.date) - julianday(?)), b.transaction_id LIMIT 1
            """, in: db)
    }

    /// Whether the business has any expense paid from an account that receives statements
    /// (asked once per batch): a bank import into a ledger without one looks for none.
    func hasExpensePayments(writePending: () throws -> Void) throws -> Bool {
        if let businessHasExpenses { return businessHasExpenses }
        try writePending()  // a batch that also posted such expenses: their rows may still wait
        let found = try Bool.fetchOne(db, sql: "SELECT 1 FROM expense_bank_payment WHERE business_id = ? LIMIT 1",
                                      arguments: [business]) != nil
        businessHasExpenses = found
        return found
    }

    /// The expense (its transaction id) that the debit `amount` on `date` of `account` pays;
    /// nil when there is none.
    func expense(paidBy amount: Money, on date: LocalDate, account: AccountPath, writePending: () throws -> Void) throws -> Int64? {
        guard amount.minorUnits < 0, try hasExpensePayments(writePending: writePending) else { return nil }
        // The check that the expense has no bank line yet must see this file's lines.
        try writePending()
        let first = date.adding(days: -ExpenseBankLinePairing.daysAfter).description
        let last = date.adding(days: ExpenseBankLinePairing.daysBefore).description
        return try findExpense.firstRow(.text(business), .text(account.rawValue), .text(first), .text(last), .int(amount.minorUnits),
                                        .text(amount.currency.code), .text(date.description), columns: 1)?.first ?? nil
    }

    /// The bank line (its transaction id) that an expense of `amount` on `date`, paid from
    /// `account`, already came in as; nil when there is none.
    func line(paying amount: Money, on date: LocalDate, from account: AccountPath, writePending: () throws -> Void) throws -> Int64? {
        guard amount.minorUnits > 0 else { return nil }
        if accountsWithLines[account.rawValue] == nil {
            try writePending()  // a batch that also posted bank lines: they may still wait
            accountsWithLines[account.rawValue] = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM bank_line WHERE business_id = ? AND account = ? LIMIT 1",
                arguments: [business, account.rawValue]) != nil
        }
        guard accountsWithLines[account.rawValue] == true else { return nil }
        // The check that no other expense of this file took the line must see its rows.
        try writePending()
        let first = date.adding(days: -ExpenseBankLinePairing.daysBefore).description
        let last = date.adding(days: ExpenseBankLinePairing.daysAfter).description
        return try findLine.firstRow(.text(business), .text(account.rawValue), .text(first), .text(last), .int(-amount.minorUnits),
                                     .text(amount.currency.code), .text(date.description), columns: 1)?.first ?? nil
    }

    /// The date of bank line `line` and the legs that take its booking back: every leg of
    /// its transaction but the bank's, negated, with the category leg on the account the
    /// latest correction moved it to. A line booked with input tax (a rule with a tax rate)
    /// has a tax leg, which is taken back too: the expense books its own tax. Nil when the
    /// transaction does not have exactly one leg on `account`, of `amount`.
    func reversal(of line: Int64, bank account: AccountPath, amount: Money,
                  writePending: () throws -> Void) throws -> (date: LocalDate, legs: [Posting])? {
        try writePending()  // reads the postings and corrections of lines this batch may have written
        guard let dateText = try String.fetchOne(db, sql: "SELECT date FROM ledger_transaction WHERE id = ?", arguments: [line]),
              let date = LocalDate(iso: dateText) else { return nil }
        let legs = try LedgerStore.postings(of: line, in: db)
        let bankLegs = legs.filter { $0.account == account }
        guard bankLegs.count == 1, bankLegs[0].amount == amount, legs.count >= 2 else { return nil }
        var others = legs.filter { $0.account != account }
        // Corrections move the category leg (the first correction's old account) to the
        // latest correction's new account.
        let moves = try Row.fetchAll(db, sql: """
            SELECT old_account, new_account FROM correction WHERE business_id = ? AND item_id = ? ORDER BY id
            """, arguments: [business, line])
        if let first = moves.first, let last = moves.last, let original = AccountPath(first[0] as String),
           let current = AccountPath(last[1] as String), let index = others.firstIndex(where: { $0.account == original }) {
            others[index].account = current
        }
        return (date, others.map { Posting($0.account, $0.amount.negated) })
    }
}

extension LedgerBatch {
    /// The posting of an expense's transaction that pays it out of an account that receives
    /// bank statements (``statementAccounts``): the one credit, of the gross amount.
    func statementPayment(of expense: ExpenseEntry) -> Posting? {
        let gross = expense.record.amount
        let postings = expense.transaction.postings
        guard gross.minorUnits > 0,
              let leg = postings.first(where: { $0.amount == gross.negated }), statementAccounts.contains(leg.account.rawValue),
              postings.filter({ $0.amount.minorUnits < 0 }).count == 1 else { return nil }
        return leg
    }

    /// The bank line an expense paid by `payment` from an account that receives statements
    /// already came in as, and the entry that takes that line's own booking back: dated like
    /// the line, it returns the amount to the bank and takes it out of the account the line
    /// went to (the line's category, or the review account). The expense itself is posted
    /// as usual, so every period shows the same totals whichever file came first.
    func pairedLine(_ expense: ExpenseEntry, payment: Posting) throws -> (line: Int64, reversal: LedgerTransaction)? {
        let statements = try expenseBankLineStatements()
        guard let line = try statements.line(paying: expense.record.amount, on: expense.record.date, from: payment.account,
                                             writePending: writePending),
              let booked = try statements.reversal(of: line, bank: payment.account, amount: payment.amount,
                                                   writePending: writePending) else { return nil }
        let reversal = try LedgerTransaction(
            date: booked.date, description: "Bank line #\(line) paid an expense already booked: \(expense.transaction.description)",
            recordID: ExpenseBankLinePairing.reversalRecordID(line: line),
            postings: [Posting(payment.account, payment.amount.negated)] + booked.legs)
        return (line, reversal)
    }

    /// Records the bank movement of expense `id`, paid by `payment` from an account that
    /// receives statements, for the statement that brings it later.
    func recordStatementPayment(_ payment: Posting, expense id: Int64, on date: LocalDate) throws {
        // Queued behind the expense row it refers to (``PendingRows/Table/refersTo``).
        try insert([.int(id), .text(business.rawValue), .text(payment.account.rawValue), .text(date.description),
                    .int(payment.amount.minorUnits), .text(payment.amount.currency.code)], into: .expenseBankPayment)
    }

    /// After an expense paired with bank line `line` was posted as `expense`: the line now
    /// carries the expense's category and vendor, and says which expense it paid and which
    /// entry took its own booking back.
    func markPaid(line: Int64, byExpense expense: Int64, reversal: Int64, category: CategoryKey, vendorID: Int64) throws {
        let evidence: JSONValue = ["source": "expense", "expense": .int(expense), "reversal": .int(reversal)]
        try db.execute(sql: """
            UPDATE bank_line SET category = ?, vendor_id = ?, evidence = ?, status = 'categorized' WHERE transaction_id = ?
            """, arguments: [category.rawValue, vendorID, evidence.serialized(pretty: false), line])
    }

    /// The category and vendor of expense `id`, for the bank line that pays it.
    func expenseFacts(_ id: Int64) throws -> (category: String, vendorID: Int64)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT category, vendor_id FROM expense WHERE transaction_id = ?", arguments: [id]) else {
            return nil
        }
        return (row[0], row[1])
    }
}

import GRDB
import KontorCore

extension LedgerBatch {
    /// Posts a bank or gateway line unless the ledger already has it — from an earlier
    /// file of the same or of another format.
    ///
    /// The same money often arrives twice: a month downloaded as OFX, then again as
    /// camt.053 or CSV. A line is already posted when
    /// 1. other files posted at least k lines with the same bank id of the same id family
    ///    (FITID, AcctSvcrRef, `txn_…`) on the same account, where this line is the k-th
    ///    with that id in this file; or
    /// 2. other files posted at least k lines with its account, date and amount whose ids
    ///    cannot tell them apart (one side has no id, or the ids are of different
    ///    families), where k counts this line's (account, date, amount) within this file.
    /// Two real lines that share an id or amount inside one file are both kept.
    ///
    /// With `pairingExpenses`, a new debit line that pays an expense posted before
    /// (``ExpenseBankLinePairing``) is kept as the bank line of that expense's transaction
    /// and posts nothing: the expense already took the amount out of the bank.
    @discardableResult
    public func post(_ entry: BankEntry, pairingExpenses: Bool = false) throws(KontorError) -> LineOutcome {
        do {
            return try insert(entry, pairingExpenses: pairingExpenses)
        } catch {
            throw LedgerStore.map(error, doing: "post bank line \(entry.transaction.recordID)")
        }
    }

    private func insert(_ entry: BankEntry, pairingExpenses: Bool) throws -> LineOutcome {
        let statements = try bankStatements()
        let line = entry.line
        let account = entry.account.rawValue
        let business = FastStatement.Value.text(business.rawValue)
        let seen = try statements.seen(account: account, idScheme: entry.idScheme, business: self.business.rawValue, fileID: fileID)
        // The k-th line of this file with a bank id is already posted when other files posted
        // that id at least k times (a bank that reuses an id for two lines of a day).
        var bankIDOccurrence = 1
        if let bankID = line.bankID, seen.bankIDs, let existing = try statements.findBankID.firstRow(
            business, .text(account), .text(entry.idScheme), .text(bankID), .int(fileID), columns: 1)?.first, let existing {
            let (k, others) = try statements.bankIDCounts(account: account, idScheme: entry.idScheme, bankID: bankID,
                                                          business: self.business.rawValue, fileID: fileID, writePending: writePending)
            guard k > others else {
                skippedCount += 1
                try statements.recordBankIDSkip(account: account, idScheme: entry.idScheme, bankID: bankID)
                return .alreadyPosted(transactionID: existing)
            }
            bankIDOccurrence = Int(k)
        }
        let date = line.date.description
        let occurrence = try statements.occurrence(account: account, date: line.date, dateText: date, amount: line.amount,
                                                      business: self.business.rawValue, fileID: fileID, writePending: writePending)
        let bankID: FastStatement.Value = line.bankID.map { .text($0) } ?? .null
        if seen.mayHold(date), let twins = try statements.findTwins.firstRow(
            business, .text(account), .text(date), .int(line.amount.minorUnits), .text(line.amount.currency.code), .int(fileID),
            bankID, .text(entry.idScheme), .int(Int64(occurrence)), columns: 2),
           let count = twins[0], count >= Int64(occurrence), let twin = twins[1] {
            skippedCount += 1
            try statements.recordSkip(account: account, dateText: date, amount: line.amount)
            return .alreadyPosted(transactionID: twin)
        }
        if pairingExpenses, line.amount.minorUnits < 0, entry.status != .transfer, line.fee == nil,
           case let pairing = try expenseBankLineStatements(), try pairing.hasExpensePayments(writePending: writePending),
           let expense = try pairing.expense(paidBy: line.amount, on: line.date, account: entry.account, writePending: writePending),
           let facts = try expenseFacts(expense) {
            // Counted by `occurrence` as a line of this file, which it now is.
            let evidence: JSONValue = ["source": "expense", "expense": .int(expense)]
            try insertLine(entry, as: expense, date: date, category: facts.category, vendor: facts.vendorID,
                           evidence: evidence.serialized(pretty: false), status: BankEntry.Status.categorized.rawValue)
            return .paysExpense(transactionID: expense)
        }
        var transaction = entry.transaction
        if line.bankID == nil, occurrence > 1 {
            transaction = transaction.withRecordID(transaction.recordID + "#\(occurrence)")
        } else if bankIDOccurrence > 1 {
            transaction = transaction.withRecordID(transaction.recordID + "#\(bankIDOccurrence)")
        }
        let outcome = try post(transaction)
        guard case .posted(let id) = outcome else {
            try statements.recordSkip(account: account, dateText: date, amount: line.amount)
            return LineOutcome(outcome)
        }
        let vendor: Int64? = try entry.vendorKey.map { key in try vendorID(key: key, name: entry.vendorName ?? key) }
        try insertLine(entry, as: id, date: date, category: entry.category?.rawValue, vendor: vendor, evidence: entry.evidenceJSON,
                       status: entry.status.rawValue)
        return .posted(transactionID: id)
    }

    /// Stores `entry`'s line (booked on `date`, as text) as the bank line of transaction `id`.
    private func insertLine(_ entry: BankEntry, as id: Int64, date: String, category: String?, vendor: Int64?, evidence: String,
                            status: String) throws {
        let line = entry.line
        try insert([
            .int(id), .text(business.rawValue), .text(entry.account.rawValue), .optional(entry.statementAccount),
            .text(date), .int(line.amount.minorUnits), .text(line.amount.currency.code),
            line.fee.map { .int($0.minorUnits) } ?? .null, .optional(line.payee), .optional(line.memo),
            line.bankID.map { .text($0) } ?? .null, .text(entry.idScheme), .optional(line.gatewayKind ?? line.kind),
            .optional(category), vendor.map { .int($0) } ?? .null, .text(evidence), .text(status), .int(fileID),
            .text(line.position.label),
        ], into: .bankLine)
    }
}

/// The statements a bank import runs once per line, prepared on its first line, and what
/// the batch remembers between lines so that most lines need none of the dedupe queries.
///
/// - What other files posted on an account is looked up once per account and id family
///   (``seen(account:idScheme:)``): a line whose date lies outside the dates other files
///   posted on its account cannot have twins there, and a line of an id family no other
///   file posted on its account cannot match by bank id — so those queries, which would
///   find nothing, are not run. Other files cannot post while the batch holds the write
///   transaction, and lines of this file are excluded from both lookups anyway.
/// - The k of a line (its (account, date, amount, currency) counted within this file) is
///   counted in memory for the current run of equal dates: statements are written in
///   date order, so memory holds one day's lines. A date that comes back after another
///   (an unsorted file, or a second account's statement) is counted from the ledger
///   instead: this file's bank lines with that key plus the lines of that key it skipped
///   (``recordSkip(account:dateText:amount:)``, kept in a TEMP table).
final class BankLineStatements {
    /// The line another file posted with the same bank id of the same family.
    let findBankID: FastStatement
    /// How many of the first k lines of other files with this account, date and amount
    /// cannot be told apart from this one, and the last of them.
    let findTwins: FastStatement
    /// This file's bank lines with one (account, date, amount, currency).
    private let countPosted: FastStatement
    /// This file's skipped lines of one (account, date, amount, currency).
    private let countSkipped: FastStatement
    private let addSkipped: FastStatement
    /// Lines of other files, and of this file, with one bank id; this file's skipped ones.
    private let countBankIDOthers: FastStatement
    private let countBankIDOwn: FastStatement
    private let countBankIDSkipped: FastStatement
    private let addBankIDSkipped: FastStatement
    private let db: Database

    /// What other files posted on one account.
    struct Seen {
        /// The first and last date (`YYYY-MM-DD`) of their lines; nil when there are none.
        var dates: (first: String, last: String)?
        /// Whether any of their lines has a bank id of this id family.
        var bankIDs: Bool

        /// Whether other files may hold a line of `date` (as stored: compared byte by byte,
        /// as SQLite compares the texts).
        func mayHold(_ date: String) -> Bool {
            guard let dates else { return false }
            return !date.utf8.lexicographicallyPrecedes(dates.first.utf8) && !dates.last.utf8.lexicographicallyPrecedes(date.utf8)
        }
    }

    private var seenByAccount: [SeenKey: Seen] = [:]
    private var lastSeen: (key: SeenKey, seen: Seen)?

    private struct SeenKey: Hashable {
        var account: String
        var idScheme: String
    }

    /// The current run of equal dates, and whether its lines are counted from the ledger
    /// (the date came back after another).
    private var run: (date: LocalDate, fromLedger: Bool)?
    private var runCounts: [RunKey: Int] = [:]
    /// Dates whose run ended.
    private var closedDates: Set<LocalDate> = []

    private struct RunKey: Hashable {
        var account: String
        var amount: Int64
        var currency: CurrencyCode
    }

    init(in db: Database) throws {
        self.db = db
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS bank_line_skipped (
                account TEXT NOT NULL, date TEXT NOT NULL, amount INTEGER NOT NULL, currency TEXT NOT NULL,
                seen INTEGER NOT NULL, PRIMARY KEY (account, date, amount, currency));
            DELETE FROM temp.bank_line_skipped;
            CREATE TEMP TABLE IF NOT EXISTS bank_id_skipped (
                account TEXT NOT NULL, id_scheme TEXT NOT NULL, bank_id TEXT NOT NULL,
                seen INTEGER NOT NULL, PRIMARY KEY (account, id_scheme, bank_id));
            DELETE FROM temp.bank_id_skipped;
            """)
        let byBankID = "FROM bank_line WHERE business_id = ? AND account = ? AND id_scheme = ? AND bank_id = ?"
        countBankIDOthers = try FastStatement("SELECT count(*) \(byBankID) AND file_id <> ?", in: db)
        countBankIDOwn = try FastStatement("SELECT count(*) \(byBankID) AND file_id = ?", in: db)
        countBankIDSkipped = try FastStatement(
            "SELECT seen FROM temp.bank_id_skipped WHERE account = ? AND id_scheme = ? AND bank_id = ?", in: db)
        addBankIDSkipped = try FastStatement("""
            INSERT INTO temp.bank_id_skipped (account, id_scheme, bank_id, seen) VALUES (?, ?, ?, 1)
            ON CONFLICT DO UPDATE SET seen = seen + 1
            """, in: db)
        findBankID = try FastStatement("""
            SELECT transaction_id FROM bank_line
            WHERE business_id = ? AND account = ? AND id_scheme = ? AND bank_id = ? AND file_id <> ? LIMIT 1
            """, in: db)
        findTwins = try FastStatement("""
            SELECT count(*), max(transaction_id) FROM (
                SELECT transaction_id FROM bank_line
                WHERE business_id = ? AND account = ? AND date = ? AND amount = ? AND currency = ? AND file_id <> ?
                  AND (bank_id IS NULL OR ? IS NULL OR id_scheme <> ?)
                ORDER BY transaction_id LIMIT ?)
            """, in: db)
        countPosted = try FastStatement("""
            SELECT count(*) FROM bank_line
            WHERE business_id = ? AND account = ? AND date = ? AND amount = ? AND currency = ? AND file_id = ?
            """, in: db)
        countSkipped = try FastStatement("""
            SELECT seen FROM temp.bank_line_skipped WHERE account = ? AND date = ? AND amount = ? AND currency = ?
            """, in: db)
        addSkipped = try FastStatement("""
            INSERT INTO temp.bank_line_skipped (account, date, amount, currency, seen) VALUES (?, ?, ?, ?, 1)
            ON CONFLICT DO UPDATE SET seen = seen + 1
            """, in: db)
    }

    /// What files other than `fileID` posted on `account` (looked up once per account and
    /// id family).
    func seen(account: String, idScheme: String, business: String, fileID: Int64) throws -> Seen {
        if let lastSeen, lastSeen.key.account == account, lastSeen.key.idScheme == idScheme { return lastSeen.seen }
        let key = SeenKey(account: account, idScheme: idScheme)
        if let seen = seenByAccount[key] {
            lastSeen = (key, seen)
            return seen
        }
        let arguments: StatementArguments = [business, account, fileID]
        let first = try String.fetchOne(db, sql: """
            SELECT date FROM bank_line WHERE business_id = ? AND account = ? AND file_id <> ? ORDER BY date LIMIT 1
            """, arguments: arguments)
        let last = try String.fetchOne(db, sql: """
            SELECT date FROM bank_line WHERE business_id = ? AND account = ? AND file_id <> ? ORDER BY date DESC LIMIT 1
            """, arguments: arguments)
        let bankIDs = try Bool.fetchOne(db, sql: """
            SELECT 1 FROM bank_line
            WHERE business_id = ? AND account = ? AND id_scheme = ? AND bank_id IS NOT NULL AND file_id <> ? LIMIT 1
            """, arguments: [business, account, idScheme, fileID]) != nil
        var seen = Seen(dates: nil, bankIDs: bankIDs)
        if let first, let last { seen.dates = (first, last) }
        seenByAccount[key] = seen
        lastSeen = (key, seen)
        return seen
    }

    /// The k of a line: how many lines of this file so far, this one included, have its
    /// account, date, amount and currency. Every line counted here must end up posted (a
    /// bank line of this file) or skipped (``recordSkip(account:dateText:amount:)``).
    func occurrence(account: String, date: LocalDate, dateText: String, amount: Money, business: String, fileID: Int64,
                    writePending: () throws -> Void) throws -> Int {
        if run?.date != date {
            if let run { closedDates.insert(run.date) }
            run = (date, closedDates.contains(date))
            runCounts.removeAll(keepingCapacity: true)
        }
        if run?.fromLedger == true {
            // This file's bank lines may still wait to be written (``PendingRows``).
            try writePending()
            let posted = try countPosted.firstRow(.text(business), .text(account), .text(dateText), .int(amount.minorUnits),
                                                  .text(amount.currency.code), .int(fileID), columns: 1)?.first ?? 0
            let skipped = try countSkipped.firstRow(.text(account), .text(dateText), .int(amount.minorUnits),
                                                    .text(amount.currency.code), columns: 1)?.first ?? 0
            return Int((posted ?? 0) + (skipped ?? 0)) + 1
        }
        let key = RunKey(account: account, amount: amount.minorUnits, currency: amount.currency)
        let count = runCounts[key, default: 0] + 1
        runCounts[key] = count
        return count
    }

    /// For a line whose bank id other files posted: its k (this file's lines with the id so
    /// far, posted or skipped, this one included) and how many lines of other files have it.
    func bankIDCounts(account: String, idScheme: String, bankID: String, business: String, fileID: Int64,
                      writePending: () throws -> Void) throws -> (k: Int64, others: Int64) {
        try writePending()  // this file's bank lines may still wait (``PendingRows``)
        let others = try countBankIDOthers.firstRow(.text(business), .text(account), .text(idScheme), .text(bankID), .int(fileID),
                                                    columns: 1)?.first ?? 0
        let own = try countBankIDOwn.firstRow(.text(business), .text(account), .text(idScheme), .text(bankID), .int(fileID),
                                              columns: 1)?.first ?? 0
        let skipped = try countBankIDSkipped.firstRow(.text(account), .text(idScheme), .text(bankID), columns: 1)?.first ?? 0
        return ((own ?? 0) + (skipped ?? 0) + 1, others ?? 0)
    }

    /// Remembers a line skipped because other files posted its bank id.
    func recordBankIDSkip(account: String, idScheme: String, bankID: String) throws {
        try addBankIDSkipped.execute(.text(account), .text(idScheme), .text(bankID))
    }

    /// Remembers a line counted by ``occurrence(account:date:dateText:amount:business:fileID:)``
    /// that was not posted, for a later run of its date.
    func recordSkip(account: String, dateText: String, amount: Money) throws {
        try addSkipped.execute(.text(account), .text(dateText), .int(amount.minorUnits), .text(amount.currency.code))
    }
}

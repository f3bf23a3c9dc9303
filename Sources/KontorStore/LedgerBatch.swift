import GRDB
import KontorCore

/// Posts the records of one file inside the file's transaction. Created by
/// ``LedgerStore/importFile(_:format:plan:_:outputs:)``; not usable outside its closure.
///
/// It keeps prepared statements and caches of account and vendor ids, so a large file
/// posts at SQLite speed, and writes postings, bank lines and expense rows in groups
/// (``PendingRows``): batch code reaches the database only through ``db``, which writes
/// the waiting rows first. The connection's triggers are off while a batch runs and the
/// balance is checked once at its end (``run(in:business:fileID:_:)``): code here must
/// never UPDATE or DELETE a row a trigger guards (postings, transactions, the audit
/// tables, an issued invoice's content; docs/decisions/ledger-balance-per-batch.md).
public final class LedgerBatch {
    /// What happened to one record.
    public enum Outcome: Equatable, Sendable {
        /// Posted as the ledger transaction with this id.
        case posted(transactionID: Int64)
        /// A record with the same id was posted before (by this or an earlier file).
        case alreadyPosted(transactionID: Int64)
    }

    /// What happened to one bank or gateway line.
    public enum LineOutcome: Equatable, Sendable {
        /// Posted as the ledger transaction with this id.
        case posted(transactionID: Int64)
        /// The ledger has the line already, as this transaction (posted by another file).
        case alreadyPosted(transactionID: Int64)
        /// The line pays an expense posted before (``ExpenseBankLinePairing``): kept as the
        /// bank line of that expense's transaction, with no posting of its own.
        case paysExpense(transactionID: Int64)

        init(_ outcome: Outcome) {
            switch outcome {
            case .posted(let id): self = .posted(transactionID: id)
            case .alreadyPosted(let id): self = .alreadyPosted(transactionID: id)
            }
        }
    }

    /// The connection; batch code uses ``db``, which writes the rows waiting in
    /// ``pending`` first.
    let connection: Database
    /// The connection, once every row waiting in ``pending`` is written, so that whatever
    /// reads through it sees every row of the batch. A failed write is kept in
    /// ``pendingError`` and thrown by the next post and at the end of the batch.
    var db: Database {
        if !pending.isEmpty { try? writePending() }
        return connection
    }
    /// Postings, bank lines and expense rows written in groups (``PendingRows``).
    let pending = PendingRows()
    var pendingError: (any Error)?
    let business: BusinessID
    public let fileID: Int64
    private var nextTransactionID: Int64
    /// Where this batch's transactions and postings start (checked by ``LedgerStore/verifyBalanced(since:in:)``).
    let mark: BatchMark
    private var accountIDs: [AccountPath: Int64] = [:]
    private let findRecord: FastStatement
    private let insertTransaction: FastStatement
    /// Whether a transaction's row is written before its postings. Only while the
    /// connection's triggers are off (``run(in:business:fileID:_:)``): they refuse that
    /// order. The row's insert then doubles as the record-id lookup (it skips a taken id),
    /// and each posting finds its transaction at once, so the deferred foreign key has no
    /// violation to count and settle — one statement and one index probe less per record.
    let transactionFirst: Bool
    private let insertTransactionUnlessRecorded: FastStatement
    private var vendorIDs: [String: Int64] = [:]
    private var bankLineStatements: BankLineStatements?
    private var pairingStatements: ExpenseBankLineStatements?
    /// The bank line the last expense posted by ``post(_:)-(ExpenseEntry)`` paired with,
    /// if it did (``ExpenseBankLinePairing``).
    public private(set) var bankLineOfLastExpense: Int64?
    /// The ledger accounts that receive bank statements (the business's `bank_accounts`):
    /// only an expense paid from one of them pairs with a bank line. Set by the caller
    /// before posting expenses; empty, no expense pairs.
    public var statementAccounts: Set<String> = []
    public private(set) var postedCount = 0
    public internal(set) var skippedCount = 0

    init(db: Database, business: BusinessID, fileID: Int64, firstPostingID: Int64, triggersOff: Bool) throws {
        connection = db
        transactionFirst = triggersOff
        self.business = business
        self.fileID = fileID
        let lastTransaction = try Int64.fetchOne(db, sql: "SELECT max(id) FROM ledger_transaction") ?? 0
        // Ids are never reused: a ledger whose last id is the largest Int64 takes no more
        // transactions (an error, not an overflow trap).
        guard lastTransaction < Int64.max else { throw KontorError(.internal, "the ledger has used every transaction id") }
        nextTransactionID = lastTransaction + 1
        mark = BatchMark(firstTransactionID: nextTransactionID, firstPostingID: firstPostingID)
        findRecord = try FastStatement("SELECT id, file_id FROM ledger_transaction WHERE business_id = ? AND record_id = ?", in: db)
        let insert = "INSERT INTO ledger_transaction (id, business_id, date, description, record_id, file_id) VALUES (?, ?, ?, ?, ?, ?)"
        insertTransaction = try FastStatement(insert, in: db)
        insertTransactionUnlessRecorded = try FastStatement(insert + " ON CONFLICT (business_id, record_id) DO NOTHING", in: db)
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS batch_occurrence (base TEXT PRIMARY KEY NOT NULL, seen INTEGER NOT NULL);
            DELETE FROM temp.batch_occurrence;
            """)
    }

    /// The bank import's statements, prepared on first use (after the TEMP table exists).
    func bankStatements() throws -> BankLineStatements {
        if let bankLineStatements { return bankLineStatements }
        let statements = try BankLineStatements(in: db)
        bankLineStatements = statements
        return statements
    }

    /// The statements that pair expenses with bank lines, prepared on first use.
    func expenseBankLineStatements() throws -> ExpenseBankLineStatements {
        if let pairingStatements { return pairingStatements }
        let statements = try ExpenseBankLineStatements(in: db, business: business.rawValue)
        pairingStatements = statements
        return statements
    }

    /// The id and file of the transaction posted under `recordID`, if any.
    private func lookup(_ recordID: String) throws -> (id: Int64, file: Int64?)? {
        guard let row = try findRecord.firstRow(.text(business.rawValue), .text(recordID), columns: 2), let id = row[0] else {
            return nil
        }
        return (id, row[1])
    }

    /// Posts a balanced transaction unless its record id was posted before.
    ///
    /// Two identical records inside one file are both real (two coffees on one day), so
    /// the k-th occurrence of a record id within a file is stored as `<id>#k` (k ≥ 2). An
    /// overlapping later file then skips exactly the occurrences that were posted. The
    /// occurrence counts live in a TEMP table, and only for ids that collided, so memory
    /// stays flat however large the file.
    @discardableResult
    public func post(_ transaction: LedgerTransaction) throws(KontorError) -> Outcome {
        do {
            return try insert(transaction)
        } catch {
            throw LedgerStore.map(error, doing: "post record \(transaction.recordID)")
        }
    }

    /// `counted`: whether the transaction books a record of the file (``postedCount``), or is
    /// an entry the batch adds for one (the reversal of a bank line that paid an expense).
    private func insert(_ transaction: LedgerTransaction, counted: Bool = true) throws -> Outcome {
        let base = transaction.recordID
        if transactionFirst, let id = try write(transaction, as: base, counted: counted) { return .posted(transactionID: id) }
        var recordID = base
        if let existing = try lookup(base) {
            // Transaction rows and the TEMP counts are written at once: no need to write the
            // rows waiting in ``pending`` first.
            let previous = try Int.fetchOne(
                connection.cachedStatement(sql: "SELECT seen FROM temp.batch_occurrence WHERE base = ?"), arguments: [base])
            let existingFile = existing.file
            let occurrence = (previous ?? (existingFile == fileID ? 1 : 0)) + 1
            try connection.cachedStatement(sql: "INSERT OR REPLACE INTO temp.batch_occurrence (base, seen) VALUES (?, ?)")
                .execute(arguments: [base, occurrence])
            if occurrence == 1 {
                skippedCount += 1
                return .alreadyPosted(transactionID: existing.id)
            }
            recordID = "\(base)#\(occurrence)"
            if let taken = try lookup(recordID) {
                skippedCount += 1
                return .alreadyPosted(transactionID: taken.id)
            }
        } else if transactionFirst {
            throw KontorError(.internal, "record \(base) was refused as already posted, but the ledger does not have it")
        }
        guard let id = try write(transaction, as: recordID, counted: counted) else {
            throw KontorError(.internal, "record \(recordID) was refused as already posted right after a lookup found none")
        }
        return .posted(transactionID: id)
    }

    /// Writes `transaction` under `recordID` as the next transaction id, and returns that
    /// id. With ``transactionFirst`` it returns nil, having written nothing, when the ledger
    /// has `recordID` already; otherwise a taken id fails the UNIQUE constraint.
    private func write(_ transaction: LedgerTransaction, as recordID: String, counted: Bool) throws -> Int64? {
        let id = nextTransactionID
        // After the largest Int64 the next id wraps below 1 (`&+` below): nothing is left.
        guard id > 0 else { throw KontorError(.internal, "the ledger has used every transaction id") }
        let business = FastStatement.Value.text(business.rawValue)
        if transactionFirst {
            let inserted = try insertTransactionUnlessRecorded.execute(
                .int(id), business, .text(transaction.date.description), .text(transaction.description), .text(recordID), .int(fileID))
            guard inserted == 1 else { return nil }
        }
        for posting in transaction.postings {
            try insert([.int(id), .int(try accountID(posting.account)), .int(posting.amount.minorUnits), .text(posting.amount.currency.code)],
                       into: .posting)
        }
        if !transactionFirst {
            try insertTransaction.execute(.int(id), business, .text(transaction.date.description),
                                          .text(transaction.description), .text(recordID), .int(fileID))
        }
        nextTransactionID = id &+ 1
        if counted { postedCount += 1 }
        return id
    }

    /// Posts an expense: its transaction and its expense row, with the vendor created on
    /// first sight.
    @discardableResult
    public func post(_ expense: ExpenseEntry) throws(KontorError) -> Outcome {
        do {
            return try insert(expense)
        } catch {
            throw LedgerStore.map(error, doing: "post record \(expense.transaction.recordID)")
        }
    }

    private func insert(_ expense: ExpenseEntry) throws -> Outcome {
        bankLineOfLastExpense = nil
        let payment = statementPayment(of: expense)
        let paired = try payment.flatMap { try pairedLine(expense, payment: $0) }
        let outcome = try insert(expense.transaction)
        guard case .posted(let id) = outcome else { return outcome }
        let record = expense.record
        let vendor = try vendorID(key: expense.vendorKey, name: expense.vendorName)
        try insert([
            .int(id), .text(business.rawValue), .text(record.date.description), .int(record.amount.minorUnits),
            .text(record.amount.currency.code), expense.taxAmount.map { .int($0.minorUnits) } ?? .null,
            record.taxRate.map { .int(Int64($0.millipercent)) } ?? .null,
            .int(vendor), .text(expense.category.rawValue),
            .text(record.description), .text(expense.paymentAccount), record.receiptReference.map { .text($0) } ?? .null,
            .int(fileID), record.position.line.map { .int(Int64($0)) } ?? .null, paired.map { .int($0.line) } ?? .null,
        ], into: .expense)
        if let paired {
            guard case .posted(let reversal) = try insert(paired.reversal, counted: false) else {
                throw KontorError(.internal, "bank line \(paired.line) was paired with an expense before")
            }
            try markPaid(line: paired.line, byExpense: id, reversal: reversal, category: expense.category, vendorID: vendor)
            bankLineOfLastExpense = paired.line
        } else if let payment {
            try recordStatementPayment(payment, expense: id, on: record.date)
        }
        return outcome
    }

    /// Creates a custom category on import (when the business allows it), owned by this
    /// business and remembered with the file that introduced it.
    public func createCategory(_ key: CategoryKey, name: String, account: AccountPath) throws(KontorError) {
        do {
            try db.cachedStatement(sql: """
            INSERT INTO custom_category (business_id, key, name, account, file_id) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """).execute(arguments: [business.rawValue, key.rawValue, name, account.rawValue, fileID])
        } catch {
            throw LedgerStore.map(error, doing: "create category \(key)")
        }
    }

    // Accounts and vendors read and write only their own tables, never a table whose rows
    // wait in ``pending``: they use the connection directly, so a new payee does not cut a
    // group short.
    private func accountID(_ account: AccountPath) throws -> Int64 {
        if let id = accountIDs[account] { return id }
        try connection.cachedStatement(sql: "INSERT INTO account (business_id, name, kind) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
            .execute(arguments: [business.rawValue, account.rawValue, account.kind.rawValue])
        guard let id = try Int64.fetchOne(connection, sql: "SELECT id FROM account WHERE business_id = ? AND name = ?",
                                          arguments: [business.rawValue, account.rawValue]) else {
            throw KontorError(.internal, "account \(account) vanished while posting")
        }
        accountIDs[account] = id
        return id
    }

    func vendorID(key: String, name: String) throws -> Int64 {
        if let id = vendorIDs[key] { return id }
        try connection.cachedStatement(sql: "INSERT INTO vendor (business_id, key, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
            .execute(arguments: [business.rawValue, key, name])
        guard let id = try Int64.fetchOne(connection, sql: "SELECT id FROM vendor WHERE business_id = ? AND key = ?",
                                          arguments: [business.rawValue, key]) else {
            throw KontorError(.internal, "vendor \(key) vanished while posting")
        }
        vendorIDs[key] = id
        return id
    }
}

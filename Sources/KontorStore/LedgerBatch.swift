import GRDB
import KontorCore

/// Posts the records of one file inside the file's transaction. Created by
/// ``LedgerStore/importFile(_:format:plan:_:outputs:)``; not usable outside its closure.
///
/// It keeps prepared statements and caches of account and vendor ids, so a large file
/// posts at SQLite speed.
public final class LedgerBatch {
    /// What happened to one record.
    public enum Outcome: Equatable, Sendable {
        /// Posted as the ledger transaction with this id.
        case posted(transactionID: Int64)
        /// A record with the same id was posted before (by this or an earlier file).
        case alreadyPosted(transactionID: Int64)
    }

    let db: Database
    let business: BusinessID
    let fileID: Int64
    private var nextTransactionID: Int64
    private var accountIDs: [AccountPath: Int64] = [:]
    private var vendorIDs: [String: Int64] = [:]
    public private(set) var postedCount = 0
    public private(set) var skippedCount = 0

    init(db: Database, business: BusinessID, fileID: Int64) throws {
        self.db = db
        self.business = business
        self.fileID = fileID
        nextTransactionID = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM ledger_transaction") ?? 0) + 1
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS batch_occurrence (base TEXT PRIMARY KEY NOT NULL, seen INTEGER NOT NULL);
            DELETE FROM temp.batch_occurrence;
            """)
    }

    private func lookup() throws -> Statement {
        try db.cachedStatement(sql: "SELECT id, file_id FROM ledger_transaction WHERE business_id = ? AND record_id = ?")
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

    private func insert(_ transaction: LedgerTransaction) throws -> Outcome {
        let base = transaction.recordID
        var recordID = base
        if let existing = try Row.fetchOne(try lookup(), arguments: [business.rawValue, base]) {
            let previous = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT seen FROM temp.batch_occurrence WHERE base = ?"), arguments: [base])
            let existingFile: Int64? = existing["file_id"]
            let occurrence = (previous ?? (existingFile == fileID ? 1 : 0)) + 1
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO temp.batch_occurrence (base, seen) VALUES (?, ?)")
                .execute(arguments: [base, occurrence])
            if occurrence == 1 {
                skippedCount += 1
                return .alreadyPosted(transactionID: existing["id"])
            }
            recordID = "\(base)#\(occurrence)"
            if let taken = try Row.fetchOne(try lookup(), arguments: [business.rawValue, recordID]) {
                skippedCount += 1
                return .alreadyPosted(transactionID: taken["id"])
            }
        }
        let id = nextTransactionID
        let insertPosting = try db.cachedStatement(sql: "INSERT INTO posting (transaction_id, account_id, amount, currency) VALUES (?, ?, ?, ?)")
        for posting in transaction.postings {
            try insertPosting.execute(arguments: [id, try accountID(posting.account), posting.amount.minorUnits, posting.amount.currency.code])
        }
        try db.cachedStatement(sql: """
            INSERT INTO ledger_transaction (id, business_id, date, description, record_id, file_id) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, business.rawValue, transaction.date.description, transaction.description,
                                     recordID, fileID])
        nextTransactionID += 1
        postedCount += 1
        return .posted(transactionID: id)
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
        let outcome = try insert(expense.transaction)
        guard case .posted(let id) = outcome else { return outcome }
        let record = expense.record
        try db.cachedStatement(sql: """
            INSERT INTO expense (transaction_id, business_id, date, amount, currency, tax_amount, tax_rate, vendor_id,
                                 category, description, payment_account, receipt, status, file_id, line)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'posted', ?, ?)
            """).execute(arguments: [
                id, business.rawValue, record.date.description, record.amount.minorUnits, record.amount.currency.code,
                record.taxAmount?.minorUnits, record.taxRate?.millipercent,
                try vendorID(key: expense.vendorKey, name: expense.vendorName), expense.category.rawValue,
                record.description, expense.paymentAccount, record.receiptReference, fileID, record.position.line,
            ])
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

    private func accountID(_ account: AccountPath) throws -> Int64 {
        if let id = accountIDs[account] { return id }
        try db.cachedStatement(sql: "INSERT INTO account (business_id, name, kind) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
            .execute(arguments: [business.rawValue, account.rawValue, account.kind.rawValue])
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM account WHERE business_id = ? AND name = ?",
                                          arguments: [business.rawValue, account.rawValue]) else {
            throw KontorError(.internal, "account \(account) vanished while posting")
        }
        accountIDs[account] = id
        return id
    }

    private func vendorID(key: String, name: String) throws -> Int64 {
        if let id = vendorIDs[key] { return id }
        try db.cachedStatement(sql: "INSERT INTO vendor (business_id, key, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
            .execute(arguments: [business.rawValue, key, name])
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM vendor WHERE business_id = ? AND key = ?",
                                          arguments: [business.rawValue, key]) else {
            throw KontorError(.internal, "vendor \(key) vanished while posting")
        }
        vendorIDs[key] = id
        return id
    }
}

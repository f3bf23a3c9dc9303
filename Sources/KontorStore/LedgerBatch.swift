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
    /// Record id → how many of its occurrences in this file were skipped as posted by an
    /// earlier file (those occurrences own `<id>`, `<id>#2`, … of that earlier file).
    private var skippedOccurrences: [String: Int] = [:]

    init(db: Database, business: BusinessID, fileID: Int64) throws {
        self.db = db
        self.business = business
        self.fileID = fileID
        nextTransactionID = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM ledger_transaction") ?? 0) + 1
    }

    /// Posts a balanced transaction unless its record id was posted before.
    ///
    /// Two identical records inside one file are both real (two coffees on one day): the
    /// n-th occurrence of a record id in a file is stored as `<id>#n` (the first as `<id>`).
    /// So an overlapping later file skips exactly the occurrences that were posted and
    /// posts the rest: after a file with two coffees, a file with three posts the third.
    /// Only the ids this file skipped are kept in memory (at most the overlap).
    @discardableResult
    public func post(_ transaction: LedgerTransaction) throws(KontorError) -> Outcome {
        do {
            return try insert(transaction)
        } catch {
            throw LedgerStore.map(error, doing: "post record \(transaction.recordID)")
        }
    }

    private func insert(_ transaction: LedgerTransaction) throws -> Outcome {
        var recordID = transaction.recordID
        var occurrence = 1
        // Earlier-file ids that earlier occurrences in this file already skipped over.
        var consumed = skippedOccurrences[transaction.recordID] ?? 0
        let lookup = try db.cachedStatement(sql: "SELECT id, file_id FROM ledger_transaction WHERE business_id = ? AND record_id = ?")
        while let existing = try Row.fetchOne(lookup, arguments: [business.rawValue, recordID]) {
            let existingFile: Int64? = existing["file_id"]
            if existingFile != fileID {
                guard consumed > 0 else {
                    skippedOccurrences[transaction.recordID, default: 0] += 1
                    skippedCount += 1
                    return .alreadyPosted(transactionID: existing["id"])
                }
                consumed -= 1
            }
            occurrence += 1
            recordID = "\(transaction.recordID)#\(occurrence)"
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

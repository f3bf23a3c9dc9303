import CSQLiteTuning
import GRDB
import GRDBSQLite
import KontorCore

/// Where one batch's rows start: every transaction with an id at or above
/// `firstTransactionID`, and every posting with a rowid at or above `firstPostingID`, was
/// inserted by the batch (see ``LedgerBatch/run(in:business:fileID:_:)``).
struct BatchMark {
    let firstTransactionID: Int64
    let firstPostingID: Int64
}

extension LedgerBatch {
    /// Runs `body` with a batch for file `fileID`, inside the caller's write transaction
    /// (or savepoint), and checks what the batch posted before returning.
    ///
    /// The schema's triggers (see ``LedgerStore/migrator``) are turned **off on this
    /// connection** while the batch runs, and back on when it ends, whether it succeeds or
    /// throws. In their place ``LedgerStore/verifyBalanced(since:in:)`` checks, once and
    /// set-based, what the insert triggers would have refused row by row: every new
    /// transaction has at least two postings summing to zero per currency, and every new
    /// posting belongs to a new transaction. Batch code never updates or deletes a row a
    /// trigger guards (docs/decisions/ledger-balance-per-batch.md lists every statement),
    /// so the update and delete triggers have nothing to refuse meanwhile. Every other
    /// connection, and this one outside a batch, keeps every trigger.
    static func run<T>(in db: Database, business: BusinessID, fileID: Int64,
                       _ body: (LedgerBatch) throws -> T) throws -> (LedgerBatch, T) {
        guard let connection = db.sqliteConnection else { throw KontorError(.internal, "the ledger connection is closed") }
        let lastPosting = try Int64.fetchOne(db, sql: "SELECT max(id) FROM posting") ?? 0
        // SQLite gives a new row the largest rowid + 1 until the largest possible rowid is
        // taken, then picks free rowids at random (https://sqlite.org/autoinc.html): only
        // then could a new posting hide below the mark. Such a ledger keeps its triggers.
        let bulk = lastPosting < Int64.max - (1 << 40)
        var restore = false
        if bulk {
            switch kontor_sqlite_triggers(connection, -1) {
            case 1:
                guard kontor_sqlite_triggers(connection, 0) == 0 else {
                    _ = kontor_sqlite_triggers(connection, 1)
                    throw KontorError(.internal, "SQLite did not turn the ledger's triggers off for a batch")
                }
                restore = true
            case 0: break  // an enclosing batch turned them off; it turns them back on
            default: throw KontorError(.internal, "SQLite did not report whether the ledger's triggers are on")
            }
        }
        defer { if restore { _ = kontor_sqlite_triggers(connection, 1) } }
        let triggersOff = kontor_sqlite_triggers(connection, -1) == 0
        let batch = try LedgerBatch(db: db, business: business, fileID: fileID, firstPostingID: lastPosting + 1,
                                    triggersOff: triggersOff)
        let result: T
        do {
            result = try body(batch)
        } catch {
            // A group write that failed inside `db` left readers an incomplete ledger, so the
            // error they ended in may be a consequence: report the write's own error.
            if let failed = batch.pendingError { throw failed }
            throw error
        }
        try batch.writePending()
        try LedgerStore.verifyBalanced(since: batch.mark, in: db)
        if restore {
            restore = false
            guard kontor_sqlite_triggers(connection, 1) == 1 else {
                throw KontorError(.internal, "SQLite did not turn the ledger's triggers back on after a batch")
            }
        }
        return (batch, result)
    }
}

extension LedgerStore {
    /// Checks the transactions and postings inserted since `mark`, as the insert triggers
    /// would have: every new posting belongs to a new transaction (not to one recorded
    /// before the batch, not to an id that has no transaction row); every new transaction
    /// has at least two postings, and they sum to zero in each currency. Throws the error
    /// of an unbalanced transaction (``LedgerStore/unbalanced(_:)``) otherwise.
    ///
    /// Two rowid-range scans merged in one pass, without memory per row: the batch writes a
    /// transaction's postings one after another, after the transaction row (just before it
    /// while triggers are on), so in rowid order the postings come in runs of one
    /// transaction, in the order of the transaction ids. A run out of that order (a posting
    /// added to a transaction after the run ended) is refused too, as the per-posting
    /// trigger would have refused it.
    static func verifyBalanced(since mark: BatchMark, in db: Database) throws {
        let transactions = try RangeScan("SELECT id FROM ledger_transaction WHERE id >= ? ORDER BY id", from: mark.firstTransactionID, in: db)
        let postings = try RangeScan("SELECT transaction_id, amount, currency FROM posting WHERE id >= ? ORDER BY id",
                                     from: mark.firstPostingID, in: db)
        var expected = try transactions.next() ? transactions.int(0) : nil
        var run = PostingRun()
        while try postings.next() {
            let transaction = postings.int(0)
            if run.count > 0, transaction == run.transaction {
                try run.add(postings)
                continue
            }
            if run.count > 0 { try run.check() }
            guard let id = expected, transaction == id else {
                if transaction < mark.firstTransactionID {
                    throw unbalanced("a posting was added to transaction \(transaction), recorded before this file")
                }
                // Runs come in ascending transaction order: this one's run is over.
                if transaction <= run.transaction {
                    throw unbalanced("a posting was added to transaction \(transaction) after its postings were complete")
                }
                if let id = expected, transaction > id { throw unbalanced("transaction \(id) has fewer than two postings") }
                throw unbalanced("a posting refers to transaction \(transaction), which has no row")
            }
            expected = try transactions.next() ? transactions.int(0) : nil
            run.start(transaction)
            try run.add(postings)
        }
        if run.count > 0 { try run.check() }
        if let id = expected { throw unbalanced("transaction \(id) has fewer than two postings") }
    }

    /// The error of a transaction that does not balance: it can only come from a bug, since
    /// ``LedgerTransaction`` refuses one in Swift.
    static func unbalanced(_ cause: String) -> KontorError {
        KontorError(.internal, "refused to commit an unbalanced transaction", cause: cause)
    }
}

/// The postings of one transaction seen so far: their count and sum per currency.
private struct PostingRun {
    private(set) var transaction: Int64 = 0
    private(set) var count = 0
    /// (currency, sum) pairs; one or two in practice.
    private var sums: [(currency: CurrencyKey, sum: Int64)] = []

    mutating func start(_ transaction: Int64) {
        self.transaction = transaction
        count = 0
        sums.removeAll(keepingCapacity: true)
    }

    /// Adds the posting at the scan's current row (columns: transaction, amount, currency).
    mutating func add(_ scan: RangeScan) throws {
        let amount = scan.int(1)
        let currency = scan.currency(2)
        count += 1
        if let index = sums.firstIndex(where: { $0.currency == currency }) {
            let (sum, overflow) = sums[index].sum.addingReportingOverflow(amount)
            guard !overflow else { throw LedgerStore.unbalanced("the postings of transaction \(transaction) overflow a 64-bit sum") }
            sums[index].sum = sum
        } else {
            sums.append((currency, amount))
        }
    }

    func check() throws {
        guard count >= 2 else { throw LedgerStore.unbalanced("transaction \(transaction) has fewer than two postings") }
        for entry in sums where entry.sum != 0 {
            throw LedgerStore.unbalanced("the postings of transaction \(transaction) sum to \(entry.sum) in \(entry.currency)")
        }
    }
}

/// A currency as stored (`TEXT`, three letters by a CHECK), compared by its bytes: up to
/// seven packed in an integer, longer ones kept as a string.
private enum CurrencyKey: Equatable, CustomStringConvertible {
    case packed(UInt64)
    case long(String)

    var description: String {
        switch self {
        case .long(let text): return text
        case .packed(let value):
            let count = Int(value >> 56)
            return String(decoding: (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }, as: UTF8.self)
        }
    }
}

/// A statement scanning a rowid range, stepped through the C API (no boxing per row).
/// GRDB prepares and finalizes it.
private final class RangeScan {
    private let statement: Statement
    private var handle: OpaquePointer { statement.sqliteStatement }

    init(_ sql: String, from first: Int64, in db: Database) throws {
        statement = try db.makeStatement(sql: sql)
        sqlite3_reset(handle)
        guard sqlite3_bind_int64(handle, 1, first) == SQLITE_OK else { throw failure(SQLITE_ERROR) }
    }

    deinit {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Steps to the next row; false at the end.
    func next() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        throw failure(code)
    }

    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func currency(_ column: Int32) -> CurrencyKey {
        // The text first, then its length (the order SQLite's documentation asks for).
        guard let bytes = sqlite3_column_text(handle, column) else { return .packed(0) }
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count <= 7 else {
            return .long(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
        }
        var value = UInt64(count) << 56
        for index in 0..<count { value |= UInt64(bytes[index]) << (8 * UInt64(index)) }
        return .packed(value)
    }

    private func failure(_ code: Int32) -> DatabaseError {
        let message = sqlite3_db_handle(handle).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "error \(code)"
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
}

// Internal hooks for the tests of the check: they write past ``LedgerBatch/post(_:)``, as
// a bug in batch code could, and look at the connection's trigger setting.
extension LedgerBatch {
    /// Runs `sql` as it is on the batch's connection.
    func executeRaw(_ sql: String) throws { try db.execute(sql: sql) }

    /// Whether the schema's triggers are on for the batch's connection right now.
    var triggersOn: Bool { db.sqliteConnection.map { kontor_sqlite_triggers($0, -1) == 1 } ?? false }
}

extension LedgerStore {
    /// Runs `sql` in one write transaction of Kontor's own writer connection, outside any batch.
    func executeRaw(_ sql: String) throws(KontorError) {
        try write("run SQL") { db in try db.execute(sql: sql) }
    }

    /// The first column, as text, of every row `sql` returns.
    func readRaw(_ sql: String) throws(KontorError) -> [String] {
        try read("run SQL") { db in try String.fetchAll(db, sql: sql) }
    }

    /// Whether the schema's triggers are on for Kontor's writer connection.
    func writerTriggersOn() -> Bool {
        writer.writeWithoutTransaction { db in db.sqliteConnection.map { kontor_sqlite_triggers($0, -1) == 1 } ?? false }
    }
}

import GRDB
import KontorCore

/// Rows of an import batch written in groups (docs/decisions/import-speed.md, round 4):
/// a record's transaction row is inserted at once (its insert is also the duplicate check,
/// whose answer the caller gets right away), while its postings and its bank line or
/// expense row wait here and go into the database 32 records to an `INSERT`. SQLite then
/// opens its cursors once per group instead of once per row.
///
/// Nothing may read those tables while rows wait. Every use of ``LedgerBatch/db`` writes
/// them first, so all batch code except the few reads of the import's hot path (which
/// call ``LedgerBatch/writePending()`` themselves where they look at this file's rows)
/// sees every row the batch wrote. Only while the connection's triggers are off: with
/// them on, postings must precede their transaction, and rows are written one by one
/// through the same statements (``writeNow(_:to:in:)``).
///
/// A group that fails to write (a constraint only a bug could break: its foreign keys point
/// at rows written before, its values come from checked types) fails the post whose row
/// filled it, or the end of the batch, not necessarily the record that caused it. Where
/// a batch reads those tables for every record (a business with invoices matches each
/// incoming payment; an expense paid from an account that already has bank lines looks
/// for its line), the groups are written record by record and gain nothing.
final class PendingRows {
    /// Records per group `INSERT`.
    static let group = 32

    /// In the order ``writeAll(in:)`` writes them.
    enum Table: Int, CaseIterable {
        case posting, bankLine, expense, expenseBankPayment

        var sql: (head: String, row: String) {
            switch self {
            case .posting:
                ("INSERT INTO posting (transaction_id, account_id, amount, currency) VALUES ", "(?, ?, ?, ?)")
            case .bankLine:
                ("""
                 INSERT INTO bank_line (transaction_id, business_id, account, statement_account, date, amount, currency, fee, payee,
                                        memo, bank_id, id_scheme, kind, category, vendor_id, evidence, status, file_id, position) VALUES
                 """, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            case .expense:
                ("""
                 INSERT INTO expense (transaction_id, business_id, date, amount, currency, tax_amount, tax_rate, vendor_id,
                                      category, description, payment_account, receipt, status, file_id, line, bank_transaction_id) VALUES
                 """, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'posted', ?, ?, ?)")
            case .expenseBankPayment:
                ("INSERT INTO expense_bank_payment (transaction_id, business_id, account, date, amount, currency) VALUES ",
                 "(?, ?, ?, ?, ?, ?)")
            }
        }

        /// The table whose waiting rows this table's rows refer to (a foreign key): they
        /// are written first.
        var refersTo: Table? { self == .expenseBankPayment ? .expense : nil }

        /// Rows per group: a record has two postings, sometimes three.
        var groupRows: Int { self == .posting ? 2 * PendingRows.group : PendingRows.group }
    }

    /// The waiting rows of each table (indexed by ``Table/rawValue``), their values one
    /// after the other, and how many rows that is: appending a row allocates nothing once
    /// the first group has sized the buffer, and a group binds a slice of it.
    private var values: [[FastStatement.Value]] = Array(repeating: [], count: Table.allCases.count)
    private var counts = Array(repeating: 0, count: Table.allCases.count)
    private var single: [FastStatement?] = Array(repeating: nil, count: Table.allCases.count)
    private var grouped: [FastStatement?] = Array(repeating: nil, count: Table.allCases.count)
    var isEmpty: Bool { !counts.contains { $0 > 0 } }

    /// Queues one row; writes a full group.
    func add(_ row: [FastStatement.Value], to table: Table, in db: Database) throws {
        values[table.rawValue].append(contentsOf: row)
        counts[table.rawValue] += 1
        if counts[table.rawValue] == table.groupRows { try write(table, in: db) }
    }

    /// Writes every waiting row: full groups with one statement, the rest one by one.
    func writeAll(in db: Database) throws {
        for table in Table.allCases where counts[table.rawValue] > 0 { try write(table, in: db) }
    }

    /// Writes one row at once, through the single-row statement of its table.
    func writeNow(_ row: [FastStatement.Value], to table: Table, in db: Database) throws {
        try single(table, in: db).execute(all: row[...])
    }

    private func single(_ table: Table, in db: Database) throws -> FastStatement {
        if let statement = single[table.rawValue] { return statement }
        let statement = try FastStatement(table.sql.head + table.sql.row, in: db)
        single[table.rawValue] = statement
        return statement
    }

    private func write(_ table: Table, in db: Database) throws {
        if let earlier = table.refersTo { try write(earlier, in: db) }
        let count = counts[table.rawValue]
        guard count > 0 else { return }
        // Taken out while the statements run and put back empty (keeping its capacity);
        // a failed write is not retried with the same rows.
        var waiting: [FastStatement.Value] = []
        swap(&waiting, &values[table.rawValue])
        counts[table.rawValue] = 0
        defer {
            waiting.removeAll(keepingCapacity: true)
            swap(&waiting, &values[table.rawValue])
        }
        let width = waiting.count / count
        var start = 0
        if count >= table.groupRows {
            let statement = try grouped[table.rawValue] ?? FastStatement(
                table.sql.head + Array(repeating: table.sql.row, count: table.groupRows).joined(separator: ", "), in: db)
            grouped[table.rawValue] = statement
            let groupWidth = width * table.groupRows
            while waiting.count - start >= groupWidth {
                try statement.execute(all: waiting[start..<(start + groupWidth)])
                start += groupWidth
            }
        }
        guard start < waiting.count else { return }
        let statement = try single(table, in: db)
        while start < waiting.count {
            try statement.execute(all: waiting[start..<(start + width)])
            start += width
        }
    }
}

extension LedgerBatch {
    /// Writes the rows waiting in ``PendingRows`` (a no-op when none wait).
    func writePending() throws {
        if let error = pendingError { throw error }
        guard !pending.isEmpty else { return }
        do {
            try pending.writeAll(in: connection)
        } catch {
            pendingError = error
            throw error
        }
    }

    /// Queues a row while the triggers are off; writes it at once otherwise.
    func insert(_ values: [FastStatement.Value], into table: PendingRows.Table) throws {
        if let pendingError { throw pendingError }
        guard transactionFirst else { return try pending.writeNow(values, to: table, in: connection) }
        do {
            try pending.add(values, to: table, in: connection)
        } catch {
            pendingError = error
            throw error
        }
    }
}

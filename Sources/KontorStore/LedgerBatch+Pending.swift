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
/// them on, postings must precede their transaction and are written one by one.
///
/// A group that fails to write (a constraint only a bug could break: its foreign keys point
/// at rows written before, its values come from checked types) fails the post whose row
/// filled it, or the end of the batch, not necessarily the record that caused it. Where
/// a batch reads those tables for every record (a business with invoices matches each
/// incoming payment; an expense paid from an account that receives statements looks for
/// its bank line), the groups are written record by record and gain nothing.
final class PendingRows {
    /// Records per group `INSERT`.
    static let group = 32

    enum Table: CaseIterable {
        case posting, bankLine, expense

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
            }
        }

        /// Rows per group: a record has two postings, sometimes three.
        var groupRows: Int { self == .posting ? 2 * PendingRows.group : PendingRows.group }
    }

    private(set) var rows: [Table: [[FastStatement.Value]]] = [:]
    private var single: [Table: FastStatement] = [:]
    private var grouped: [Table: FastStatement] = [:]
    var isEmpty: Bool { rows.values.allSatisfy(\.isEmpty) }

    /// Queues one row; writes a full group.
    func add(_ values: [FastStatement.Value], to table: Table, in db: Database) throws {
        rows[table, default: []].append(values)
        if rows[table]?.count == table.groupRows { try write(table, in: db) }
    }

    /// Writes every waiting row: full groups with one statement, the rest one by one.
    func writeAll(in db: Database) throws {
        for table in Table.allCases where rows[table]?.isEmpty == false { try write(table, in: db) }
    }

    private func write(_ table: Table, in db: Database) throws {
        guard let waiting = rows[table], !waiting.isEmpty else { return }
        rows[table]?.removeAll(keepingCapacity: true)
        var start = 0
        if waiting.count >= table.groupRows {
            let statement = try grouped[table] ?? FastStatement(
                table.sql.head + Array(repeating: table.sql.row, count: table.groupRows).joined(separator: ", "), in: db)
            grouped[table] = statement
            while waiting.count - start >= table.groupRows {
                try statement.execute(all: Array(waiting[start..<(start + table.groupRows)].joined()))
                start += table.groupRows
            }
        }
        guard start < waiting.count else { return }
        let statement = try single[table] ?? FastStatement(table.sql.head + table.sql.row, in: db)
        single[table] = statement
        for row in waiting[start...] { try statement.execute(all: row) }
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
    func insert(_ values: [FastStatement.Value], into table: PendingRows.Table, otherwise statement: FastStatement) throws {
        if let pendingError { throw pendingError }
        if transactionFirst {
            do {
                try pending.add(values, to: table, in: connection)
            } catch {
                pendingError = error
                throw error
            }
        } else {
            try statement.execute(all: values)
        }
    }
}

import GRDB
import GRDBSQLite
import KontorCore

extension LedgerStore {
    /// The whole ledger of `business` in date order (ties by transaction id), for reports
    /// and exports. Reports filter by period themselves: a cash-basis report or an AR aging
    /// needs the postings before its period too.
    ///
    /// Reads in one snapshot, so a report never mixes two states of the ledger.
    public func journal(business: BusinessID) throws(KontorError) -> Journal {
        try read("read the journal of \(business)") { db in
            let currencyText = try String.fetchOne(db, sql: "SELECT base_currency FROM business WHERE id = ?",
                                                   arguments: [business.rawValue])
            let baseCurrency = currencyText.flatMap { CurrencyCode($0) } ?? .EUR
            var ordinals: [Int64: Int32] = [:]
            var accounts: [AccountPath] = []
            for row in try Row.fetchAll(db, sql: "SELECT id, name FROM account WHERE business_id = ? ORDER BY name",
                                        arguments: [business.rawValue]) {
                let name: String = row["name"]
                guard let path = AccountPath(name) else {
                    throw KontorError(.internal, "the ledger holds an invalid account name '\(name)'")
                }
                ordinals[row["id"]] = Int32(accounts.count)
                accounts.append(path)
            }
            // Two passes in rowid order (no sort in SQLite): the transactions, then their
            // postings, stepped through the C API without boxing a row each. Entries are then
            // put in date order (ties by id) in memory.
            var entries: [JournalEntry] = []
            let transactions = try db.makeStatement(sql: """
                SELECT t.id, t.date, t.description, t.record_id, COALESCE(ve.name, vb.name) AS vendor, e.tax_rate
                FROM ledger_transaction t
                LEFT JOIN expense e ON e.transaction_id = t.id
                LEFT JOIN vendor ve ON ve.id = e.vendor_id
                LEFT JOIN bank_line b ON b.transaction_id = t.id
                LEFT JOIN vendor vb ON vb.id = b.vendor_id
                WHERE t.business_id = ?
                ORDER BY t.id
                """)
            try transactions.setArguments([business.rawValue])
            try LedgerStore.step(transactions, in: db) { handle in
                let id = sqlite3_column_int64(handle, 0)
                let dateText = LedgerStore.text(handle, 1) ?? ""
                guard let date = LocalDate(iso: dateText) else {
                    throw KontorError(.internal, "the ledger holds transaction \(id) with date '\(dateText)'")
                }
                let rate = sqlite3_column_type(handle, 5) == SQLITE_NULL ? nil : TaxRate(millipercent: Int(sqlite3_column_int64(handle, 5)))
                entries.append(JournalEntry(id: id, date: date, description: LedgerStore.text(handle, 2) ?? "",
                                            recordID: LedgerStore.text(handle, 3) ?? "", vendor: LedgerStore.text(handle, 4),
                                            taxRate: rate, postings: []))
            }
            let postings = try db.makeStatement(sql: """
                SELECT p.transaction_id, p.account_id, p.amount, p.currency
                FROM ledger_transaction t JOIN posting p ON p.transaction_id = t.id
                WHERE t.business_id = ?
                ORDER BY t.id, p.id
                """)
            try postings.setArguments([business.rawValue])
            var currencies: [String: CurrencyCode] = [:]
            var lastCode = ""
            var lastCurrency: CurrencyCode?
            var index = 0
            try LedgerStore.step(postings, in: db) { handle in
                let id = sqlite3_column_int64(handle, 0)
                while index < entries.count, entries[index].id < id { index += 1 }
                guard index < entries.count, entries[index].id == id else {
                    throw KontorError(.internal, "posting of transaction \(id) has no transaction")
                }
                guard let ordinal = ordinals[sqlite3_column_int64(handle, 1)] else {
                    throw KontorError(.internal, "posting of transaction \(id) refers to an account of another business")
                }
                let currencyText = LedgerStore.text(handle, 3) ?? ""
                let currency: CurrencyCode
                if currencyText == lastCode, let known = lastCurrency {
                    currency = known
                } else if let known = currencies[currencyText] {
                    currency = known
                } else {
                    guard let parsed = CurrencyCode(currencyText) else {
                        throw KontorError(.internal, "the ledger holds an unknown currency '\(currencyText)'")
                    }
                    currencies[currencyText] = parsed
                    currency = parsed
                }
                lastCode = currencyText
                lastCurrency = currency
                entries[index].postings.append(JournalPosting(account: ordinal, amount: sqlite3_column_int64(handle, 2), currency: currency))
            }
            // Imports usually come in date order already; sort only when they did not.
            if zip(entries, entries.dropFirst()).contains(where: { ($0.date, $0.id) > ($1.date, $1.id) }) {
                entries.sort { ($0.date, $0.id) < ($1.date, $1.id) }
            }
            return Journal(business: business, baseCurrency: baseCurrency, accounts: accounts, entries: entries)
        }
    }

    /// The files whose rows are in the ledger of `business` (status `imported`), oldest
    /// first: name, channel and SHA-256, for a report package's list of sources.
    public func importedFiles(business: BusinessID) throws(KontorError) -> [StoredFile] {
        try read("list imported files") { db in
            try StoredFile.fetchAll(db, sql: "SELECT * FROM input_file WHERE business_id = ? AND status = 'imported' ORDER BY id",
                                    arguments: [business.rawValue])
        }
    }

    /// Steps `statement` to its end, calling `row` with the raw handle for each row.
    static func step(_ statement: Statement, in db: Database, _ row: (OpaquePointer) throws -> Void) throws {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            try row(handle)
        }
    }

    /// A text column, nil when NULL.
    static func text(_ handle: OpaquePointer, _ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: pointer)
    }
}

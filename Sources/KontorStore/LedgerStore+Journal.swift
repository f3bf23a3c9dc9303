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
            // Vendor names once (a small table), then what expense rows and bank lines add
            // per transaction, each table scanned in transaction order and merged below.
            var vendorNames: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, name FROM vendor WHERE business_id = ?", arguments: [business.rawValue]) {
                vendorNames[row[0]] = row[1]
            }
            var extras: [(id: Int64, vendor: Int64?, rate: Int64?)] = []
            for table in ["expense", "bank_line"] {
                let statement = try db.makeStatement(sql: """
                    SELECT transaction_id, vendor_id, \(table == "expense" ? "tax_rate" : "NULL") FROM \(table)
                    WHERE business_id = ? ORDER BY transaction_id
                    """)
                try statement.setArguments([business.rawValue])
                var rows: [(id: Int64, vendor: Int64?, rate: Int64?)] = []
                try LedgerStore.step(statement, in: db) { handle in
                    rows.append((sqlite3_column_int64(handle, 0),
                                 sqlite3_column_type(handle, 1) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, 1),
                                 sqlite3_column_type(handle, 2) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, 2)))
                }
                extras = extras.isEmpty ? rows : LedgerStore.merged(extras, rows)
            }
            // The entry that took back the booking of a bank line an expense then paid
            // (docs/decisions/expense-bank-lines.md) has the line's vendor, so the line and its
            // reversal cancel out under one vendor instead of leaving +A there and −A under
            // none. Found by its record id (a range of the business's record-id index).
            let prefix = ExpenseBankLinePairing.reversalRecordPrefix
            let reversals = try Row.fetchAll(db, sql: """
                SELECT r.id, b.vendor_id FROM ledger_transaction r
                JOIN bank_line b ON b.transaction_id = CAST(substr(r.record_id, ?) AS INTEGER) AND b.business_id = r.business_id
                WHERE r.business_id = ? AND r.record_id > ? AND r.record_id < ? ORDER BY r.id
                """, arguments: [prefix.utf8.count + 1, business.rawValue, prefix, prefix + "\u{10FFFF}"])
                .map { (id: $0[0] as Int64, vendor: $0[1] as Int64?, rate: Int64?.none) }
            if !reversals.isEmpty { extras = LedgerStore.merged(extras, reversals) }
            let invoices = try LedgerStore.invoiceFacts(business: business, in: db)
            var extra = 0
            // `NOT INDEXED` and `CROSS JOIN` below fix the plans to scans in rowid order, so
            // SQLite returns rows in the order asked for without sorting them in a temp
            // B-tree (the business index would give them in record-id order, and every
            // transaction and posting would be sorted before the first row comes back).
            let transactions = try db.makeStatement(sql: """
                SELECT id, date, description, record_id FROM ledger_transaction NOT INDEXED WHERE business_id = ? ORDER BY id
                """)
            try transactions.setArguments([business.rawValue])
            try LedgerStore.step(transactions, in: db) { handle in
                let id = sqlite3_column_int64(handle, 0)
                guard let date = LedgerStore.date(handle, 1) else {
                    throw KontorError(.internal, "the ledger holds transaction \(id) with date '\(LedgerStore.text(handle, 1) ?? "")'")
                }
                while extra < extras.count, extras[extra].id < id { extra += 1 }
                var vendor: String?
                var rate: TaxRate?
                if extra < extras.count, extras[extra].id == id {
                    vendor = extras[extra].vendor.flatMap { vendorNames[$0] }
                    rate = extras[extra].rate.map { TaxRate(millipercent: Int($0)) }
                }
                let invoice = invoices[id]
                entries.append(JournalEntry(id: id, date: date, description: LedgerStore.text(handle, 2) ?? "",
                                            recordID: LedgerStore.text(handle, 3) ?? "", vendor: vendor, taxRate: rate,
                                            party: invoice?.party, taxBreakdown: invoice?.breakdown ?? [], settles: invoice?.settles,
                                            postings: []))
            }
            let postings = try db.makeStatement(sql: """
                SELECT p.transaction_id, p.account_id, p.amount, p.currency
                FROM ledger_transaction t NOT INDEXED CROSS JOIN posting p ON p.transaction_id = t.id
                WHERE t.business_id = ?
                ORDER BY t.id, p.id
                """)
            try postings.setArguments([business.rawValue])
            var currencies: [String: CurrencyCode] = [:]
            var lastCode: UInt32 = 0
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
                // The currency's three bytes, compared before any String is made.
                let bytes = sqlite3_column_text(handle, 3)
                let code = bytes.map { UInt32($0[0]) << 16 | UInt32($0[1]) << 8 | UInt32($0[2]) } ?? 0
                let currency: CurrencyCode
                if code == lastCode, let known = lastCurrency {
                    currency = known
                } else {
                    let currencyText = LedgerStore.text(handle, 3) ?? ""
                    if let known = currencies[currencyText] {
                        currency = known
                    } else {
                        guard let parsed = CurrencyCode(currencyText) else {
                            throw KontorError(.internal, "the ledger holds an unknown currency '\(currencyText)'")
                        }
                        currencies[currencyText] = parsed
                        currency = parsed
                    }
                }
                lastCode = code
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

    /// What the invoice tables add to the transactions of issued invoices and credit notes
    /// (the ones they posted, `invoice:<number>` / `credit-note:<number>`): the client's
    /// name (as the client table has it now, else its id), the VAT breakdown stored with
    /// the document, signed like the postings (a credit note's negative), and for a credit
    /// note the transaction of the invoice it credits.
    static func invoiceFacts(business: BusinessID, in db: Database) throws
        -> [Int64: (party: String, breakdown: [JournalTaxSubtotal], settles: Int64?)] {
        var facts: [Int64: (party: String, breakdown: [JournalTaxSubtotal], settles: Int64?)] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT i.transaction_id, coalesce(c.name, i.client_id), credited.transaction_id FROM invoice i
            LEFT JOIN client c ON c.business_id = i.business_id AND c.id = i.client_id
            LEFT JOIN invoice credited ON credited.id = i.credits_invoice_id
            WHERE i.business_id = ? AND i.transaction_id IS NOT NULL AND i.number IS NOT NULL
            """, arguments: [business.rawValue]) {
            facts[row[0]] = (row[1], [], row[2])
        }
        guard !facts.isEmpty else { return facts }
        for row in try Row.fetchAll(db, sql: """
            SELECT i.transaction_id, i.kind, json_extract(b.value, '$.category'), json_extract(b.value, '$.rate.significand'),
                   json_extract(b.value, '$.rate.scale'), json_extract(b.value, '$.taxableAmount'), json_extract(b.value, '$.taxAmount')
            FROM invoice i, json_each(i.document, '$.breakdown') b
            WHERE i.business_id = ? AND i.transaction_id IS NOT NULL AND i.number IS NOT NULL
            ORDER BY i.transaction_id, b.key
            """, arguments: [business.rawValue]) {
            let id: Int64 = row[0]
            let kind: String = row[1]
            guard let category: String = row[2], let taxable: Int64 = row[5], let tax: Int64 = row[6] else {
                throw KontorError(.internal, "the ledger holds invoice transaction \(id) with an unreadable tax breakdown")
            }
            var rate: TaxRate?
            if let significand: Int64 = row[3], let scale: Int = row[4], (0...3).contains(scale) {
                var millipercent = significand
                for _ in scale..<3 { millipercent *= 10 }
                rate = TaxRate(millipercent: Int(millipercent))
            }
            let sign: Int64 = kind == "credit-note" ? -1 : 1
            facts[id]?.breakdown.append(JournalTaxSubtotal(category: category, rate: rate, taxable: sign * taxable, tax: sign * tax))
        }
        return facts
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

    /// A `YYYY-MM-DD` column read from its bytes.
    static func date(_ handle: OpaquePointer, _ column: Int32) -> LocalDate? {
        guard let bytes = sqlite3_column_text(handle, column), sqlite3_column_bytes(handle, column) == 10 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes[4] == 45, bytes[7] == 45, let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else {
            return nil
        }
        return LocalDate(year: year, month: month, day: day)
    }

    /// Two lists sorted by id merged into one (an id in both keeps the first's values).
    static func merged(_ a: [(id: Int64, vendor: Int64?, rate: Int64?)], _ b: [(id: Int64, vendor: Int64?, rate: Int64?)])
        -> [(id: Int64, vendor: Int64?, rate: Int64?)] {
        var result: [(id: Int64, vendor: Int64?, rate: Int64?)] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i].id <= b[j].id) {
                if j < b.count, a[i].id == b[j].id { j += 1 }
                result.append(a[i])
                i += 1
            } else {
                result.append(b[j])
                j += 1
            }
        }
        return result
    }
}

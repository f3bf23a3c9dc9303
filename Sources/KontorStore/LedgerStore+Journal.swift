import GRDB
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
            var entries: [JournalEntry] = []
            var currencies: [String: CurrencyCode] = [:]
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT t.id, t.date, t.description, t.record_id, COALESCE(ve.name, vb.name) AS vendor, e.tax_rate,
                       p.account_id, p.amount, p.currency
                FROM ledger_transaction t
                JOIN posting p ON p.transaction_id = t.id
                LEFT JOIN expense e ON e.transaction_id = t.id
                LEFT JOIN vendor ve ON ve.id = e.vendor_id
                LEFT JOIN bank_line b ON b.transaction_id = t.id
                LEFT JOIN vendor vb ON vb.id = b.vendor_id
                WHERE t.business_id = ?
                ORDER BY t.date, t.id, p.id
                """, arguments: [business.rawValue])
            while let row = try cursor.next() {
                let id: Int64 = row[0]
                let accountID: Int64 = row[6]
                let code: String = row[8]
                guard let ordinal = ordinals[accountID] else {
                    throw KontorError(.internal, "posting of transaction \(id) refers to an account of another business")
                }
                let currency: CurrencyCode
                if let known = currencies[code] {
                    currency = known
                } else {
                    guard let parsed = CurrencyCode(code) else {
                        throw KontorError(.internal, "the ledger holds an unknown currency '\(code)'")
                    }
                    currencies[code] = parsed
                    currency = parsed
                }
                let posting = JournalPosting(account: ordinal, amount: row[7], currency: currency)
                if let last = entries.last, last.id == id {
                    entries[entries.count - 1].postings.append(posting)
                    continue
                }
                let dateText: String = row[1]
                guard let date = LocalDate(iso: dateText) else {
                    throw KontorError(.internal, "the ledger holds transaction \(id) with date '\(dateText)'")
                }
                entries.append(JournalEntry(id: id, date: date, description: row[2], recordID: row[3], vendor: row[4],
                                            taxRate: (row[5] as Int?).map { TaxRate(millipercent: $0) },
                                            postings: [posting]))
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
}

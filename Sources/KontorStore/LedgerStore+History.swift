import GRDB
import KontorCore

extension LedgerStore {
    /// The most recent categorized items the classifier learns from: bank and gateway
    /// lines a rule, a vendor default or a correction categorized, or that paid an expense
    /// (then they carry the expense's category; never lines the model itself categorized,
    /// so it does not learn from its own guesses), and expense-log rows. Corrected items
    /// weigh ``ClassifierExample/correctionWeight``.
    public func classifierHistory(business: BusinessID, limit: Int = LedgerStore.historyLimit) throws(KontorError) -> [ClassifierExample] {
        try read("read the categorized history") { db in
            try LedgerStore.history(business: business, limit: limit, excludingFile: nil, in: db)
        }
    }

    /// How many of the most recent categorized items the classifier learns from.
    public static let historyLimit = 100_000

    static func history(business: BusinessID, limit: Int, excludingFile file: Int64?, in db: Database) throws -> [ClassifierExample] {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT payee, memo, amount, currency, date, account, category, weight FROM (
                SELECT b.transaction_id AS id, b.payee, b.memo, b.amount, b.currency, b.date, b.account, b.category,
                       CASE json_extract(b.evidence, '$.source') WHEN 'correction' THEN \(ClassifierExample.correctionWeight) ELSE 1 END AS weight
                FROM bank_line b
                WHERE b.business_id = ? AND b.category IS NOT NULL AND b.file_id IS NOT ?
                  AND json_extract(b.evidence, '$.source') IN ('rule', 'vendor-default', 'correction', 'expense')
                UNION ALL
                SELECT e.transaction_id, v.name, e.description, -e.amount, e.currency, e.date, e.payment_account, e.category,
                       CASE WHEN e.evidence IS NULL THEN 1 ELSE \(ClassifierExample.correctionWeight) END
                FROM expense e JOIN vendor v ON v.id = e.vendor_id
                WHERE e.business_id = ? AND e.file_id IS NOT ?
            ) ORDER BY id DESC LIMIT ?
            """, arguments: [business.rawValue, file, business.rawValue, file, limit])
        var result: [ClassifierExample] = []
        while let row = try rows.next() {
            guard let currency = CurrencyCode(row["currency"] as String), let date = LocalDate(iso: row["date"] as String) else { continue }
            result.append(ClassifierExample(
                payee: row["payee"], memo: row["memo"], amount: Money(minorUnits: row["amount"], currency: currency), date: date,
                account: row["account"], category: CategoryKey(row["category"] as String), weight: row["weight"]))
        }
        return result
    }
}

extension LedgerBatch {
    /// ``LedgerStore/classifierHistory(business:limit:)`` inside this file's transaction,
    /// without the lines this file posted so far: a file is categorized by what the
    /// ledger knew before it, whatever the order of its lines.
    public func classifierHistory(limit: Int = LedgerStore.historyLimit) throws(KontorError) -> [ClassifierExample] {
        do {
            return try LedgerStore.history(business: business, limit: limit, excludingFile: fileID, in: db)
        } catch {
            throw LedgerStore.map(error, doing: "read the categorized history")
        }
    }
}

import GRDB
import KontorCore

extension LedgerBatch {
    /// Posts a bank or gateway line unless the ledger already has it — from an earlier
    /// file of the same or of another format.
    ///
    /// The same money often arrives twice: a month downloaded as OFX, then again as
    /// camt.053 or CSV. A line is already posted when
    /// 1. another file posted a line with the same bank id of the same id family
    ///    (FITID, AcctSvcrRef, `txn_…`) on the same account; or
    /// 2. other files posted at least k lines with its account, date and amount whose ids
    ///    cannot tell them apart (one side has no id, or the ids are of different
    ///    families), where k counts this line's (account, date, amount) within this file.
    /// Two real lines that share an id or amount inside one file are both kept.
    @discardableResult
    public func post(_ entry: BankEntry) throws(KontorError) -> Outcome {
        do {
            return try insert(entry)
        } catch {
            throw LedgerStore.map(error, doing: "post bank line \(entry.transaction.recordID)")
        }
    }

    private func insert(_ entry: BankEntry) throws -> Outcome {
        let line = entry.line
        let account = entry.account.rawValue
        if let bankID = line.bankID, let existing = try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT transaction_id FROM bank_line
            WHERE business_id = ? AND account = ? AND id_scheme = ? AND bank_id = ? AND file_id <> ? LIMIT 1
            """), arguments: [business.rawValue, account, entry.idScheme, bankID, fileID]) {
            skippedCount += 1
            return .alreadyPosted(transactionID: existing)
        }
        let key = "\(account)|\(line.date)|\(line.amount.minorUnits)|\(line.amount.currency.code)"
        let occurrence = (try Int.fetchOne(db.cachedStatement(sql: "SELECT seen FROM temp.batch_occurrence WHERE base = ?"),
                                           arguments: [key]) ?? 0) + 1
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO temp.batch_occurrence (base, seen) VALUES (?, ?)")
            .execute(arguments: [key, occurrence])
        let twins = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT transaction_id FROM bank_line
            WHERE business_id = ? AND account = ? AND date = ? AND amount = ? AND currency = ? AND file_id <> ?
              AND (bank_id IS NULL OR ? IS NULL OR id_scheme <> ?)
            ORDER BY transaction_id LIMIT ?
            """), arguments: [business.rawValue, account, line.date.description, line.amount.minorUnits,
                              line.amount.currency.code, fileID, line.bankID, entry.idScheme, occurrence])
        if twins.count >= occurrence, let twin = twins.last {
            skippedCount += 1
            return .alreadyPosted(transactionID: twin["transaction_id"])
        }
        var transaction = entry.transaction
        if line.bankID == nil {
            transaction = transaction.withRecordID(transaction.recordID + (occurrence > 1 ? "#\(occurrence)" : ""))
        }
        let outcome = try post(transaction)
        guard case .posted(let id) = outcome else { return outcome }
        let vendor: Int64? = try entry.vendorKey.map { key in try vendorID(key: key, name: entry.vendorName ?? key) }
        try db.cachedStatement(sql: """
            INSERT INTO bank_line (transaction_id, business_id, account, statement_account, date, amount, currency, fee, payee,
                                   memo, bank_id, id_scheme, kind, category, vendor_id, evidence, status, file_id, position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                id, business.rawValue, account, entry.statementAccount, line.date.description, line.amount.minorUnits,
                line.amount.currency.code, line.fee?.minorUnits, line.payee, line.memo, line.bankID, entry.idScheme,
                line.gatewayKind ?? line.kind, entry.category?.rawValue, vendor, entry.evidence.serialized(pretty: false),
                entry.status.rawValue, fileID, line.position.label,
            ])
        return outcome
    }
}

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
        let statements = try bankStatements()
        let line = entry.line
        let account = entry.account.rawValue
        let date = line.date.description
        let business = FastStatement.Value.text(business.rawValue)
        if let bankID = line.bankID, let existing = try statements.findBankID.firstRow(
            business, .text(account), .text(entry.idScheme), .text(bankID), .int(fileID), columns: 1)?.first, let existing {
            skippedCount += 1
            return .alreadyPosted(transactionID: existing)
        }
        let key = "\(account)|\(date)|\(line.amount.minorUnits)|\(line.amount.currency.code)"
        guard let seen = try statements.countOccurrence.firstRow(.text(key), columns: 1)?.first, let occurrence = seen else {
            throw KontorError(.internal, "the occurrence count of \(key) was not returned")
        }
        let bankID: FastStatement.Value = line.bankID.map { .text($0) } ?? .null
        if let twins = try statements.findTwins.firstRow(
            business, .text(account), .text(date), .int(line.amount.minorUnits), .text(line.amount.currency.code), .int(fileID),
            bankID, .text(entry.idScheme), .int(occurrence), columns: 2),
           let count = twins[0], count >= occurrence, let twin = twins[1] {
            skippedCount += 1
            return .alreadyPosted(transactionID: twin)
        }
        var transaction = entry.transaction
        if line.bankID == nil, occurrence > 1 {
            transaction = transaction.withRecordID(transaction.recordID + "#\(occurrence)")
        }
        let outcome = try post(transaction)
        guard case .posted(let id) = outcome else { return outcome }
        let vendor: Int64? = try entry.vendorKey.map { key in try vendorID(key: key, name: entry.vendorName ?? key) }
        try statements.insertLine.execute(
            .int(id), business, .text(account), .optional(entry.statementAccount), .text(date), .int(line.amount.minorUnits),
            .text(line.amount.currency.code), line.fee.map { .int($0.minorUnits) } ?? .null, .optional(line.payee),
            .optional(line.memo), bankID, .text(entry.idScheme), .optional(line.gatewayKind ?? line.kind),
            .optional(entry.category?.rawValue), vendor.map { .int($0) } ?? .null,
            .text(entry.evidence.serialized(pretty: false)), .text(entry.status.rawValue), .int(fileID),
            .text(line.position.label))
        return outcome
    }
}

/// The statements a bank import runs once per line, prepared on its first line.
struct BankLineStatements {
    /// The line another file posted with the same bank id of the same family.
    let findBankID: FastStatement
    /// Counts this file's lines with one (account, date, amount, currency); returns the count.
    let countOccurrence: FastStatement
    /// How many of the first k lines of other files with this account, date and amount
    /// cannot be told apart from this one, and the last of them.
    let findTwins: FastStatement
    let insertLine: FastStatement

    init(in db: Database) throws {
        findBankID = try FastStatement("""
            SELECT transaction_id FROM bank_line
            WHERE business_id = ? AND account = ? AND id_scheme = ? AND bank_id = ? AND file_id <> ? LIMIT 1
            """, in: db)
        countOccurrence = try FastStatement("""
            INSERT INTO temp.batch_occurrence (base, seen) VALUES (?, 1)
            ON CONFLICT (base) DO UPDATE SET seen = seen + 1 RETURNING seen
            """, in: db)
        findTwins = try FastStatement("""
            SELECT count(*), max(transaction_id) FROM (
                SELECT transaction_id FROM bank_line
                WHERE business_id = ? AND account = ? AND date = ? AND amount = ? AND currency = ? AND file_id <> ?
                  AND (bank_id IS NULL OR ? IS NULL OR id_scheme <> ?)
                ORDER BY transaction_id LIMIT ?)
            """, in: db)
        insertLine = try FastStatement("""
            INSERT INTO bank_line (transaction_id, business_id, account, statement_account, date, amount, currency, fee, payee,
                                   memo, bank_id, id_scheme, kind, category, vendor_id, evidence, status, file_id, position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, in: db)
    }
}

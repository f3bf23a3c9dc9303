import GRDB
import KontorCore

/// An item a correction may re-categorize, as the ledger holds it now.
public struct CorrectionTarget: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A bank or gateway line (`bank_line`).
        case bank
        /// An expense-log row (`expense`).
        case expense
    }

    public var id: Int64
    public var kind: Kind
    public var date: LocalDate
    public var category: CategoryKey?
    public var vendorName: String?
    /// The account the item was paid from: a bank line's ledger account, or an
    /// expense's payment method (`card`).
    public var paidFrom: String
    /// The original transaction's postings.
    public var postings: [Posting]
    /// The account the latest correction moved the item to, if any.
    public var correctedAccount: AccountPath?
    public var evidence: String?
}

/// One re-categorization, ready to record.
public struct CorrectionChange: Sendable {
    public var target: CorrectionTarget
    public var line: Int
    public var category: CategoryKey
    public var oldAccount: AccountPath
    public var newAccount: AccountPath
    /// The new vendor's key and display name, if the correction names one.
    public var vendor: (key: String, name: String)?
    /// The transaction that moves the amount from the old to the new account (nil when
    /// the account does not change).
    public var reclassification: LedgerTransaction?
    /// The evidence the item carries from now on.
    public var evidence: JSONValue
    public var submittedBy: String?
    public var at: String

    public init(target: CorrectionTarget, line: Int, category: CategoryKey, oldAccount: AccountPath, newAccount: AccountPath,
                vendor: (key: String, name: String)?, reclassification: LedgerTransaction?, evidence: JSONValue,
                submittedBy: String?, at: String) {
        self.target = target
        self.line = line
        self.category = category
        self.oldAccount = oldAccount
        self.newAccount = newAccount
        self.vendor = vendor
        self.reclassification = reclassification
        self.evidence = evidence
        self.submittedBy = submittedBy
        self.at = at
    }
}

extension LedgerBatch {
    /// The bank line or expense-log row posted as transaction `id` of this business, or
    /// nil when there is none (an unknown id, or a transaction that is neither, such as a
    /// reclassification). A bank line that paid an expense is corrected through the
    /// expense, which books its amount (docs/decisions/expense-bank-lines.md).
    public func correctionTarget(id: Int64) throws(KontorError) -> CorrectionTarget? {
        do {
            if let expense = try Int64.fetchOne(db, sql: "SELECT transaction_id FROM expense WHERE bank_transaction_id = ? AND business_id = ?",
                                                arguments: [id, business.rawValue]) {
                return try LedgerStore.correctionTarget(business: business, id: expense, in: db)
            }
            return try LedgerStore.correctionTarget(business: business, id: id, in: db)
        } catch {
            throw LedgerStore.map(error, doing: "look up item \(id)")
        }
    }

    /// Records a re-categorization: posts its reclassification transaction, writes the
    /// audit row and gives the item its new category, vendor and evidence.
    /// - Returns: the reclassification's transaction id, if one was posted.
    @discardableResult
    public func record(_ change: CorrectionChange) throws(KontorError) -> Int64? {
        do {
            var reclassID: Int64?
            if let transaction = change.reclassification, case .posted(let id) = try post(transaction) { reclassID = id }
            var vendorID: Int64?
            if let vendor = change.vendor { vendorID = try self.vendorID(key: vendor.key, name: vendor.name) }
            let target = change.target
            let newVendor = change.vendor?.name ?? target.vendorName
            try db.execute(sql: """
                INSERT INTO correction (business_id, file_id, line, item_id, item_kind, old_category, new_category, old_vendor,
                                        new_vendor, old_account, new_account, old_evidence, reclass_transaction_id, submitted_by, corrected_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [business.rawValue, fileID, change.line, target.id, target.kind.rawValue, target.category?.rawValue,
                                 change.category.rawValue, target.vendorName, newVendor, change.oldAccount.rawValue,
                                 change.newAccount.rawValue, target.evidence, reclassID, change.submittedBy, change.at])
            let evidence = change.evidence.serialized(pretty: false)
            switch target.kind {
            case .bank:
                try db.execute(sql: """
                    UPDATE bank_line SET category = ?, vendor_id = coalesce(?, vendor_id), evidence = ?, status = 'categorized'
                    WHERE transaction_id = ?
                    """, arguments: [change.category.rawValue, vendorID, evidence, target.id])
            case .expense:
                try db.execute(sql: "UPDATE expense SET category = ?, vendor_id = coalesce(?, vendor_id), evidence = ? WHERE transaction_id = ?",
                               arguments: [change.category.rawValue, vendorID, evidence, target.id])
                // The bank line that paid it (docs/decisions/expense-bank-lines.md) shows the same category and vendor.
                try db.execute(sql: """
                    UPDATE bank_line SET category = ?, vendor_id = coalesce(?, vendor_id)
                    WHERE transaction_id = ?3 OR transaction_id = (SELECT bank_transaction_id FROM expense WHERE transaction_id = ?3)
                    """, arguments: [change.category.rawValue, vendorID, target.id])
            }
            return reclassID
        } catch {
            throw LedgerStore.map(error, doing: "record the correction of item \(change.target.id)")
        }
    }
}

extension LedgerStore {
    static func correctionTarget(business: BusinessID, id: Int64, in db: Database) throws -> CorrectionTarget? {
        var target: CorrectionTarget
        // An expense first: a bank line that paid an expense imported before it shares the
        // expense's transaction, which the expense row books.
        if let row = try Row.fetchOne(db, sql: """
            SELECT e.date, e.category, v.name AS vendor, e.payment_account, e.evidence
            FROM expense e JOIN vendor v ON v.id = e.vendor_id
            WHERE e.business_id = ? AND e.transaction_id = ?
            """, arguments: [business.rawValue, id]) {
            target = CorrectionTarget(id: id, kind: .expense, date: LocalDate(iso: row["date"] as String) ?? LocalDate(daysSinceEpoch: 0),
                                      category: (row["category"] as String?).map(CategoryKey.init), vendorName: row["vendor"],
                                      paidFrom: row["payment_account"], postings: [], correctedAccount: nil, evidence: row["evidence"])
        } else if let row = try Row.fetchOne(db, sql: """
            SELECT b.date, b.category, v.name AS vendor, b.account, b.evidence FROM bank_line b LEFT JOIN vendor v ON v.id = b.vendor_id
            WHERE b.business_id = ? AND b.transaction_id = ?
            """, arguments: [business.rawValue, id]) {
            target = CorrectionTarget(id: id, kind: .bank, date: LocalDate(iso: row["date"] as String) ?? LocalDate(daysSinceEpoch: 0),
                                      category: (row["category"] as String?).map(CategoryKey.init), vendorName: row["vendor"],
                                      paidFrom: row["account"], postings: [], correctedAccount: nil, evidence: row["evidence"])
        } else {
            return nil
        }
        target.postings = try postings(of: id, in: db)
        if let account = try String.fetchOne(db, sql: """
            SELECT new_account FROM correction WHERE business_id = ? AND item_id = ? ORDER BY id DESC LIMIT 1
            """, arguments: [business.rawValue, id]) {
            target.correctedAccount = AccountPath(account)
        }
        return target
    }

    /// The postings of a transaction, in the order they were written.
    static func postings(of transaction: Int64, in db: Database) throws -> [Posting] {
        try Row.fetchAll(db, sql: """
            SELECT a.name, p.amount, p.currency FROM posting p JOIN account a ON a.id = p.account_id
            WHERE p.transaction_id = ? ORDER BY p.id
            """, arguments: [transaction]).compactMap { row in
            guard let account = AccountPath(row["name"] as String), let currency = CurrencyCode(row["currency"] as String) else { return nil }
            return Posting(account, Money(minorUnits: row["amount"], currency: currency))
        }
    }
}

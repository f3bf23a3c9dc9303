import GRDB
import KontorCore

/// One categorized item (an expense-log row or a bank or gateway line) with everything
/// `kontor expenses show` explains: its postings, category, vendor, the evidence for its
/// category and the corrections it went through.
public struct ItemDetail: Sendable, Equatable {
    public var id: Int64
    public var kind: CorrectionTarget.Kind
    public var date: LocalDate
    /// As the item states it: an expense's amount (spent, positive), a bank line's signed
    /// amount (money out negative).
    public var amount: Money
    public var payee: String?
    public var memo: String?
    public var description: String
    public var vendor: String?
    public var category: CategoryKey?
    /// `posted` (expense-log rows), or a bank line's `categorized`, `review` or `transfer`.
    public var status: String
    public var evidence: JSONValue
    /// The ledger account (bank lines) or payment method (expenses) it was paid from.
    public var paidFrom: String
    public var file: String
    public var position: String?
    public var recordID: String
    public var postings: [Posting]
    public var corrections: [CorrectionAudit]
    /// For an expense whose payment came in as a bank line: that line's id and where it
    /// was read (docs/decisions/expense-bank-lines.md). The id is the expense's own when
    /// the line came after the expense.
    public var paidByBankLine: PairedBankLine?
}

/// The bank line an expense's payment came in as: its id and where it was read.
public struct PairedBankLine: Sendable, Equatable {
    public var id: Int64
    public var source: String

    public init(id: Int64, source: String) {
        self.id = id
        self.source = source
    }
}

/// One row of the correction audit.
public struct CorrectionAudit: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var oldCategory: String?
    public var newCategory: String
    public var oldVendor: String?
    public var newVendor: String?
    public var oldAccount: String
    public var newAccount: String
    public var reclassification: Int64?
    public var reclassificationPostings: [Posting]
    public var submittedBy: String?
    public var at: String
}

/// A bank or gateway line as `kontor expenses list --bank` prints it.
public struct BankLineRow: Sendable, Equatable {
    public var id: Int64
    public var date: LocalDate
    public var amount: Money
    public var payee: String?
    public var vendor: String?
    public var category: CategoryKey?
    public var status: String
    public var evidence: JSONValue
    public var account: String
    public var file: String
}

extension LedgerStore {
    /// The item posted as transaction `id` of the business, or nil.
    public func item(business: BusinessID, id: Int64) throws(KontorError) -> ItemDetail? {
        try read("show item \(id)") { db in
            guard let target = try LedgerStore.correctionTarget(business: business, id: id, in: db) else { return nil }
            let row: Row?
            switch target.kind {
            case .bank:
                row = try Row.fetchOne(db, sql: """
                    SELECT b.amount, b.currency, b.payee, b.memo, b.status, b.position, t.description, t.record_id, f.name AS file
                    FROM bank_line b JOIN ledger_transaction t ON t.id = b.transaction_id JOIN input_file f ON f.id = b.file_id
                    WHERE b.transaction_id = ?
                    """, arguments: [id])
            case .expense:
                row = try Row.fetchOne(db, sql: """
                    SELECT e.amount, e.currency, NULL AS payee, NULL AS memo, e.status, e.line, e.description, t.record_id, f.name AS file
                    FROM expense e JOIN ledger_transaction t ON t.id = e.transaction_id JOIN input_file f ON f.id = e.file_id
                    WHERE e.transaction_id = ?
                    """, arguments: [id])
            }
            guard let row, let currency = CurrencyCode(row["currency"] as String) else { return nil }
            let file: String = row["file"]
            var position: String? = row["position"]
            var evidence: JSONValue = target.evidence.flatMap { try? JSONParser.parse(Array($0.utf8)).value } ?? .null
            if target.kind == .expense {
                let line: Int? = row["line"]
                position = line.map { "\(file):\($0)" } ?? file
                if target.evidence == nil {
                    evidence = ["source": "expense-log", "file": .string(file), "line": line.map { .int(Int64($0)) } ?? .null]
                }
            }
            let corrections = try Row.fetchAll(db, sql: """
                SELECT c.*, f.name AS file FROM correction c JOIN input_file f ON f.id = c.file_id
                WHERE c.business_id = ? AND c.item_id = ? ORDER BY c.id
                """, arguments: [business.rawValue, id]).map { audit in
                let reclass: Int64? = audit["reclass_transaction_id"]
                return CorrectionAudit(
                    file: audit["file"], line: audit["line"], oldCategory: audit["old_category"], newCategory: audit["new_category"],
                    oldVendor: audit["old_vendor"], newVendor: audit["new_vendor"], oldAccount: audit["old_account"],
                    newAccount: audit["new_account"], reclassification: reclass,
                    reclassificationPostings: try reclass.map { try LedgerStore.postings(of: $0, in: db) } ?? [],
                    submittedBy: audit["submitted_by"], at: audit["corrected_at"])
            }
            var paidBy: PairedBankLine?
            if target.kind == .expense, let line = try Row.fetchOne(db, sql: """
                SELECT b.transaction_id, ifnull(b.position, f.name) FROM bank_line b JOIN input_file f ON f.id = b.file_id
                WHERE b.transaction_id = ?1 OR b.transaction_id = (SELECT bank_transaction_id FROM expense WHERE transaction_id = ?1)
                """, arguments: [id]) {
                paidBy = PairedBankLine(id: line[0], source: line[1])
            }
            return ItemDetail(id: id, kind: target.kind, date: target.date, amount: Money(minorUnits: row["amount"], currency: currency),
                              payee: row["payee"], memo: row["memo"], description: row["description"], vendor: target.vendorName,
                              category: target.category, status: row["status"], evidence: evidence, paidFrom: target.paidFrom,
                              file: file, position: position, recordID: row["record_id"], postings: target.postings,
                              corrections: corrections, paidByBankLine: paidBy)
        }
    }

    /// The business's bank and gateway lines that match `query` (its vendor, category,
    /// date, amount, status and search filters), sorted as it asks.
    public func bankLines(_ query: ExpenseQuery) throws(KontorError) -> [BankLineRow] {
        let (conditions, arguments) = LedgerStore.sqlFilter(query, table: "b")
        let direction = query.descending ? "DESC" : "ASC"
        let order: String = switch query.sort {
        case .date: "b.date"
        case .amount: "b.currency \(direction), b.amount"
        case .category: "ifnull(b.category, '')"
        case .vendor: "lower(ifnull(v.name, ''))"
        }
        let sql = """
            SELECT b.transaction_id, b.date, b.amount, b.currency, b.payee, v.name AS vendor, b.category, b.status, b.evidence,
                   b.account, f.name AS file, b.memo
            FROM bank_line b LEFT JOIN vendor v ON v.id = b.vendor_id JOIN input_file f ON f.id = b.file_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(order) \(direction), b.transaction_id \(direction)
            """
        let rows = try read("list bank lines") { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments.map { $0.databaseValue }))
        }
        let vendor = query.vendor?.lowercased()
        let search = query.search?.lowercased()
        let minimum = try query.minimum.map { text throws(KontorError) in try AmountBound(text, option: "min") }
        let maximum = try query.maximum.map { text throws(KontorError) in try AmountBound(text, option: "max") }
        var result: [BankLineRow] = []
        for row in rows {
            guard let currency = CurrencyCode(row["currency"] as String), let date = LocalDate(iso: row["date"] as String) else { continue }
            let line = BankLineRow(
                id: row["transaction_id"], date: date, amount: Money(minorUnits: row["amount"], currency: currency), payee: row["payee"],
                vendor: row["vendor"], category: (row["category"] as String?).map(CategoryKey.init), status: row["status"],
                evidence: (try? JSONParser.parse(Array((row["evidence"] as String).utf8)).value) ?? .null, account: row["account"],
                file: row["file"])
            if let vendor, !(line.vendor ?? line.payee ?? "").lowercased().contains(vendor) { continue }
            let memo: String? = row["memo"]
            if let search, ![line.payee ?? "", memo ?? "", line.vendor ?? "", line.category?.rawValue ?? ""]
                .contains(where: { $0.lowercased().contains(search) }) { continue }
            guard AmountBound.admits(line.amount, minimum: minimum, maximum: maximum) else { continue }
            result.append(line)
        }
        return result
    }
}

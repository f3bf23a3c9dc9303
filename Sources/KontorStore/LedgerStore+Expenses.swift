import GRDB
import KontorCore

extension LedgerStore {
    /// The expenses that match `query`, sorted as it asks (ties broken by id, so the
    /// order is always the same).
    public func expenses(_ query: ExpenseQuery) throws(KontorError) -> [ExpenseRow] {
        let (conditions, arguments) = LedgerStore.sqlFilter(query, table: "e")
        let order: String = switch query.sort {
        case .date: "e.date"
        case .amount: "e.currency \(query.descending ? "DESC" : "ASC"), e.amount"
        case .category: "e.category"
        case .vendor: "lower(v.name)"
        }
        let direction = query.descending ? "DESC" : "ASC"
        let sql = """
            SELECT e.transaction_id, e.date, e.amount, e.currency, e.tax_amount, e.tax_rate, v.name AS vendor,
                   e.category, e.description, e.payment_account, e.receipt, e.status, f.name AS file, e.line
            FROM expense e JOIN vendor v ON v.id = e.vendor_id JOIN input_file f ON f.id = e.file_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(order) \(direction), e.transaction_id \(direction)
            """
        let minimum = try query.minimum.map { text throws(KontorError) in try AmountBound(text, option: "min") }
        let maximum = try query.maximum.map { text throws(KontorError) in try AmountBound(text, option: "max") }
        // Text filters run here, not in SQL: SQLite's lower() folds ASCII only, so
        // `--vendor STEUERBÜRO` would miss "Steuerbüro Klein".
        let vendor = query.vendor?.lowercased()
        let search = query.search?.lowercased()
        let rows = try read("list expenses") { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments.map { $0.databaseValue }))
        }
        var result: [ExpenseRow] = []
        result.reserveCapacity(rows.count)
        for row in rows {
            let expense = try ExpenseRow(row: row)
            if let vendor, !expense.vendor.lowercased().contains(vendor) { continue }
            if let search, ![expense.description, expense.vendor, expense.category.rawValue, expense.receipt ?? ""]
                .contains(where: { $0.lowercased().contains(search) }) { continue }
            guard AmountBound.admits(expense.amount, minimum: minimum, maximum: maximum) else { continue }
            result.append(expense)
        }
        return result
    }

    /// The conditions of `query` that SQL decides (business, dates, category with its
    /// children, status) on the table aliased `table` (expense or bank_line rows share
    /// these columns), with their arguments.
    static func sqlFilter(_ query: ExpenseQuery, table: String) -> (conditions: [String], arguments: [any DatabaseValueConvertible]) {
        var conditions = ["\(table).business_id = ?"]
        var arguments: [any DatabaseValueConvertible] = [query.business.rawValue]
        if let from = query.from {
            conditions.append("\(table).date >= ?")
            arguments.append(from.description)
        }
        if let to = query.to {
            conditions.append("\(table).date <= ?")
            arguments.append(to.description)
        }
        if let category = query.category {
            conditions.append("(\(table).category = ? OR substr(\(table).category, 1, ?) = ?)")
            arguments += [category.rawValue, category.rawValue.utf8.count + 1, category.rawValue + "."]
        }
        if let status = query.status {
            conditions.append("\(table).status = ?")
            arguments.append(status)
        }
        return (conditions, arguments)
    }

}

/// A `--min` or `--max` bound: a decimal applied to amounts of every currency, compared
/// exactly (`--max 99.999` leaves out 100.00; `--min 99.991` leaves out 99.99), and
/// against the signed amount (a refund of −500 is below `--min 0`).
struct AmountBound {
    /// The bound as units × 10^-scale.
    private let units: Int128
    private let scale: Int

    /// Reads `text` (`100`, `-5`, `99.50`; no grouping, and `,` is refused rather than
    /// guessed as decimal or grouping separator); an error names the option.
    init(_ text: String, option: String) throws(KontorError) {
        var units: Int128 = 0, scale = 0, digits = 0, negative = false, fraction = false
        for (offset, byte) in text.utf8.enumerated() {
            switch byte {
            case 0x30...0x39 where digits < 30:
                units = units * 10 + Int128(byte - 0x30)
                digits += 1
                if fraction { scale += 1 }
            case 0x2D where offset == 0: negative = true
            case 0x2E where !fraction: fraction = true
            default:
                throw KontorError(.usage, "--\(option) '\(text)' is not an amount",
                                  hint: "write the bound with digits, an optional '-' and '.' as decimal separator, e.g. 100 or 99.50")
            }
        }
        guard digits > 0 else {
            throw KontorError(.usage, "--\(option) '\(text)' is not an amount", hint: "write the bound like 100 or 99.50")
        }
        self.units = negative ? -units : units
        self.scale = scale
    }

    /// How `amount` compares with the bound: negative below, 0 equal, positive above.
    func compare(_ amount: Money) -> Int {
        let exponent = amount.currency.exponent
        var left = Int128(amount.minorUnits), right = units
        for _ in 0..<max(0, scale - exponent) { left *= 10 }
        for _ in 0..<max(0, exponent - scale) { right *= 10 }
        return left < right ? -1 : (left == right ? 0 : 1)
    }

    /// Whether `amount` lies within `minimum` and `maximum` (each optional, inclusive).
    static func admits(_ amount: Money, minimum: AmountBound?, maximum: AmountBound?) -> Bool {
        if let minimum, minimum.compare(amount) < 0 { return false }
        if let maximum, maximum.compare(amount) > 0 { return false }
        return true
    }
}

extension ExpenseRow {
    init(row: Row) throws(KontorError) {
        let currencyText: String = row["currency"]
        let dateText: String = row["date"]
        guard let currency = CurrencyCode(currencyText), let date = LocalDate(iso: dateText) else {
            throw KontorError(.internal, "the ledger holds an expense with currency '\(currencyText)' and date '\(dateText)'")
        }
        id = row["transaction_id"]
        self.date = date
        amount = Money(minorUnits: row["amount"], currency: currency)
        taxAmount = (row["tax_amount"] as Int64?).map { Money(minorUnits: $0, currency: currency) }
        taxRate = (row["tax_rate"] as Int?).map { TaxRate(millipercent: $0) }
        vendor = row["vendor"]
        category = CategoryKey(row["category"])
        description = row["description"]
        paymentAccount = row["payment_account"]
        receipt = row["receipt"]
        status = row["status"]
        file = row["file"]
        line = row["line"]
    }

    /// The row as JSON: amounts as decimal strings with their currency, so no consumer
    /// ever sees a float.
    public var json: JSONValue {
        [
            "id": .int(id),
            "date": .string(date.description),
            "amount": .string(amount.decimalString),
            "currency": .string(amount.currency.code),
            "tax_amount": .optional(taxAmount?.decimalString),
            "tax_rate": .optional(taxRate?.description),
            "vendor": .string(vendor),
            "category": .string(category.rawValue),
            "description": .string(description),
            "payment_account": .string(paymentAccount),
            "receipt": .optional(receipt),
            "status": .string(status),
            "source": ["file": .string(file), "line": line.map { .int(Int64($0)) } ?? .null],
        ]
    }
}

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
        let minimum = query.minimum
        let maximum = query.maximum
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
            if let minimum, expense.amount.minorUnits < (try LedgerStore.bound(minimum, in: expense.amount.currency)) { continue }
            if let maximum, expense.amount.minorUnits > (try LedgerStore.bound(maximum, in: expense.amount.currency)) { continue }
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

    /// A `--min`/`--max` bound in minor units of `currency` (extra decimals round half-up).
    static func bound(_ text: String, in currency: CurrencyCode) throws(KontorError) -> Int64 {
        do {
            return try Money.parse(text, currency: currency, rounding: .halfUp).minorUnits
        } catch {
            throw KontorError(.usage, "'\(text)' is not an amount: \(error.reason)", hint: "write bounds like 100 or 99.50")
        }
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

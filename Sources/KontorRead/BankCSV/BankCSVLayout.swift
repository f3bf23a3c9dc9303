import KontorCore

/// A mapping's columns resolved to 0-based field indices against one file's header.
struct BankCSVLayout: Sendable {
    var date: Int
    var valueDate: Int?
    var amount: Int?
    var debit: Int?
    var credit: Int?
    var currency: Int?
    var payee: Int?
    var payer: Int?
    var memo: [Int]
    var bankID: Int?
    var account: Int?
    var counterpartyAccount: Int?
    var counterpartyBank: Int?
    var endToEndID: Int?
    var kind: Int?
    var indicator: Int?
    /// The running balance after each row.
    var balance: Int?
    /// The header's cells (for messages), or nil without a header.
    var header: [String]?
    /// The number of fields every data row should have (the header's, when there is one).
    var width: Int?

    /// Resolves `mapping`'s columns against `header` (nil: columns are numbers).
    init(_ mapping: BankCSVMapping, header: [String]?, line: Int) throws(KontorError) {
        self.header = header
        self.width = header?.count ?? mapping.detection.columnCount
        let normalized = header?.map(BankCSVMapping.normalized)
        func index(_ column: BankCSVMapping.Column?) throws(KontorError) -> Int? {
            guard let column else { return nil }
            switch column {
            case .number(let number):
                return number - 1
            case .named(let name):
                guard let normalized else {
                    throw KontorError(.badInput, "the mapping '\(mapping.name)' names the column '\(name)', but the file has no header",
                                      hint: "refer to columns by number in \(mapping.name).yaml, or set header_line", at: SourcePosition(line: line))
                }
                guard let found = normalized.firstIndex(of: BankCSVMapping.normalized(name)) else {
                    throw KontorError(.badInput, "the header on line \(line) has no column '\(name)' that the mapping '\(mapping.name)' reads",
                                      hint: "the header has: \((header ?? []).map { "'\($0)'" }.joined(separator: ", ")); fix the column name in the mapping or choose another mapping",
                                      at: SourcePosition(line: line))
                }
                return found
            }
        }
        let columns = mapping.columns
        guard let date = try index(columns.date) else { throw KontorError(.internal, "date column unresolved") }
        self.date = date
        valueDate = try index(columns.valueDate)
        amount = try index(columns.amount)
        debit = try index(columns.debit)
        credit = try index(columns.credit)
        currency = try index(columns.currency)
        payee = try index(columns.payee)
        payer = try index(columns.payer)
        var memo: [Int] = []
        for column in columns.memo { if let found = try index(column) { memo.append(found) } }
        self.memo = memo
        bankID = try index(columns.bankID)
        account = try index(columns.account)
        counterpartyAccount = try index(columns.counterpartyAccount)
        counterpartyBank = try index(columns.counterpartyBank)
        endToEndID = try index(columns.endToEndID)
        kind = try index(columns.kind)
        balance = try index(columns.balance)
        if case .indicator(let column, _, _) = mapping.sign { indicator = try index(column) }
    }

    /// The name of a field for positions: its header cell, or "column N".
    func fieldName(_ index: Int) -> String {
        if let header, index < header.count { return header[index] }
        return "column \(index + 1)"
    }
}

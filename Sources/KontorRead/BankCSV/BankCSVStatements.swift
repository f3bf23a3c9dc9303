import KontorCore

/// Groups a bank CSV's rows into statements, one per account and currency, in the order
/// the accounts first appear.
///
/// The first statement streams: its rows are emitted as they are read. Rows of any other
/// account (rare: a combined export) are held until the end of the file and then emitted
/// as their own statements, so memory stays flat for the usual single-account file.
///
/// Where the mapping names a running-balance column, each statement's rows are checked
/// against it row by row (``RunningBalance``): the check OFX, camt.053 and MT940 get from
/// their opening and closing balances, and stronger (it names the first row that does
/// not follow).
struct BankCSVStatements {
    struct Key: Hashable {
        var account: String?
        var currency: CurrencyCode
    }

    let fileName: String
    private var first: (key: Key, line: Int)?
    private var others: [(key: Key, line: Int)] = []
    private var held: [Key: [BankTransaction]] = [:]
    private var balances: [Key: RunningBalance] = [:]
    private var lastLine = 1

    /// The currency of the first statement, once a row was read.
    var firstCurrency: CurrencyCode? { first?.key.currency }

    init(fileName: String) {
        self.fileName = fileName
    }

    mutating func add(_ transaction: BankTransaction, account: String?, line: Int, balance: Money? = nil,
                      _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        let key = Key(account: account, currency: transaction.amount.currency)
        lastLine = line
        if let balance {
            var running = balances[key] ?? RunningBalance()
            try running.add(amount: transaction.amount, balance: balance, line: line, fileName: fileName)
            balances[key] = running
        } else {
            balances[key]?.interrupt()  // a row without a balance (a pending one, say): the next starts afresh
        }
        if first == nil {
            first = (key, line)
            try sink(.begin(header(key, line: line)))
        }
        if key == first?.key {
            try sink(.transaction(transaction))
        } else {
            if held[key] == nil { others.append((key, line)) }
            held[key, default: []].append(transaction)
        }
    }

    /// Ends the statements. `closing` is the balance the file states above its header; it
    /// belongs to the first statement. `empty` describes the statement of a file without
    /// rows, when the file names its account and currency.
    mutating func finish(closing: StatedBalance?, empty: Key?, endLine: Int,
                         _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        let end = SourcePosition(file: fileName, line: endLine)
        guard let first else {
            if let empty {
                try sink(.begin(header(empty, line: 1)))
                try sink(.end(StatementFooter(position: end, closing: closing)))
            }
            return
        }
        try sink(.end(StatementFooter(position: end, closing: closing?.amount.currency == first.key.currency ? closing : nil)))
        for (key, line) in others {
            try sink(.begin(header(key, line: line)))
            for transaction in held[key] ?? [] { try sink(.transaction(transaction)) }
            try sink(.end(StatementFooter(position: end)))
        }
        held = [:]
    }

    private func header(_ key: Key, line: Int) -> StatementHeader {
        StatementHeader(position: SourcePosition(file: fileName, line: line), account: key.account, currency: key.currency)
    }
}

/// A statement's running-balance column, checked row by row in O(1) memory. Exports list
/// rows oldest first (each balance = the row before's balance + its own amount) or newest
/// first (the row before's balance = this balance + the row before's amount); the first
/// pair of rows that tells them apart decides, and every later pair must agree. A row that does not follow — a row
/// missing in between, an amount with the wrong sign — rejects the file at its line.
struct RunningBalance {
    enum Order { case oldestFirst, newestFirst }

    private var previous: (amount: Money, balance: Money, line: Int)?
    private var order: Order?

    /// A row without a balance: the next row is not compared with the one before it.
    mutating func interrupt() { previous = nil }

    mutating func add(amount: Money, balance: Money, line: Int, fileName: String) throws(KontorError) {
        defer { previous = (amount, balance, line) }
        guard let previous else { return }
        let oldestFirst = previous.balance.minorUnits + amount.minorUnits == balance.minorUnits
        let newestFirst = balance.minorUnits + previous.amount.minorUnits == previous.balance.minorUnits
        switch order {
        case .oldestFirst? where oldestFirst, .newestFirst? where newestFirst: return
        case nil where oldestFirst != newestFirst: order = oldestFirst ? .oldestFirst : .newestFirst; return
        case nil where oldestFirst: return  // both hold: the next pair decides
        default: break
        }
        throw KontorError(.badInput, "line \(line): the balance \(balance.decimalString) does not follow from line \(previous.line) "
                          + "(balance \(previous.balance.decimalString), amount \(previous.amount.decimalString)) and this line's amount "
                          + "\(amount.decimalString)",
                          hint: "a row is missing between them, or an amount has the wrong sign: export the statement again, "
                          + "or check the mapping's sign and balance columns", at: SourcePosition(file: fileName, line: line))
    }
}

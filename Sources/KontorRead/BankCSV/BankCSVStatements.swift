import KontorCore

/// Groups a bank CSV's rows into statements, one per account and currency, in the order
/// the accounts first appear.
///
/// The first statement streams: its rows are emitted as they are read. Rows of any other
/// account (rare: a combined export) are held until the end of the file and then emitted
/// as their own statements, so memory stays flat for the usual single-account file.
struct BankCSVStatements {
    struct Key: Hashable {
        var account: String?
        var currency: CurrencyCode
    }

    let fileName: String
    private var first: (key: Key, line: Int)?
    private var others: [(key: Key, line: Int)] = []
    private var held: [Key: [BankTransaction]] = [:]
    private var lastLine = 1

    /// The currency of the first statement, once a row was read.
    var firstCurrency: CurrencyCode? { first?.key.currency }

    init(fileName: String) {
        self.fileName = fileName
    }

    mutating func add(_ transaction: BankTransaction, account: String?, line: Int,
                      _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        let key = Key(account: account, currency: transaction.amount.currency)
        lastLine = line
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

import KontorCore

/// Collects a gateway file's transactions into one statement per currency, in the order
/// the currencies first appear, and emits them as ``StatementEvent``s.
///
/// Gateway exports interleave currencies (a PayPal activity export lists USD, EUR and AUD
/// rows by time), and a statement has one currency, so the transactions of one file are
/// held until its end. Gateway files are bounded by the gateways themselves (an API list
/// page holds at most 100 objects, an export a reporting period), so this is memory in the
/// size of one export, never of the ledger.
struct GatewayStatements {
    private var order: [CurrencyCode] = []
    private var byCurrency: [CurrencyCode: [BankTransaction]] = [:]
    /// Currencies of statements to emit even without transactions (an informational event).
    private var empty: [CurrencyCode: SourcePosition] = [:]

    /// How a gateway statement's header names the account.
    let account: String?

    init(account: String?) {
        self.account = account
    }

    mutating func add(_ transaction: BankTransaction) {
        let currency = transaction.amount.currency
        if byCurrency[currency] == nil {
            byCurrency[currency] = []
            if empty[currency] == nil { order.append(currency) }
        }
        byCurrency[currency, default: []].append(transaction)
    }

    /// A statement with no transactions: what an event that moves no money reads as.
    mutating func addEmpty(_ currency: CurrencyCode, at position: SourcePosition) {
        guard byCurrency[currency] == nil, empty[currency] == nil else { return }
        empty[currency] = position
        order.append(currency)
    }

    /// Emits each statement: begin, its transactions in file order, end.
    func emit(fileName: String, _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        for currency in order {
            let transactions = byCurrency[currency] ?? []
            let start = transactions.first?.position ?? empty[currency] ?? SourcePosition(file: fileName)
            let end = transactions.last?.position ?? start
            try sink(.begin(StatementHeader(position: start, account: account, currency: currency, accountKind: "gateway")))
            for transaction in transactions { try sink(.transaction(transaction)) }
            try sink(.end(StatementFooter(position: end)))
        }
    }
}

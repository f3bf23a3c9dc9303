import KontorCore
import KontorPublish

/// The ledger as a plain-text journal for hledger or beancount, or as CSV (one row per
/// posting). Deterministic: the same ledger state and period give the same bytes.
///
/// A period export starts with one "Opening balances" transaction on the first day: every
/// balance-sheet account's balance before the period, and the income and expenses before it
/// summed into `Equity:Retained-Earnings`, so balances in the export equal the ledger's.
public struct LedgerExport: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case hledger, beancount, csv
    }

    public let journal: Journal
    /// Nil exports all time.
    public let period: ReportPeriod?
    public let title: String
    public let generator: String

    public init(journal: Journal, period: ReportPeriod?, title: String, generator: String) {
        self.journal = journal
        self.period = period
        self.title = title
        self.generator = generator
    }

    /// The account that collects income and expenses before an exported period.
    public static let retainedEarnings = AccountPath("Equity:Retained-Earnings")!

    /// A transaction as exported (the opening one has id 0).
    struct Item {
        var id: Int64
        var date: LocalDate
        var description: String
        var recordID: String
        var postings: [(AccountPath, Money)]
    }

    /// The transactions in the export, opening balances first.
    func items() -> [Item] {
        var items: [Item] = []
        if let period {
            var balances: [AccountPath: [CurrencyCode: Int64]] = [:]
            for entry in journal.entries where entry.date < period.from {
                for posting in entry.postings {
                    var account = journal.account(posting)
                    if account.kind == .income || account.kind == .expense { account = LedgerExport.retainedEarnings }
                    balances[account, default: [:]][posting.currency, default: 0] += posting.amount
                }
            }
            var postings: [(AccountPath, Money)] = []
            for account in balances.keys.sorted() {
                for (currency, amount) in balances[account]!.sorted(by: { $0.key < $1.key }) where amount != 0 {
                    postings.append((account, Money(minorUnits: amount, currency: currency)))
                }
            }
            if !postings.isEmpty {
                items.append(Item(id: 0, date: period.from, description: "Opening balances", recordID: "opening:\(period.from)",
                                  postings: postings))
            }
        }
        for entry in journal.entries where period?.contains(entry.date) ?? true {
            items.append(Item(id: entry.id, date: entry.date, description: entry.description, recordID: entry.recordID,
                              postings: entry.postings.map { (journal.account($0), Money(minorUnits: $0.amount, currency: $0.currency)) }))
        }
        return items
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .hledger: hledger()
        case .beancount: beancount()
        case .csv: csv()
        }
    }

    private var scope: String { period.map { "\($0.from) to \($0.to)" } ?? "all time" }

    /// An hledger journal (hledger 1.2x): `decimal-mark`, `commodity` and `account`
    /// directives with account types, then the transactions.
    func hledger() -> String {
        let items = items()
        var out = "; \(LedgerExport.oneLine(title)): ledger of \(journal.business), \(scope)\n; written by \(generator)\n\n"
        out += "decimal-mark .\n\n"
        for currency in currencies(items) {
            let zero = Money.zero(currency).decimalString
            out += "commodity \(zero) \(currency.code)\n"
        }
        out += "\n"
        for account in accounts(items).keys.sorted() {
            out += "account \(account)  ; type: \(LedgerExport.hledgerType(account.kind))\n"
        }
        for item in items {
            out += "\n\(item.date) * \(LedgerExport.oneLine(item.description).replacingAll(";", with: ","))\n"
            out += "    ; record: \(LedgerExport.oneLine(item.recordID).replacingAll(";", with: ","))\n"
            for (account, amount) in item.postings {
                out += "    \(account)  \(amount.decimalString) \(amount.currency.code)\n"
            }
        }
        return out
    }

    static func hledgerType(_ kind: AccountPath.Kind) -> String {
        switch kind {
        case .asset: "A"
        case .liability: "L"
        case .equity: "E"
        case .income: "R"
        case .expense: "X"
        }
    }

    /// A beancount v2/v3 ledger: options, `commodity` and `open` directives dated on each
    /// one's first use, then the transactions with their record id as metadata.
    func beancount() -> String {
        let items = items()
        var out = "; \(LedgerExport.oneLine(title)): ledger of \(journal.business), \(scope)\n; written by \(generator)\n\n"
        out += "option \"title\" \(LedgerExport.quoted(title))\n"
        out += "option \"operating_currency\" \"\(journal.baseCurrency.code)\"\n\n"
        var firstUse: [CurrencyCode: LocalDate] = [:]
        for item in items {
            for (_, amount) in item.postings where firstUse[amount.currency] == nil { firstUse[amount.currency] = item.date }
        }
        for (currency, date) in firstUse.sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) {
            out += "\(date) commodity \(currency.code)\n"
        }
        out += "\n"
        for (account, date) in accounts(items).sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) {
            out += "\(date) open \(account)\n"
        }
        for item in items {
            out += "\n\(item.date) * \(LedgerExport.quoted(item.description))\n"
            out += "  record: \(LedgerExport.quoted(item.recordID))\n"
            for (account, amount) in item.postings {
                out += "  \(account)  \(amount.decimalString) \(amount.currency.code)\n"
            }
        }
        return out
    }

    /// One row per posting: date, transaction, record, description, account, amount,
    /// currency (CSV with the formula guard).
    func csv() -> String {
        var writer = CSVWriter()
        writer.header(["date", "transaction", "record_id", "description", "account", "amount", "currency"])
        for item in items() {
            for (account, amount) in item.postings {
                writer.row([.text(item.date.description), .number(String(item.id)), .text(item.recordID), .text(item.description),
                            .text(account.rawValue), .number(amount.decimalString), .text(amount.currency.code)])
            }
        }
        return writer.output
    }

    /// Every account used, with the date of its first posting.
    private func accounts(_ items: [Item]) -> [AccountPath: LocalDate] {
        var first: [AccountPath: LocalDate] = [:]
        for item in items {
            for (account, _) in item.postings where first[account] == nil { first[account] = item.date }
        }
        return first
    }

    private func currencies(_ items: [Item]) -> [CurrencyCode] {
        var seen = Set<CurrencyCode>()
        for item in items { for (_, amount) in item.postings { seen.insert(amount.currency) } }
        return seen.sorted()
    }

    /// Text on one line: control characters (line breaks, tabs) become spaces.
    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    /// A beancount string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for character in oneLine(text) {
            if character == "\"" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}

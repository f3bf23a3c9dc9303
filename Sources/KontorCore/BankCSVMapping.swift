/// How one source's bank CSV export is written: its dialect (encoding, delimiter, where
/// the header is, date and number notation), which columns hold what, how amounts are
/// signed, and how to recognize its files. `pipelines/sources/<name>.yaml` declares one
/// (KontorConfig reads it); the bank CSV reader in KontorRead applies it.
public struct BankCSVMapping: Hashable, Sendable {
    /// The source's name (`dkb`, `rabobank-nl`), the YAML file's stem.
    public var name: String
    /// A human label for lists and `kontor pipelines detect`.
    public var label: String?
    public var encoding: TextEncoding
    public var delimiter: Delimiter
    /// The 1-based physical line of the header row; nil when the file has no header and
    /// columns are given by number.
    public var headerLine: Int?
    /// Without a header: how many physical lines come before the first data row.
    public var skipLines: Int
    public var dateFormat: DatePattern
    public var decimalSeparator: DecimalSeparator
    /// The digit grouping character (`.`, `,`, `'`, space), or nil when amounts have none.
    public var thousandsSeparator: Character?
    public var columns: Columns
    public var sign: SignConvention
    /// The currency of every row, when the file has no currency column.
    public var currency: CurrencyCode?
    /// The account of every row, when the file names it nowhere.
    public var account: String?
    /// Facts some banks write in the lines above the header.
    public var statementCells: StatementCells
    public var malformedRows: MalformedRowPolicy
    public var detection: Detection

    public init(name: String, label: String? = nil, encoding: TextEncoding = .utf8, delimiter: Delimiter = .comma,
                headerLine: Int? = 1, skipLines: Int = 0, dateFormat: DatePattern, decimalSeparator: DecimalSeparator = .point,
                thousandsSeparator: Character? = nil, columns: Columns, sign: SignConvention = .asIs,
                currency: CurrencyCode? = nil, account: String? = nil, statementCells: StatementCells = StatementCells(),
                malformedRows: MalformedRowPolicy = .reject, detection: Detection = Detection()) {
        self.name = name
        self.label = label
        self.encoding = encoding
        self.delimiter = delimiter
        self.headerLine = headerLine
        self.skipLines = skipLines
        self.dateFormat = dateFormat
        self.decimalSeparator = decimalSeparator
        self.thousandsSeparator = thousandsSeparator
        self.columns = columns
        self.sign = sign
        self.currency = currency
        self.account = account
        self.statementCells = statementCells
        self.malformedRows = malformedRows
        self.detection = detection
    }

    /// The character encodings bank exports use.
    public enum TextEncoding: String, Hashable, Sendable, CaseIterable {
        case utf8 = "utf-8"
        /// UTF-8 with a byte order mark (accepted without one too).
        case utf8BOM = "utf-8-sig"
        case windows1252 = "windows-1252"
        case latin1 = "latin-1"
    }

    public enum Delimiter: String, Hashable, Sendable, CaseIterable {
        case comma = ","
        case semicolon = ";"
        case tab = "\t"
    }

    /// A column, by its header text or by its 1-based number.
    public enum Column: Hashable, Sendable, CustomStringConvertible {
        case named(String)
        case number(Int)

        public var description: String {
            switch self {
            case .named(let name): "'\(name)'"
            case .number(let number): "column \(number)"
            }
        }
    }

    /// Which column holds what. Either `amount` or `debit`/`credit` is set.
    public struct Columns: Hashable, Sendable {
        public var date: Column
        public var valueDate: Column?
        public var amount: Column?
        /// Money out, as a positive (or already negative) number.
        public var debit: Column?
        /// Money in.
        public var credit: Column?
        public var currency: Column?
        /// The other party (the recipient of money out).
        public var payee: Column?
        /// The other party on money in, for exports that name payer and payee apart.
        public var payer: Column?
        /// Remittance text; several columns are joined with a space.
        public var memo: [Column]
        public var bankID: Column?
        public var balance: Column?
        public var account: Column?
        public var counterpartyAccount: Column?
        public var counterpartyBank: Column?
        public var endToEndID: Column?
        /// The bank's transaction type text (`Lastschrift`, `ACH`).
        public var kind: Column?

        public init(date: Column, valueDate: Column? = nil, amount: Column? = nil, debit: Column? = nil,
                    credit: Column? = nil, currency: Column? = nil, payee: Column? = nil, payer: Column? = nil,
                    memo: [Column] = [], bankID: Column? = nil, balance: Column? = nil, account: Column? = nil,
                    counterpartyAccount: Column? = nil, counterpartyBank: Column? = nil, endToEndID: Column? = nil,
                    kind: Column? = nil) {
            self.date = date
            self.valueDate = valueDate
            self.amount = amount
            self.debit = debit
            self.credit = credit
            self.currency = currency
            self.payee = payee
            self.payer = payer
            self.memo = memo
            self.bankID = bankID
            self.balance = balance
            self.account = account
            self.counterpartyAccount = counterpartyAccount
            self.counterpartyBank = counterpartyBank
            self.endToEndID = endToEndID
            self.kind = kind
        }

        /// Every column the mapping reads, for checks against a header.
        public var all: [Column] {
            [date] + [valueDate, amount, debit, credit, currency, payee, payer, bankID, balance, account,
                      counterpartyAccount, counterpartyBank, endToEndID, kind].compactMap { $0 } + memo
        }
    }

    /// How the amount's sign is written.
    public enum SignConvention: Hashable, Sendable {
        /// Positive is money in (the account holder's view).
        case asIs
        /// Positive is money out (credit-card exports).
        case inverted
        /// The amount is unsigned; a column says debit or credit (`S`/`H`, `D`/`C`, `Af`/`Bij`).
        /// A marker that is neither a debit nor a credit value (compared case-insensitively)
        /// is an error, never taken for either.
        case indicator(column: Column, debitValues: [String], creditValues: [String] = SignConvention.usualCredits)

        /// The credit markers a mapping that names none accepts.
        public static let usualCredits = ["H", "C", "CR", "CRDT", "Credit", "Haben", "Bij", "Gutschrift", "Crédit", "Avoir", "+"]
    }

    /// A cell above the header: 1-based physical line and column.
    public struct Cell: Hashable, Sendable {
        public var line: Int
        public var column: Int

        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }
    }

    /// Statement facts in the lines above the header (DKB, ING Germany).
    public struct StatementCells: Hashable, Sendable {
        public var account: Cell?
        public var closingBalance: Cell?

        public init(account: Cell? = nil, closingBalance: Cell? = nil) {
            self.account = account
            self.closingBalance = closingBalance
        }
    }

    /// What to do with a data row whose number of fields differs from the header's.
    public enum MalformedRowPolicy: String, Hashable, Sendable, CaseIterable {
        /// The file is rejected (the default: nothing of a file is half imported).
        case reject
        /// The row is left out; for exports known to write broken rows that are not bookings.
        case skip
    }

    /// How to recognize this source's files.
    public struct Detection: Hashable, Sendable {
        /// Header cells that must all be present (compared without case and surrounding spaces).
        public var headerCells: [String]
        /// Without a header: the number of fields a data row has.
        public var columnCount: Int?

        public init(headerCells: [String] = [], columnCount: Int? = nil) {
            self.headerCells = headerCells
            self.columnCount = columnCount
        }
    }
}

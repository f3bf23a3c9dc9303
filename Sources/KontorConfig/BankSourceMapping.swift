import KontorCore
import Yams

/// Loads `pipelines/sources/<name>.yaml`: one bank CSV source's mapping (the value type
/// ``BankCSVMapping`` lives in KontorCore, so the reader in KontorRead applies what this
/// loader checked without depending on configuration).
///
/// ```yaml
/// label: DKB Girokonto (2023+ export)
/// encoding: utf-8-sig           # utf-8, utf-8-sig, windows-1252, latin-1
/// delimiter: ";"                # ",", ";" or "\t"
/// header_line: 5                # or null, with skip_lines and columns by number
/// date_format: "%d.%m.%y"
/// decimal_separator: ","
/// thousands_separator: "."
/// currency: EUR                 # when no currency column
/// columns:
///   date: Buchungsdatum         # header text, or a 1-based column number
///   amount: Betrag (€)          # or debit: … and credit: …
///   memo: [Verwendungszweck]
/// sign: as_is                   # inverted, or {indicator: column, debit: [S]}
/// statement_cells: {account: {line: 1, column: 2}}
/// detect: {header: [Buchungsdatum, Wertstellung, Status]}
/// ```
///
/// Every error names the file, line, column and key; unknown keys are refused.
public enum BankSourceMapping {
    /// The directory of source mappings, workspace-relative.
    public static let directory = "pipelines/sources"

    static let allowedKeys = ["name", "label", "encoding", "delimiter", "header_line", "skip_lines", "date_format",
                              "decimal_separator", "thousands_separator", "currency", "account", "columns", "sign",
                              "statement_cells", "malformed_rows", "detect"]
    static let columnKeys = ["date", "value_date", "amount", "debit", "credit", "currency", "payee", "payer", "memo",
                             "bank_id", "balance", "account", "counterparty_account", "counterparty_bank",
                             "end_to_end_id", "kind"]

    /// Parses the text of a source mapping.
    ///
    /// - Parameters:
    ///   - name: the source's name, the file's stem; a `name:` key must equal it.
    ///   - file: the name errors show (default `pipelines/sources/<name>.yaml`).
    public static func parse(yaml text: String, name: String, file: String? = nil) throws(KontorError) -> BankCSVMapping {
        let file = file ?? "\(directory)/\(name).yaml"
        let root = try ConfigDocument.root(of: text, file: file)
        let top = try ConfigMapping(root, what: "a bank source mapping", allowed: allowedKeys)
        if let node = top.optional("name") {
            let written = try node.nonEmptyString(expected: "the source's name")
            guard written == name else {
                throw node.error("name '\(written)' does not match the file name '\(name).yaml'",
                                 hint: "write 'name: \(name)', or rename the file to '\(written).yaml'")
            }
        }
        let formatNode = try top.required("date_format", expected: "a date format such as \"%d.%m.%Y\"")
        let columnsNode = try top.required("columns", expected: "which column holds the date, the amount, …")
        var mapping = BankCSVMapping(name: name, dateFormat: try formatNode.datePattern(),
                                     columns: try columns(columnsNode))
        mapping.label = try top.optional("label")?.nonEmptyString(expected: "a label")
        if let node = top.optional("encoding") {
            let aliases = ["utf8": "utf-8", "cp1252": "windows-1252", "iso-8859-1": "latin-1", "latin1": "latin-1"]
            if let alias = aliases[(try node.string(expected: "an encoding")).lowercased()] {
                mapping.encoding = BankCSVMapping.TextEncoding(rawValue: alias) ?? .utf8
            } else {
                mapping.encoding = try node.choice(BankCSVMapping.TextEncoding.self, what: "an encoding")
            }
        }
        if let node = top.optional("delimiter") {
            mapping.delimiter = try node.choice(BankCSVMapping.Delimiter.self, what: "a delimiter", raw: true)
        }
        if let node = top.optional("header_line") {
            mapping.headerLine = Int(try node.integer(in: 1...1000))
        } else if top.has("header_line") {
            mapping.headerLine = nil
        }
        if let node = top.optional("skip_lines") {
            mapping.skipLines = Int(try node.integer(in: 0...1000))
        }
        if let node = top.optional("decimal_separator") {
            let text = try node.string(expected: "\".\" or \",\"")
            guard let separator = DecimalSeparator(rawValue: text) else {
                throw node.error("\(node.label) must be \".\" or \",\", found '\(text)'", hint: "quote it: decimal_separator: \",\"")
            }
            mapping.decimalSeparator = separator
        }
        if let node = top.optional("thousands_separator") {
            let text = try node.string(expected: "one character such as \".\" or \"'\"")
            guard text.count == 1, let character = text.first, !character.isNumber,
                  String(character) != mapping.decimalSeparator.rawValue else {
                throw node.error("\(node.label) must be one character other than the decimal separator, found '\(text)'",
                                 hint: "write thousands_separator: \".\" (or \",\", \"'\", \" \"), or leave it out when amounts have no grouping")
            }
            mapping.thousandsSeparator = character
        }
        mapping.currency = try top.optional("currency")?.currencyCode()
        mapping.account = try top.optional("account")?.nonEmptyString(expected: "an account (IBAN or number)")
        if let node = top.optional("sign") { mapping.sign = try sign(node) }
        if let node = top.optional("statement_cells") { mapping.statementCells = try statementCells(node) }
        if let node = top.optional("malformed_rows") {
            mapping.malformedRows = try node.choice(BankCSVMapping.MalformedRowPolicy.self, what: "a policy")
        }
        if let node = top.optional("detect") { mapping.detection = try detection(node) }
        try check(mapping, top: top)
        return mapping
    }

    /// Rules across keys: columns by name need a header; one amount layout; a currency.
    static func check(_ mapping: BankCSVMapping, top: ConfigMapping) throws(KontorError) {
        let columnsNode = top.optional("columns") ?? top.node
        if mapping.headerLine == nil {
            let named = mapping.columns.all.compactMap { if case .named(let name) = $0 { name } else { nil } }
            if let first = named.first {
                throw columnsNode.error("the column '\(first)' is given by name, but header_line is null (the file has no header)",
                                        hint: "give columns by their 1-based number, such as date: 1, or set header_line")
            }
        }
        let columns = mapping.columns
        if columns.amount == nil && columns.debit == nil && columns.credit == nil {
            throw columnsNode.error("columns must name the amount: 'amount', or 'debit' and 'credit'",
                                    hint: "add amount: <column>, or debit: <column> and credit: <column>")
        }
        if columns.amount != nil && (columns.debit != nil || columns.credit != nil) {
            throw columnsNode.error("columns name both 'amount' and 'debit'/'credit'",
                                    hint: "keep amount for a signed amount column, or debit and credit for two columns")
        }
        if columns.currency == nil && mapping.currency == nil {
            throw top.node.error("the mapping names no currency: neither columns.currency nor currency is set",
                                 hint: "add 'currency: EUR' (the account's currency) or columns.currency: <column>")
        }
    }

    static func columns(_ node: ConfigNode) throws(KontorError) -> BankCSVMapping.Columns {
        let map = try ConfigMapping(node, what: "the columns", allowed: columnKeys)
        var columns = BankCSVMapping.Columns(date: try map.required("date", expected: "the booking date column").column())
        columns.valueDate = try map.optional("value_date")?.column()
        columns.amount = try map.optional("amount")?.column()
        columns.debit = try map.optional("debit")?.column()
        columns.credit = try map.optional("credit")?.column()
        columns.currency = try map.optional("currency")?.column()
        columns.payee = try map.optional("payee")?.column()
        columns.payer = try map.optional("payer")?.column()
        if let memo = map.optional("memo") {
            if case .sequence = memo.node {
                var list: [BankCSVMapping.Column] = []
                for element in try memo.sequence(of: "columns") { list.append(try element.column()) }
                columns.memo = list
            } else {
                columns.memo = [try memo.column()]
            }
        }
        columns.bankID = try map.optional("bank_id")?.column()
        columns.balance = try map.optional("balance")?.column()
        columns.account = try map.optional("account")?.column()
        columns.counterpartyAccount = try map.optional("counterparty_account")?.column()
        columns.counterpartyBank = try map.optional("counterparty_bank")?.column()
        columns.endToEndID = try map.optional("end_to_end_id")?.column()
        columns.kind = try map.optional("kind")?.column()
        return columns
    }

    static func sign(_ node: ConfigNode) throws(KontorError) -> BankCSVMapping.SignConvention {
        if case .mapping = node.node {
            let map = try ConfigMapping(node, what: "the sign convention", allowed: ["indicator", "debit", "credit"])
            let column = try map.required("indicator", expected: "the column that says debit or credit").column()
            let values = try map.required("debit", expected: "the values that mean debit, such as [S, D]")
            var debit: [String] = []
            if case .sequence = values.node {
                for element in try values.sequence(of: "values") { debit.append(try element.nonEmptyString()) }
            } else {
                debit = [try values.nonEmptyString()]
            }
            var credit = BankCSVMapping.SignConvention.usualCredits
            if let values = try map.optional("credit") {
                credit = []
                if case .sequence = values.node {
                    for element in try values.sequence(of: "values") { credit.append(try element.nonEmptyString()) }
                } else {
                    credit = [try values.nonEmptyString()]
                }
            }
            return .indicator(column: column, debitValues: debit, creditValues: credit)
        }
        let text = try node.string(expected: "as_is, inverted or {indicator: …, debit: […]}")
        switch text {
        case "as_is": return .asIs
        case "inverted": return .inverted
        default:
            throw node.error("\(node.label) must be as_is, inverted or {indicator: <column>, debit: [<values>]}, found '\(text)'",
                             hint: "as_is: positive amounts are money in; inverted: positive amounts are money out")
        }
    }

    static func statementCells(_ node: ConfigNode) throws(KontorError) -> BankCSVMapping.StatementCells {
        let map = try ConfigMapping(node, what: "the statement cells", allowed: ["account", "closing_balance"])
        func cell(_ key: String) throws(KontorError) -> BankCSVMapping.Cell? {
            guard let node = map.optional(key) else { return nil }
            let cell = try ConfigMapping(node, what: "a cell", allowed: ["line", "column"])
            return BankCSVMapping.Cell(line: Int(try cell.required("line", expected: "its 1-based line").integer(in: 1...1000)),
                                       column: Int(try cell.required("column", expected: "its 1-based column").integer(in: 1...4096)))
        }
        return BankCSVMapping.StatementCells(account: try cell("account"), closingBalance: try cell("closing_balance"))
    }

    static func detection(_ node: ConfigNode) throws(KontorError) -> BankCSVMapping.Detection {
        let map = try ConfigMapping(node, what: "the detection hints", allowed: ["header", "column_count"])
        var detection = BankCSVMapping.Detection()
        if let header = map.optional("header") {
            for element in try header.sequence(of: "header cells") { detection.headerCells.append(try element.nonEmptyString()) }
        }
        if let count = map.optional("column_count") { detection.columnCount = Int(try count.integer(in: 1...4096)) }
        return detection
    }
}

extension ConfigMapping {
    /// Whether `key` is written at all (also as `key: null`).
    func has(_ key: String) -> Bool {
        guard case .mapping(let mapping) = node.node else { return false }
        return mapping.contains { if case .scalar(let scalar) = $0.key { scalar.string == key } else { false } }
    }
}

extension ConfigNode {
    /// A column: a plain number is its 1-based position, any other text its header.
    func column() throws(KontorError) -> BankCSVMapping.Column {
        guard case .scalar(let scalar) = node, !isNull else {
            throw error("\(label) must be a column header or a 1-based column number, found \(kindDescription)",
                        hint: "write the header text as the file has it, such as date: Buchungstag, or a number such as date: 1")
        }
        if scalar.style == .plain, let number = Int(scalar.string) {
            guard (1...4096).contains(number) else {
                throw error("\(label) must be a column number from 1, found \(number)", hint: "columns are counted from 1")
            }
            return .number(number)
        }
        return .named(scalar.string)
    }

    /// A strptime-style date format.
    func datePattern() throws(KontorError) -> DatePattern {
        let text = try nonEmptyString(expected: "a date format such as \"%d.%m.%Y\"")
        guard let pattern = DatePattern(text) else {
            throw error("\(label) '\(text)' is not a date format Kontor reads",
                        hint: "use %d (day), %m (month), %Y (year) or %y (two-digit year), %b (Jan…Dec) and literal characters, such as \"%d.%m.%Y\" or \"%Y-%m-%d\"")
        }
        return pattern
    }

    /// One of an enumeration's raw values.
    func choice<Choice: RawRepresentable & CaseIterable>(_ type: Choice.Type, what: String, raw: Bool = false) throws(KontorError) -> Choice
    where Choice.RawValue == String {
        let text = try string(expected: what)
        if let value = Choice(rawValue: text) { return value }
        let names = Choice.allCases.map { raw ? "\"\($0.rawValue == "\t" ? "\\t" : $0.rawValue)\"" : $0.rawValue }
        let suggestion = Suggestion.closest(to: text, among: Choice.allCases.map(\.rawValue)).map { "did you mean '\($0)'? " } ?? ""
        throw error("\(label) '\(text)' is not \(what) Kontor knows", hint: suggestion + "use one of \(names.joined(separator: ", "))")
    }
}

import KontorCore

/// The rows the sniffer looked at: the header candidate, the data rows after it, and
/// the rows above it. ``MappingSniffer`` asks it about columns and values.
struct SniffedTable {
    var rows: [CSVRow]
    var headerIndex: Int
    var width: Int
    var header: [String]
    var data: [[String]]
    var firstDataLine: Int

    init(rows: [CSVRow], headerIndex: Int, width: Int) {
        self.rows = rows
        self.headerIndex = headerIndex
        self.width = width
        header = headerIndex < rows.count ? rows[headerIndex].values.map { $0.trimmingBlanks() } : []
        data = rows.dropFirst(headerIndex + 1).filter { $0.count == width }.prefix(50).map { $0.values.map { $0.trimmingBlanks() } }
        firstDataLine = headerIndex + 1 < rows.count ? rows[headerIndex + 1].line : 1
    }

    var headerLine: Int { headerIndex < rows.count ? rows[headerIndex].line : 1 }

    /// The candidate header holds a date or an amount: the file has no header.
    func headerLooksLikeData(dateFormats: [String]) -> Bool {
        header.contains { cell in
            dateFormats.contains { DatePattern($0)?.parse(cell) != nil } || Self.isAmount(cell)
        }
    }

    mutating func dropHeader() {
        data.insert(header, at: 0)
        firstDataLine = headerLine
        header = (1...max(1, width)).map { "column \($0)" }
    }

    func values(_ column: Int) -> [String] { data.compactMap { column < $0.count ? $0[column] : nil }.filter { !$0.isEmpty } }

    /// The index of the header cell that a vocabulary names (exact first), not in `taken`.
    func find(_ names: [String], taken: Set<Int>) -> Int? {
        let normalized = header.map(BankCSVMapping.normalized)
        for name in names {
            if let index = normalized.indices.first(where: { !taken.contains($0) && normalized[$0] == name }) { return index }
        }
        return nil
    }

    func dateColumn(headerless: Bool) -> Int {
        if !headerless {
            if let index = find(MappingSniffer.Vocabulary.date, taken: []) ?? find(MappingSniffer.Vocabulary.valueDate, taken: []) {
                return index
            }
        }
        return (0..<width).first { column in
            let samples = values(column)
            return !samples.isEmpty && MappingSniffer.dateFormats.contains { format in
                samples.allSatisfy { DatePattern(format)?.parse($0) != nil }
            }
        } ?? 0
    }

    /// The first format that reads every sample; between day-first and month-first, the
    /// one that the samples decide (a part above 12), else day-first unless amounts use `$`.
    func dateFormat(column: Int) -> DatePattern? {
        let samples = values(column)
        let fits = MappingSniffer.dateFormats.compactMap(DatePattern.init).filter { pattern in
            !samples.isEmpty && samples.allSatisfy { pattern.parse($0) != nil }
        }
        if fits.contains(where: { $0.pattern == "%m/%d/%Y" }), fits.contains(where: { $0.pattern == "%d/%m/%Y" }) {
            let dollars = data.joined().joined().contains("$")
            return DatePattern(dollars ? "%m/%d/%Y" : "%d/%m/%Y")
        }
        return fits.first
    }

    func columns(headerless: Bool, dateColumn: Int) -> BankCSVMapping.Columns {
        func column(_ index: Int) -> BankCSVMapping.Column { headerless ? .number(index + 1) : .named(header[index]) }
        var columns = BankCSVMapping.Columns(date: column(dateColumn))
        var taken: Set<Int> = [dateColumn]
        func pick(_ names: [String]) -> BankCSVMapping.Column? {
            guard !headerless, let index = find(names, taken: taken) else { return nil }
            taken.insert(index)
            return column(index)
        }
        typealias V = MappingSniffer.Vocabulary
        if !headerless {
            columns.valueDate = pick(V.valueDate)
            columns.amount = pick(V.amount)
            if columns.amount == nil {
                columns.debit = pick(V.debit)
                columns.credit = pick(V.credit)
            }
            columns.currency = pick(V.currency)
            columns.balance = pick(V.balance)
            columns.account = pick(V.account)
            columns.endToEndID = pick(V.endToEndID)
            columns.counterpartyAccount = pick(V.counterpartyAccount)
            columns.counterpartyBank = pick(V.counterpartyBank)
            columns.bankID = pick(V.bankID)
            columns.payer = pick(V.payer)
            let hasPurpose = find(V.memo.filter { $0 != "buchungstext" }, taken: taken) != nil
            if hasPurpose { columns.kind = pick(V.kind) }
            var memo: [BankCSVMapping.Column] = []
            while let next = pick(V.memo) { memo.append(next) }
            columns.memo = memo.sorted { lhs, rhs in
                (header.firstIndex(of: lhs.name ?? "") ?? 0) < (header.firstIndex(of: rhs.name ?? "") ?? 0)
            }
            columns.payee = pick(V.payee)
            if columns.kind == nil { columns.kind = pick(V.kind) }
            return columns
        }
        // Without a header: amounts and texts by their shape.
        let amountish = (0..<width).filter { index in
            index != dateColumn && !values(index).isEmpty && values(index).allSatisfy(Self.isAmount)
        }
        if let pair = zip(amountish, amountish.dropFirst()).first(where: { isComplementary($0.0, $0.1) }) {
            columns.debit = column(pair.0)
            columns.credit = column(pair.1)
        } else if let first = amountish.first {
            columns.amount = column(first)
        }
        if let account = (0..<width).first(where: { index in
            let samples = values(index).map(BankCSVRowBuilder.cleanAccount)
            return !samples.isEmpty && samples.allSatisfy(Self.isIBAN)
        }) {
            columns.account = column(account)
        }
        let used = Set(amountish + [dateColumn])
        if let memo = (0..<width).filter({ !used.contains($0) }).max(by: { averageLength($0) < averageLength($1) }),
           averageLength(memo) > 0 {
            columns.memo = [column(memo)]
        }
        return columns
    }

    /// Every row has exactly one of the two cells filled.
    func isComplementary(_ lhs: Int, _ rhs: Int) -> Bool {
        !data.isEmpty && data.allSatisfy { row in
            guard lhs < row.count, rhs < row.count else { return false }
            return row[lhs].isEmpty != row[rhs].isEmpty
        }
    }

    func averageLength(_ column: Int) -> Int {
        let samples = values(column)
        return samples.isEmpty ? 0 : samples.reduce(0) { $0 + $1.count } / samples.count
    }

    /// The amount, debit, credit and balance cells, for the separators and currency.
    func amountSamples(_ columns: BankCSVMapping.Columns) -> [String] {
        [columns.amount, columns.debit, columns.credit, columns.balance].compactMap { $0 }.flatMap { column -> [String] in
            switch column {
            case .number(let number): return values(number - 1)
            case .named(let name): return header.firstIndex(of: name).map(values) ?? []
            }
        } + statementCellValues()
    }

    /// With a header but no amount named: the first column whose values are all amounts.
    func amountColumnByShape() -> Int? {
        (0..<width).first { index in !values(index).isEmpty && values(index).allSatisfy(Self.isAmount) }
    }

    func indicatorColumn(headerless: Bool) -> BankCSVMapping.Column? {
        guard !headerless, let index = find(MappingSniffer.Vocabulary.indicator, taken: []) else { return nil }
        return .named(header[index])
    }

    /// An IBAN above the header, and a balance line (`Saldo;66.331,90;EUR`).
    func statementCells() -> BankCSVMapping.StatementCells {
        var cells = BankCSVMapping.StatementCells()
        for row in rows.prefix(headerIndex) {
            let values = row.values.map { $0.trimmingBlanks() }
            if cells.account == nil, let index = values.firstIndex(where: { Self.isIBAN(BankCSVRowBuilder.cleanAccount($0)) }) {
                cells.account = BankCSVMapping.Cell(line: row.line, column: index + 1)
            }
            let label = values.first?.lowercased() ?? ""
            if cells.closingBalance == nil, MappingSniffer.Vocabulary.balanceLabels.contains(where: { label.hasPrefix($0) }),
               let index = values.indices.dropFirst().first(where: { Self.isAmount(values[$0]) }) {
                cells.closingBalance = BankCSVMapping.Cell(line: row.line, column: index + 1)
            }
        }
        return cells
    }

    private func statementCellValues() -> [String] {
        guard let cell = statementCells().closingBalance,
              let row = rows.first(where: { $0.line == cell.line }), let value = row.value(at: cell.column - 1) else { return [] }
        return [value]
    }

    /// Digits with an optional sign, separators and currency decoration: `-1.234,56`,
    /// `$1,036.47`, `+442,98`, `11'373.94`, `4.093,32 €`.
    static func isAmount(_ text: String) -> Bool {
        var digits = 0
        for character in text {
            if character.isASCII && character.isNumber { digits += 1; continue }
            if ",.'+-()".contains(character) || BankCSVAmount.decoration.contains(character) { continue }
            if character.isLetter, text.uppercased().contains("EUR") || text.uppercased().contains("USD") { continue }
            return false
        }
        return digits > 0 && (text.contains(",") || text.contains(".") || text.hasPrefix("-") || text.hasPrefix("+"))
    }

    /// Two letters, two digits and 10–30 letters or digits.
    static func isIBAN(_ text: String) -> Bool {
        let characters = Array(text.filter { $0 != " " })
        guard (14...34).contains(characters.count) else { return false }
        return characters[0].isUppercase && characters[1].isUppercase && characters[0].isASCII && characters[1].isASCII
            && characters[2].isNumber && characters[3].isNumber
            && characters[4...].allSatisfy { $0.isASCII && ($0.isNumber || $0.isUppercase) }
    }
}

extension BankCSVMapping.Column {
    var name: String? { if case .named(let name) = self { name } else { nil } }
}

import KontorCore

/// Proposes a ``BankCSVMapping`` for an unknown bank CSV file from its first bytes, for
/// `kontor pipelines detect FILE`: the user reviews the proposal and saves it as
/// `pipelines/sources/<name>.yaml`.
///
/// It sniffs the encoding (BOM, valid UTF-8, else Windows-1252), the delimiter and the
/// header line (the delimiter that splits the most rows into the same number of fields;
/// the header is the first row of that block, unless it already holds data), the date
/// format, the decimal and thousands separators, statement cells above the header, and
/// the columns: by header names in English, German, Dutch and French
/// (``MappingSniffer/Vocabulary``), else by the shape of the values.
public enum MappingSniffer {
    /// Date formats tried, most common first.
    static let dateFormats = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y", "%d-%m-%Y",
                              "%Y/%m/%d", "%Y%m%d", "%m/%d/%y", "%d/%m/%y", "%d-%b-%Y", "%d %b %Y"]

    public static func propose(prefix: [UInt8], name: String) -> BankCSVMapping {
        let encoding = sniffEncoding(prefix)
        var bytes: [UInt8] = []
        if encoding == .windows1252 { Windows1252.appendUTF8(of: prefix, to: &bytes) } else { bytes = prefix }
        let (delimiter, rows, headerIndex, width) = sniffLayout(bytes)
        var table = SniffedTable(rows: rows, headerIndex: headerIndex, width: width)
        let headerless = table.headerLooksLikeData(dateFormats: dateFormats)
        if headerless { table.dropHeader() }
        let dateColumn = table.dateColumn(headerless: headerless)
        let dateFormat = table.dateFormat(column: dateColumn) ?? DatePattern("%d.%m.%Y")!
        var columns = table.columns(headerless: headerless, dateColumn: dateColumn)
        let amountSamples = table.amountSamples(columns)
        let decimal = AmountNotation.detect(amountSamples.map { BankCSVAmount.strip($0, currency: .EUR) })
        let thousands = sniffThousands(amountSamples, decimal: decimal)
        var currency: CurrencyCode?
        if columns.currency == nil {
            currency = sniffCurrency(amountSamples + table.header, decimal: decimal)
        }
        if !headerless, columns.amount == nil, columns.debit == nil, columns.credit == nil {
            columns.amount = table.amountColumnByShape().map { .named(table.header[$0]) }
        }
        var mapping = BankCSVMapping(
            name: name, label: "proposed from the file's first \(prefix.count) bytes", encoding: encoding,
            delimiter: delimiter, headerLine: headerless ? nil : table.headerLine, skipLines: headerless ? table.firstDataLine - 1 : 0,
            dateFormat: dateFormat, decimalSeparator: decimal, thousandsSeparator: thousands, columns: columns,
            currency: currency, statementCells: table.statementCells())
        if let indicator = table.indicatorColumn(headerless: headerless) {
            mapping.sign = .indicator(column: indicator, debitValues: ["S", "D", "DR", "Af", "DBIT", "Debit", "Débit", "Soll", "Belastung", "Lastschrift"])
        }
        mapping.detection = headerless
            ? BankCSVMapping.Detection(columnCount: table.width)
            : BankCSVMapping.Detection(headerCells: table.header.filter { !$0.isEmpty }.prefix(8).map { $0 })
        return mapping
    }

    static func sniffEncoding(_ prefix: [UInt8]) -> BankCSVMapping.TextEncoding {
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8BOM }
        for trim in 0...3 where prefix.count >= trim {
            if String(validating: prefix.dropLast(trim), as: UTF8.self) != nil { return .utf8 }
        }
        return .windows1252
    }

    /// The delimiter whose rows agree best on a field count, the rows, the index of the
    /// first row of the agreeing block, and its width.
    static func sniffLayout(_ bytes: [UInt8]) -> (BankCSVMapping.Delimiter, [CSVRow], Int, Int) {
        var best: (delimiter: BankCSVMapping.Delimiter, rows: [CSVRow], start: Int, width: Int, score: Int)?
        let complete = bytes.last == 0x0A || bytes.last == 0x0D ? bytes : Array(bytes[..<(bytes.lastIndex(of: 0x0A) ?? bytes.endIndex)])
        for delimiter in [BankCSVMapping.Delimiter.semicolon, .comma, .tab] {
            var source = MemoryByteSource(complete)
            var tokenizer = CSVTokenizer(delimiter: delimiter.csvDelimiter)
            tokenizer.acceptsStrayQuotes = true
            var rows: [CSVRow] = []
            while rows.count < 200, let row = try? tokenizer.nextRow(from: &source) { rows.append(row) }
            var counts: [Int: Int] = [:]
            for row in rows where row.count >= 2 { counts[row.count, default: 0] += 1 }
            // The most common field count, weighted by its width: a decimal comma splits every
            // row of a semicolon file in two, but the semicolon gives more fields per row.
            guard let (width, rowsOfWidth) = counts.max(by: { ($0.value * $0.key, $0.key) < ($1.value * $1.key, $1.key) }) else { continue }
            let score = rowsOfWidth * width
            let start = (0..<rows.count).first { index in
                guard rows[index].count == width else { return false }
                let rest = rows[index...]
                return rest.filter { $0.count == width }.count * 10 >= rest.count * 8
            } ?? 0
            if score > best?.score ?? 0 || (score == best?.score && width > best?.width ?? 0) {
                best = (delimiter, rows, start, width, score)
            }
        }
        guard let best else { return (.comma, [], 0, 1) }
        return (best.delimiter, best.rows, best.start, best.width)
    }

    static func sniffThousands(_ samples: [String], decimal: DecimalSeparator) -> Character? {
        let joined = samples.joined(separator: " ")
        if joined.contains("'") { return "'" }
        if decimal == .comma { return "." }
        return samples.contains { sample in
            guard let comma = sample.firstIndex(of: ",") else { return false }
            return sample[sample.index(after: comma)...].prefix { $0.isNumber }.count == 3
        } ? "," : nil
    }

    static func sniffCurrency(_ samples: [String], decimal: DecimalSeparator) -> CurrencyCode? {
        let joined = samples.joined(separator: " ")
        if joined.contains("$") { return .USD }
        if joined.contains("€") || joined.uppercased().contains("(EUR)") { return .EUR }
        if joined.contains("£") { return CurrencyCode("GBP") }
        return decimal == .comma ? .EUR : nil
    }
}

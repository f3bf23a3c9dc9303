import KontorCore

/// Reads a PayPal activity or statement CSV export in English, Spanish, German or French
/// (see ``PayPalCSVColumns``).
///
/// One statement per currency (in the order the currencies first appear), no stated
/// balances (the `Balance` column is PayPal's running balance, which pending rows already
/// move, so it is not a statement balance). Every row that moved money becomes one
/// transaction, pending ones included — as the export lists them; a status other than
/// completed is kept in `kind` (`General Withdrawal (Pending)`) so that rules can route it.
/// Rows of a payment PayPal denied, canceled or failed, and rows whose balance impact is
/// `Memo`, moved nothing and are left out (``PayPalRowBuilder/movesMoney(_:)``):
///
/// - `amount` is the **gross**, `fee` the fee withheld (PayPal writes it negative; Kontor
///   keeps it positive), and gross + PayPal's fee must equal `Net`.
/// - bankID is the transaction id, endToEndID the related transaction's id, payee the
///   name (else the other party's e-mail), memo the subject, item title and note.
/// - gatewayKind from the type text (``PayPalCSVReader/gatewayKind(type:gross:)``).
/// - Decimal separator: the first amount that decides it (`1,653.75`, `49,37`), else
///   point for English and comma for the other languages. Dates: `DD.MM.YYYY`,
///   `YYYY-MM-DD`, or slashed dates whose order the file decides (a first number above 12
///   means day first, a second above 12 month first); when no date decides, English files
///   are read month first (PayPal's US layout) and the others day first.
///
/// The file is held in memory until its end (to decide the notations and group by
/// currency); PayPal limits an activity download to a reporting period.
public struct PayPalCSVReader: StatementReader {
    public var limits: CSVLimits

    public init(limits: CSVLimits = .default) {
        self.limits = limits
    }

    public func read(_ source: inout some ByteSource, fileName: String,
                     _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        var prefix: [UInt8] = []
        while prefix.count < 1 << 16, let chunk = try source.nextChunk() {
            prefix.append(contentsOf: chunk)
            if chunk.contains(0x0A) || chunk.contains(0x0D) { break }
        }
        var tokenizer = CSVTokenizer(delimiter: CSVDelimiter.detect(headerLine: prefix), limits: limits, prefix: prefix)
        func next() throws(KontorError) -> CSVRow? {
            do { return try tokenizer.nextRow(from: &source) } catch { throw error.inFile(fileName) }
        }
        guard let headerRow = try next() else {
            throw KontorError(.badInput, "the file is empty",
                              hint: "a PayPal export starts with a header row such as \"Date\",\"Time\",\"TimeZone\",\"Name\",\"Type\",…",
                              at: SourcePosition(file: fileName, line: 1))
        }
        let columns = try PayPalCSVColumns(headerRow, fileName: fileName)
        var rows: [CSVRow] = []
        while let row = try next() {
            if !row.isBlank { rows.append(row) }
        }
        let evidence = rows.lazy.flatMap { row in
            [columns.text(.gross, in: row), columns.text(.fee, in: row), columns.text(.net, in: row)].compactMap { $0 }
        }.compactMap(AmountNotation.evidence).first
        let dates = try PayPalDateOrder(rows.map { ($0.line, columns.text(.date, in: $0)) }, language: columns.language,
                                        position: { columns.position(.date, line: $0, fileName: fileName) })
        let builder = PayPalRowBuilder(columns: columns, separator: evidence ?? columns.defaultSeparator,
                                       dates: dates, fileName: fileName)
        var statements = GatewayStatements(account: nil)
        for row in rows where builder.movesMoney(row) { statements.add(try builder.transaction(row)) }
        rows = []
        try statements.emit(fileName: fileName, sink)
    }

    /// What a PayPal type text (in any of the four languages) says the movement is;
    /// anything unrecognized is a charge when money comes in and a payment when it goes out.
    public static func gatewayKind(type: String?, gross: Money) -> GatewayKind {
        let text = (type ?? "").lowercased()
        func has(_ words: String...) -> Bool { words.contains { text.contains($0) } }
        if has("hold", "einbehaltung", "retención", "release", "freigabe", "réserve", "autoris", "authoriz", "reserve") { return .hold }
        if has("refund", "reembolso", "rückzahlung", "erstattung", "remboursement") { return .refund }
        if has("chargeback", "dispute", "konflikt", "käuferschutz", "contracargo", "litige", "reversal", "rückbuchung") { return .dispute }
        if has("conversion", "umrechnung", "conversión", "change de devise") { return .conversion }
        if has("withdrawal", "deposit", "abbuchung", "überweisung", "einzahlung", "retirada", "retiro", "depósito",
               "virement", "transfer to bank", "bank transfer") { return .payout }
        if has("fee", "gebühr", "comisión", "frais") { return .fee }
        return gross.isNegative ? .payment : .charge
    }
}

import KontorCore
import KontorRead
import Testing

func readBankCSV(_ bytes: [UInt8], _ mapping: BankCSVMapping, chunkSize: Int = 1 << 16) throws(KontorError) -> [StatementEvent] {
    var source = MemoryByteSource(bytes, chunkSize: chunkSize)
    var events: [StatementEvent] = []
    try BankCSVReader(mapping: mapping).read(&source, fileName: "t.csv") { events.append($0) }
    return events
}

func bankCSVError(_ text: String, _ mapping: BankCSVMapping) -> String {
    do {
        _ = try readBankCSV(Array(text.utf8), mapping)
        return "no error"
    } catch {
        return ErrorRenderer.text(error).split(separator: "\n").first.map(String.init) ?? ""
    }
}

@Suite("Bank CSV reader")
struct BankCSVReaderTests {
    static let german = BankCSVMapping(
        name: "bank", encoding: .windows1252, delimiter: .semicolon, headerLine: 3, dateFormat: DatePattern("%d.%m.%Y")!,
        decimalSeparator: .comma, thousandsSeparator: ".",
        columns: .init(date: .named("Buchungstag"), amount: .named("Betrag"), payee: .named("Empfänger"),
                       memo: [.named("Zweck"), .named("Zweck 2")], account: .named("Konto")),
        currency: .EUR, statementCells: .init(closingBalance: .init(line: 1, column: 2)))

    @Test("Windows-1252, cells above the header, grouping, stray quotes, accounts in order of appearance")
    func german1252() throws {
        let text = "Saldo;1.234,56 €\n\nBuchungstag;Betrag;Empfänger;Zweck;Zweck 2;Konto\n"
            + "01.02.2026;-1.000,50;Müller\";Miete; Februar;DE01\n"
            + "02.02.2026;20;B;;;DE02\n"
            + "03.02.2026;+5,5;C;x;;'DE01'\n"
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            bytes.append(scalar == "€" ? 0x80 : UInt8(truncatingIfNeeded: scalar.value))
        }
        for size in [1, 5, 4096] {
            let events = try readBankCSV(bytes, Self.german, chunkSize: size)
            #expect(events.headers.map(\.account) == ["DE01", "DE02"])
            #expect(events.transactions.map(\.amount.decimalString) == ["-1000.50", "5.50", "20.00"])
            let first = try #require(events.transactions.first)
            #expect(first.payee == "Müller\"")
            #expect(first.memo == "Miete Februar")
            #expect(first.position.line == 4)
            #expect(events.footers.first?.closing?.amount.decimalString == "1234.56")
            #expect(events.footers.last?.closing == nil)
        }
    }

    @Test("debit and credit columns, inverted signs, a debit/credit indicator")
    func signs() throws {
        var mapping = BankCSVMapping(name: "two", headerLine: nil, dateFormat: DatePattern("%m/%d/%Y")!,
                                     columns: .init(date: .number(1), debit: .number(2), credit: .number(3)), currency: .USD)
        mapping.delimiter = .semicolon
        let events = try readBankCSV(Array("01/31/2026;$1.00;\n02/01/2026;-2.50;\n02/02/2026;;3\n".utf8), mapping)
        #expect(events.transactions.map(\.amount.decimalString) == ["-1.00", "-2.50", "3.00"])

        var card = mapping
        card.columns = .init(date: .number(1), amount: .number(2))
        card.sign = .inverted
        #expect(try readBankCSV(Array("01/31/2026;12.00\n".utf8), card).transactions.first?.amount.decimalString == "-12.00")

        var indicated = card
        indicated.sign = .indicator(column: .number(3), debitValues: ["S"])
        let marked = try readBankCSV(Array("01/31/2026;12.00;S\n01/31/2026;-3.00;H\n".utf8), indicated)
        #expect(marked.transactions.map(\.amount.decimalString) == ["-12.00", "3.00"])
        // A marker in neither list, or none at all, is an error with its line, never money in.
        for cell in ["DR", ""] {
            let error = #expect(throws: KontorError.self) { try readBankCSV(Array("01/31/2026;12.00;S\n01/31/2026;5.00;\(cell)\n".utf8), indicated) }
            #expect(error?.message.contains("line 2: the debit/credit marker '\(cell)' is neither a debit value (S) nor a credit value") == true,
                    "\(String(describing: error))")
        }
        indicated.sign = .indicator(column: .number(3), debitValues: ["DR"], creditValues: ["CR"])
        #expect(try readBankCSV(Array("01/31/2026;5.00;dr\n".utf8), indicated).transactions.map(\.amount.decimalString) == ["-5.00"])
    }

    static let simple = BankCSVMapping(name: "simple", delimiter: .semicolon, dateFormat: DatePattern("%d.%m.%Y")!,
                                       decimalSeparator: .comma,
                                       columns: .init(date: .named("Datum"), amount: .named("Betrag")), currency: .EUR)

    @Test("broken inputs are rejected with line, column and header", arguments: [
        ("Datum;Betrag\n31.02.2026;1,00\n",
         "error: t.csv:2:1 (Datum): date '31.02.2026' does not match the format %d.%m.%Y of the mapping 'simple'"),
        ("Datum;Betrag\n01.02.2026;1,0x\n",
         "error: t.csv:2:2 (Betrag): amount '1,0x' cannot be read: 'x' is not allowed in an amount (decimal separator is ',')"),
        ("Datum;Betrag\n01.02.2026;\n", "error: t.csv:2:2 (Betrag): line 2 has no amount"),
        ("Datum;Betrag\n01.02.2026;1,00;x\n", "error: t.csv:2: line 2 has 3 fields, the header on line 1 has 2"),
        ("Date;Amount\n01.02.2026;1,00\n", "error: t.csv:1: the header on line 1 has no column 'Datum' that the mapping 'simple' reads"),
        ("", "error: t.csv:1: the file ends before line 1, where the header of a 'simple' export should be"),
        ("Datum;Betrag\n01.02.2026;\"1,00\n", "error: t.csv:2:2: a quoted field that opens on line 2 is never closed"),
    ])
    func broken(input: String, expected: String) {
        #expect(bankCSVError(input, Self.simple) == expected)
    }

    /// A running-balance column is checked row by row, oldest or newest first: a row missing
    /// in between (or a flipped sign) rejects the file at the first row that does not follow.
    @Test func runningBalancesAreChecked() throws {
        var mapping = Self.simple
        mapping.columns.balance = .named("Saldo")
        let oldestFirst = "Datum;Betrag;Saldo\n01.02.2026;-10,00;90,00\n02.02.2026;5,00;95,00\n03.02.2026;-20,00;75,00\n"
        #expect(try readBankCSV(Array(oldestFirst.utf8), mapping).transactions.count == 3)
        let newestFirst = "Datum;Betrag;Saldo\n03.02.2026;-20,00;75,00\n02.02.2026;5,00;95,00\n01.02.2026;-10,00;90,00\n"
        #expect(try readBankCSV(Array(newestFirst.utf8), mapping).transactions.count == 3)
        let missing = "Datum;Betrag;Saldo\n01.02.2026;-10,00;90,00\n02.02.2026;5,00;95,00\n04.02.2026;-1,00;74,00\n"
        #expect(bankCSVError(missing, mapping).hasPrefix("error: t.csv:4: line 4: the balance 74.00 does not follow from line 3 (balance 95.00, amount 5.00) and this line's amount -1.00"),
                "\(bankCSVError(missing, mapping))")
        let flipped = "Datum;Betrag;Saldo\n01.02.2026;-10,00;90,00\n02.02.2026;-5,00;95,00\n"
        #expect(bankCSVError(flipped, mapping).contains("line 3: the balance 95.00 does not follow"))
    }

    /// With `.` as thousands separator, `-62.3` is a decimal saved by the wrong locale, not
    /// sixty-two thousand three: refused. Groups of three still read.
    @Test func misplacedThousandsSeparatorsAreRefused() throws {
        var mapping = Self.simple
        mapping.thousandsSeparator = "."
        let error = bankCSVError("Datum;Betrag\n01.02.2026;-62.3\n", mapping)
        #expect(error.contains("t.csv:2:2 (Betrag): amount '-62.3' cannot be read: the thousands separator '.' is not followed by groups of three digits"),
                "\(error)")
        let read = try readBankCSV(Array("Datum;Betrag\n01.02.2026;-1.234,50\n02.02.2026;12.345.678,00-\n".utf8), mapping)
        #expect(read.transactions.map(\.amount.decimalString) == ["-1234.50", "-12345678.00"])
    }

    @Test("malformed rows can be skipped when the mapping says so; a trailing empty field is no malformation")
    func malformedRows() throws {
        var mapping = Self.simple
        mapping.malformedRows = .skip
        let events = try readBankCSV(Array("Datum;Betrag\n01.02.2026;1,00;\n02.02.2026\n03.02.2026;2,00\n".utf8), mapping)
        #expect(events.transactions.map(\.amount.decimalString) == ["1.00", "2.00"])
    }

    @Test("recognition by header cells and, without a header, by shape")
    func recognition() {
        #expect(Self.simple.matches(headerCells: ["\u{FEFF}Datum ", "BETRAG", "Extra"]))
        #expect(!Self.simple.matches(headerCells: ["Date", "Amount"]))
        let headerless = BankCSVMapping(name: "h", headerLine: nil, dateFormat: DatePattern("%d.%m.%Y")!,
                                        columns: .init(date: .number(1), amount: .number(2)), currency: .EUR,
                                        detection: .init(columnCount: 3))
        #expect(headerless.matches(headerCells: ["03.11.2025", "-5,00", "x"]))
        #expect(!headerless.matches(headerCells: ["Datum", "Betrag", "x"]))
        #expect(!headerless.matches(headerCells: ["03.11.2025", "-5,00"]))
        let prefix = Array("Datum;Betrag\n01.02.2026;1,00\n".utf8)
        #expect(BankCSVRecognizer.matching(prefix: prefix, among: [headerless, Self.simple]).map(\.name) == ["simple"])
    }

    @Test("the sniffer proposes the dialect of a German export with cells above the header")
    func sniffer() {
        let text = "\"Konto\";\"DE42120300001033738756\"\n\n\"Kontostand:\";\"4.093,32 €\"\n\n"
            + "\"Buchungsdatum\";\"Wertstellung\";\"Verwendungszweck\";\"Zahlungsempfänger*in\";\"Betrag (€)\"\n"
            + "\"08.12.25\";\"08.12.25\";\"Miete\";\"Vermieter\";\"-1.200,5\"\n"
            + "\"05.12.25\";\"05.12.25\";\"Lohn\";\"Firma\";\"2.000\"\n"
        let mapping = MappingSniffer.propose(prefix: Array(text.utf8), name: "new")
        #expect(mapping.encoding == .utf8)
        #expect(mapping.delimiter == .semicolon)
        #expect(mapping.headerLine == 5)
        #expect(mapping.dateFormat.pattern == "%d.%m.%y")
        #expect(mapping.decimalSeparator == .comma)
        #expect(mapping.thousandsSeparator == ".")
        #expect(mapping.currency == .EUR)
        #expect(mapping.columns.date == .named("Buchungsdatum"))
        #expect(mapping.columns.valueDate == .named("Wertstellung"))
        #expect(mapping.columns.amount == .named("Betrag (€)"))
        #expect(mapping.columns.payee == .named("Zahlungsempfänger*in"))
        #expect(mapping.columns.memo == [.named("Verwendungszweck")])
        #expect(mapping.statementCells.account == .init(line: 1, column: 2))
        #expect(mapping.statementCells.closingBalance == .init(line: 3, column: 2))
    }

    @Test("date patterns", arguments: [
        ("%d.%m.%Y", "5.1.2026", "2026-01-05"), ("%d.%m.%y", "05.01.26", "2026-01-05"), ("%d.%m.%y", "05.01.99", "1999-01-05"),
        ("%Y-%m-%d", " 2026-01-05 ", "2026-01-05"), ("%m/%d/%Y", "01/05/2026", "2026-01-05"), ("%d %b %Y", "05 Jan 2026", "2026-01-05"),
        ("%d.%m.%Y", "05.01.26", "nil"), ("%d.%m.%y", "05.01.2026", "nil"), ("%Y-%m-%d", "2026-02-29", "nil"),
    ])
    func datePatterns(pattern: String, text: String, expected: String) throws {
        let parsed = try #require(DatePattern(pattern)).parse(text)
        #expect((parsed?.description ?? "nil") == expected)
    }

    @Test("unsupported date patterns are refused")
    func badPatterns() {
        #expect(DatePattern("%d.%m") == nil)
        #expect(DatePattern("%H:%M %d.%m.%Y") == nil)
    }
}

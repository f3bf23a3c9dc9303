import KontorCore
import KontorRead
import Testing

/// Reads `bytes` with the MT940 reader in chunks of `chunkSize`.
func readMT940(_ bytes: [UInt8], chunkSize: Int = 1 << 16, defaultCurrency: CurrencyCode? = nil) throws(KontorError) -> [StatementEvent] {
    var source = MemoryByteSource(bytes, chunkSize: chunkSize)
    var events: [StatementEvent] = []
    try MT940Reader(defaultCurrency: defaultCurrency).read(&source, fileName: "t.sta") { events.append($0) }
    return events
}

func readMT940(_ text: String, chunkSize: Int = 1 << 16, defaultCurrency: CurrencyCode? = nil) throws(KontorError) -> [StatementEvent] {
    try readMT940(Array(text.utf8), chunkSize: chunkSize, defaultCurrency: defaultCurrency)
}

/// The rendered error of reading `text` (first line: position and message).
func mt940Error(_ bytes: [UInt8]) -> String {
    do {
        _ = try readMT940(bytes)
        return "no error"
    } catch {
        return ErrorRenderer.text(error).split(separator: "\n").first.map(String.init) ?? ""
    }
}

extension Array where Element == StatementEvent {
    var transactions: [BankTransaction] { compactMap { if case .transaction(let t) = $0 { t } else { nil } } }
    var headers: [StatementHeader] { compactMap { if case .begin(let h) = $0 { h } else { nil } } }
    var footers: [StatementFooter] { compactMap { if case .end(let f) = $0 { f } else { nil } } }
}

@Suite("MT940 reader")
struct MT940ReaderTests {
    static let enveloped = """
        {1:F01DEUTDEFFAXXX0000000000}{2:O9401200251231DEUTDEFFAXXX00000000002512311200N}{4:
        :20:STARTUMS
        :25:50070010/0123456789
        :28C:00001/001
        :60F:C251230EUR1000,00
        :61:2512310102DR12,50NDDTKREF+//BANK-1
        :86:105?00Basislastschrift?10931?20EREF+E2E-1?21SVWZ+Rechnung 4711?22 vom 30.12.?30DEUTDEFF?31DE02
        100100100006820101?32Muster Strom Gm?33bH
        :61:2601021231C100,NTRFNONREF
        :86:166?00Gutschrift?20Miete Januar?32Erika Mustermann
        :61:260102RC5,00NMSCNONREF
        :61:260102RD2,50NMSCNONREF
        :62F:C260102EUR1085,00
        -}{5:{CHK:123456789ABC}}
        """

    @Test("an enveloped statement: balances, signs of C/D/RC/RD, entry dates across the year end")
    func enveloped() throws {
        let events = try readMT940(Self.enveloped)
        #expect(events.headers.count == 1)
        let header = try #require(events.headers.first)
        #expect(header.account == "50070010/0123456789")
        #expect(header.bank == "50070010")
        #expect(header.currency == .EUR)
        #expect(header.statementID == "00001/001")
        #expect(header.opening?.amount.decimalString == "1000.00")
        #expect(header.opening?.date == LocalDate(year: 2025, month: 12, day: 30))
        #expect(events.footers.first?.closing?.amount.decimalString == "1085.00")
        let lines = events.transactions
        #expect(lines.map(\.amount.decimalString) == ["-12.50", "100.00", "-5.00", "2.50"])
        // Value 2025-12-31, entry 01-02: the booking falls into the next year.
        #expect(lines[0].date == LocalDate(year: 2026, month: 1, day: 2))
        #expect(lines[0].valueDate == LocalDate(year: 2025, month: 12, day: 31))
        // Value 2026-01-02, entry 12-31: the booking was in the year before.
        #expect(lines[1].date == LocalDate(year: 2025, month: 12, day: 31))
        #expect(lines[2].date == LocalDate(year: 2026, month: 1, day: 2))
        #expect(lines[0].payee == "Muster Strom GmbH")
        #expect(lines[0].memo == "Rechnung 4711 vom 30.12.")
        #expect(lines[0].endToEndID == "E2E-1")
        #expect(lines[0].counterpartyAccount == "DE02100100100006820101")
        #expect(lines[0].counterpartyBank == "DEUTDEFF")
        #expect(lines[0].kind == "105")
        #expect(lines[0].bankID == "BANK-1")
        #expect(lines[1].payee == "Erika Mustermann")
        #expect(lines[1].memo == "Miete Januar")
        #expect(lines[2].kind == "NMSC")
    }

    @Test("chunk boundaries anywhere give the same events", arguments: [1, 2, 3, 7, 64])
    func chunks(size: Int) throws {
        #expect(try readMT940(Self.enveloped, chunkSize: size) == (try readMT940(Self.enveloped)))
    }

    @Test("slash-tag :86: (ABN AMRO, ING, Rabobank SEPA)")
    func slashTags() throws {
        let text = """
            :20:REF
            :25:NL91ABNA0417164300
            :28C:1
            :60F:C250101EUR0,00
            :61:250102D25,00N658NONREF
            :86:/TRTP/SEPA OVERBOEKING/IBAN/NL46ABNA0499998748/BIC/ABNANL2A/NAME/J
            ANSEN/REMI/Factuur 12/2025 betaald/EREF/NOTPROVIDED
            :61:250102C10,00N658NONREF
            :86:/CNTP/NL01RABO0123456789/RABONL2U/Piet Puk/UTRECHT/REMI/USTD//Terug
            betaling/
            :62F:D250102EUR15,00
            -
            """
        let lines = try readMT940(text).transactions
        #expect(lines[0].payee == "JANSEN")
        #expect(lines[0].memo == "Factuur 12/2025 betaald")
        #expect(lines[0].counterpartyAccount == "NL46ABNA0499998748")
        #expect(lines[0].endToEndID == nil)
        #expect(lines[0].kind == "SEPA OVERBOEKING")
        #expect(lines[1].payee == "Piet Puk")
        #expect(lines[1].counterpartyBank == "RABONL2U")
        #expect(lines[1].memo == "Terugbetaling")
    }

    @Test("older Dutch lines: name in the reference, free-text :86: over several fields")
    func rabobankClassic() throws {
        let text = """
            :940:
            :20:940A110615
            :25:1291.99.348EUR
            :28:00000/00
            :60F:C110614EUR000000000473,17
            :61:110527D000000001213,28N0440121470966      W.P. Jansen
            :86:Terugboeking
            :86:NIET AKKOORD MET AFSCHRIJVING
            :62F:C110615EUR000000000395,82
            """
        let events = try readMT940(text)
        let line = try #require(events.transactions.first)
        #expect(line.payee == "W.P. Jansen")
        #expect(line.endToEndID == "0121470966")
        #expect(line.memo == "Terugboeking NIET AKKOORD MET AFSCHRIJVING")
        #expect(events.footers.count == 1)
    }

    @Test("a wrapped :86: line that reads like ING's -XXX end marker is text; after :62F: it ends the message")
    func dashLinesInFreeText() throws {
        let text = """
            :20:STARTUMS
            :25:12345678/0012345678
            :28C:00001/001
            :60F:C260301EUR100,00
            :61:2603020302DR10,00NTRFNONREF
            :86:Rechnung Druckerei Nord
            -GMBH
            :62F:C260302EUR90,00
            -XXX
            :20:STARTUMS
            :25:12345678/0012345678
            :28C:00002/001
            :60F:C260302EUR90,00
            :61:2603030303DR5,00NTRFNONREF
            :86:Kiosk
            :62F:C260303EUR85,00
            -
            """
        let events = try readMT940(text)
        #expect(events.footers.count == 2)
        #expect(events.transactions.map(\.amount.decimalString) == ["-10.00", "-5.00"])
        #expect(events.transactions.first?.memo?.contains("-GMBH") == true, "\(String(describing: events.transactions.first?.memo))")
    }

    @Test("a Latin-1 line reads as Windows-1252; UTF-8 lines stay UTF-8")
    func encodings() throws {
        var bytes = Array(":20:X\n:25:1\n:60F:C250101EUR0,00\n:61:250101C1,00NTRFNONREF\n:86:166?20M".utf8)
        bytes += [0xFC, 0x6C, 0x6C, 0x65, 0x72, 0x20, 0x80]  // "Müller €" in Windows-1252
        bytes += Array("\n?32Jos\u{E9}\n:62F:C250101EUR1,00\n-\n".utf8)
        let line = try #require(try readMT940(bytes).transactions.first)
        #expect(line.memo == "Müller €")
        #expect(line.payee == "José")
    }

    @Test("a statement without balances takes the configured currency, or says what is missing")
    func noCurrency() throws {
        let text = ":61:1811261126CR\n30,00N062NONREF\n:\n86:166?00GUTSCHR. UEBERWEISUNG?20SVWZ+Test\n"
        let events = try readMT940(text, defaultCurrency: .EUR)
        #expect(events.transactions.map(\.amount.decimalString) == ["30.00"])
        #expect(events.transactions.first?.memo == "Test")
        #expect(mt940Error(Array(text.utf8))
            == "error: t.sta:1: the statement that starts on line 1 names no currency: it has no opening balance (:60F:) before its first line")
    }

    @Test("broken inputs are rejected with their position", arguments: [
        (":20:A\n:25:1\n:60F:C250101EUR0,00\n:61:2501010101D1,00NTRF\n",
         "error: t.sta:4: the statement that starts on line 1 has an opening balance but no closing balance (:62F:)"),
        (":20:A\n:25:1\n:60F:C250101EUR0,00\n:61:2501010101D1",
         "error: t.sta:4:17 (:61:): statement line :61: '2501010101D1' has no transaction type (such as NTRF or NMSC) after the amount 1"),
        (":20:A\n:60F:C250101XYZ0,00\n",
         "error: t.sta:2:6 (:60F:): balance :60F: 'C250101XYZ0,00' names 'XYZ', which is not an ISO 4217 currency"),
        (":20:A\n:60F:C251301EUR0,00\n",
         "error: t.sta:2:6 (:60F:): balance :60F: 'C251301EUR0,00' has no valid date YYMMDD after the mark"),
        (":20:A\n:60F:C250101EUR0,00\n:61:250101X1,00NTRF\n:62F:C250101EUR0,00\n",
         "error: t.sta:3:11 (:61:): statement line :61: '250101X1,00NTRF' has no debit/credit mark (C, D, RC or RD) after the dates"),
        (":20:A\n:60F:C250101EUR0,00\n:61:250101C1,001NTRF\n:62F:C250101EUR0,00\n",
         "error: t.sta:3 (:61:): the amount '1,001' of a :61: statement line cannot be read: EUR has 2 decimal places, the amount has 3"),
        (":20:A\n:60F:C250101EUR0,00\n:62F:C250101USD0,00\n",
         "error: t.sta:3 (:62F:): balance :62F: is in USD, but the statement is in EUR"),
        ("Date,Amount\n2025-01-01,12.00\n",
         "error: t.sta:1: no MT940 statement found: no :20:, :25:, :60F: or :61: field"),
        ("", "error: t.sta:1: no MT940 statement found: no :20:, :25:, :60F: or :61: field"),
    ])
    func broken(input: String, expected: String) {
        #expect(mt940Error(Array(input.utf8)) == expected)
    }

    @Test("binary garbage with an .sta name is refused at the first NUL")
    func binary() {
        let bytes: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x08, 0xFF, 0xFE, 0x0A, 0x3A, 0x32, 0x30, 0x3A]
        #expect(mt940Error(bytes) == "error: t.sta:1: line 1 contains NUL bytes: this is not an MT940 text file")
    }

    @Test("an endless line is refused instead of buffered")
    func longLine() {
        let bytes = Array(":20:".utf8) + [UInt8](repeating: 0x41, count: 70_000)
        #expect(mt940Error(bytes) == "error: t.sta:1: line 1 is longer than 65536 bytes")
    }
}

import KontorCore
import KontorRead
import Testing

/// Every way an OFX file is refused, with the message the user sees (golden text).
@Suite struct OFXReaderErrorTests {
    typealias T = OFXTestSupport

    static func transaction(_ fields: String) -> String {
        T.sgml(transactions: "<STMTTRN>\(fields)</STMTTRN>")
    }

    static func truncated(_ text: String, before marker: String) -> String {
        String(text[..<text.firstRange(of: marker)!.lowerBound])
    }

    @Test(arguments: [
        ("bad-amount-both-separators", transaction("<TRNTYPE>DEBIT<DTPOSTED>20300105<TRNAMT>1.190,00"),
         "error: test.ofx:15:50 /OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN/TRNAMT: TRNAMT '1.190,00' has both '.' and ','; it is ambiguous which one is the decimal separator (OFX amounts have no thousands separators)\n  hint: OFX amounts are written like -1190.00 or -1190,00: an optional sign, one decimal separator, no thousands separators"),
        ("bad-amount-grouping", transaction("<TRNTYPE>DEBIT<DTPOSTED>20300105<TRNAMT>1,190,000"),
         "error: test.ofx:15:50 /OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN/TRNAMT: TRNAMT '1,190,000' has more than one ',' (OFX amounts have no thousands separators)\n  hint: OFX amounts are written like -1190.00 or -1190,00: an optional sign, one decimal separator, no thousands separators"),
        ("bad-amount-comma-group", transaction("<TRNTYPE>DEBIT<DTPOSTED>20300105<TRNAMT>1,190"),
         "error: test.ofx:15:50 /OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN/TRNAMT: TRNAMT '1,190' is ambiguous: ',' followed by three digits may be a thousands separator\n  hint: OFX amounts are written like -1190.00 or -1190,00: an optional sign, one decimal separator, no thousands separators"),
        ("bad-amount-text", transaction("<TRNTYPE>DEBIT<DTPOSTED>20300105<TRNAMT>12 EUR"),
         "error: test.ofx:15:50 /OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN/TRNAMT: TRNAMT '12 EUR' is not an OFX amount\n  hint: OFX amounts are written like -1190.00 or -1190,00: an optional sign, one decimal separator, no thousands separators"),
        ("bad-amount-decimals", transaction("<TRNTYPE>DEBIT<DTPOSTED>20300105<TRNAMT>-12.345"),
         "error: test.ofx:15:50 /OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN/TRNAMT: TRNAMT '-12.345' has 3 decimal places; USD has 2\n  hint: Kontor does not round amounts read from a statement; check the statement's currency (CURDEF)"),
        ("empty-amount", transaction("<TRNTYPE>DEBIT<DTPOSTED>20300105<TRNAMT></TRNAMT>"),
         "error: test.ofx:15:42 /OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN/TRNAMT: TRNAMT is empty\n  hint: OFX amounts are written like -1190.00 or -1190,00: an optional sign, one decimal separator, no thousands separators"),
        ("bad-type", transaction("<TRNTYPE>WITHDRAWAL<DTPOSTED>20300105<TRNAMT>-1"),
         "error: test.ofx:15:19 /OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN/TRNTYPE: TRNTYPE 'WITHDRAWAL' is not an OFX transaction type\n  hint: OFX allows CREDIT, DEBIT, INT, DIV, FEE, SRVCHG, DEP, ATM, POS, XFER, CHECK, PAYMENT, CASH, DIRECTDEP, DIRECTDEBIT, REPEATPMT, HOLD, OTHER; a withdrawal is DEBIT (or ATM, POS, CASH)"),
        ("no-type", transaction("<DTPOSTED>20300105<TRNAMT>-1"),
         "error: test.ofx:15:1: the transaction has no TRNTYPE\n  hint: every OFX STMTTRN states TRNTYPE; the file is damaged"),
        ("no-date", transaction("<TRNTYPE>DEBIT<TRNAMT>-1"),
         "error: test.ofx:15:1: the transaction has no DTPOSTED\n  hint: every OFX STMTTRN states DTPOSTED; the file is damaged"),
        ("bad-date", transaction("<TRNTYPE>DEBIT<DTPOSTED>20300231<TRNAMT>-1"),
         "error: test.ofx:15:34 /OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN/DTPOSTED: DTPOSTED '20300231' is not a calendar date\n  hint: OFX dates are written YYYYMMDD, optionally followed by HHMMSS, .XXX milliseconds and a time zone such as [-5:EST]"),
        ("bad-date-shape", transaction("<TRNTYPE>DEBIT<DTPOSTED>2030-01-05<TRNAMT>-1"),
         "error: test.ofx:15:34 /OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN/DTPOSTED: DTPOSTED '2030-01-05' is not an OFX date\n  hint: OFX dates are written YYYYMMDD, optionally followed by HHMMSS, .XXX milliseconds and a time zone such as [-5:EST]"),
        ("foreign-currency", transaction("<TRNTYPE>DEBIT<DTPOSTED>20300105<TRNAMT>-1<CURRENCY><CURRATE>1.1<CURSYM>EUR</CURRENCY>"),
         "error: test.ofx:15:82 /OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN/CURRENCY/CURSYM: the transaction is in EUR, the statement in USD; Kontor does not convert currencies\n  hint: download a statement of the EUR account, or book this transaction by hand"),
        ("correction", transaction("<TRNTYPE>DEBIT<DTPOSTED>20300105<TRNAMT>-1<CORRECTFITID>A0<CORRECTACTION>DELETE"),
         "error: test.ofx:15:66 /OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN/CORRECTFITID: the transaction corrects an earlier one (CORRECTFITID), which Kontor does not apply\n  hint: download the whole statement again, so that it holds the corrected transactions"),
        ("bad-currency", T.sgml(currency: "XYZ", transactions: ""),
         "error: test.ofx:13:17 /OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/CURDEF: CURDEF 'XYZ' is not an ISO 4217 currency code\n  hint: CURDEF names the statement's currency, such as USD or EUR"),
        ("no-account", T.replacing(transaction("<TRNTYPE>DEBIT<DTPOSTED>20300105<TRNAMT>-1"), "<ACCTID>1234", ""),
         "error: test.ofx:13:1 /OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS: the statement names no account (ACCTID in BANKACCTFROM, CCACCTFROM or INVACCTFROM)\n  hint: Kontor needs the account to book the statement; the file is damaged"),
        ("signon-refused", T.replacing(T.sgml(transactions: ""), "<CODE>0<SEVERITY>INFO</STATUS><DTSERVER>",
                                       "<CODE>15500<SEVERITY>ERROR<MESSAGE>Signon invalid</STATUS><DTSERVER>"),
         "error: test.ofx:11:29: the bank refused the sign-on: STATUS CODE 15500 (ERROR): 'Signon invalid'\n  hint: the file holds the bank's error answer, not transactions; download the statement again, and if the error stays, ask the bank what the message means"),
        ("statement-refused", T.replacing(T.sgml(transactions: ""), "<TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>",
                                          "<TRNUID>1<STATUS><CODE>2000<SEVERITY>ERROR<MESSAGE>General account error</STATUS>"),
         "error: test.ofx:12:35: the bank answered the statement request with an error instead of a statement: STATUS CODE 2000 (ERROR): 'General account error'\n  hint: the file holds the bank's error answer, not transactions; download the statement again, and if the error stays, ask the bank what the message means"),
        ("stray-close", T.replacing(T.sgml(transactions: ""), "</BANKTRANLIST>", "</BANKTRANLIST></STMTTRN>"),
         "error: test.ofx:16:16: </STMTTRN> closes no open element\n  hint: the innermost open element is <STMTRS> (line 13); the file is damaged"),
        ("truncated", truncated(transaction("<TRNTYPE>DEBIT<DTPOSTED>20300105<TRNAMT>-1"), before: "</STMTTRN>"),
         "error: test.ofx:15:52: the file ends inside <TRNAMT> (opened on line 15), before </OFX>: it is truncated\n  hint: download the statement again; the copy Kontor got is incomplete"),
        ("truncated-in-tag", truncated(T.sgml(transactions: ""), before: "TFROM>\n"),
         "error: test.ofx:13:81: the file ends inside a tag that starts here: it is truncated\n  hint: download the statement again; the copy Kontor got is incomplete"),
        ("no-statement", T.sgmlHeader + "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</STATUS></SONRS></SIGNONMSGSRSV1></OFX>",
         "error: test.ofx:11:84: the file holds no bank, credit-card or investment statement\n  hint: a statement download holds STMTRS, CCSTMTRS or INVSTMTRS; this file may be a sign-on, profile or account-list answer"),
        ("after-end", T.sgml(transactions: "") + "<OFX>",
         "error: test.ofx:19:1: <OFX> follows the end of the OFX document (</OFX>)\n  hint: an OFX file holds one <OFX> element; the file is damaged or two files were joined"),
        ("wrong-root", "<?xml version=\"1.0\"?><Document></Document>",
         "error: test.ofx:1:22: the first element is <DOCUMENT>; an OFX file's body is one <OFX> element\n  hint: check that this is an OFX/QFX statement file"),
        ("doctype", "<?xml version=\"1.0\"?>\n<!DOCTYPE OFX [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<OFX>&x;</OFX>",
         "error: test.ofx:2:1: the file contains a <!DOCTYPE declaration; OFX needs no DOCTYPE or entity declarations, and Kontor refuses them so that no entity is ever expanded or loaded\n  hint: remove the <!DOCTYPE …> block, or download the statement again from the bank"),
        ("entity", "<?xml version=\"1.0\"?>\n<!ENTITY lol \"lol\">\n<OFX></OFX>",
         "error: test.ofx:2:1: the file contains a <!ENTITY declaration; OFX needs no DOCTYPE or entity declarations, and Kontor refuses them so that no entity is ever expanded or loaded\n  hint: remove the <!ENTITY …> block, or download the statement again from the bank"),
        ("bad-tag", T.xml(transactions: "<STMTTRN><NAME>a < b</NAME></STMTTRN>"),
         "error: test.ofx:8:18: '< b</NAME>' is not a valid OFX tag\n  hint: a '<' inside a value must be written &lt;; otherwise the file is damaged"),
        ("bad-reference", T.xml(transactions: "<STMTTRN><NAME>&#0;</NAME></STMTTRN>"),
         "error: test.ofx:8:16: the character reference &#0; names no character\n  hint: write the character itself, or a reference to a valid Unicode code point"),
        ("text-in-aggregate", T.xml(transactions: "<STMTTRN>oops<TRNTYPE>DEBIT</TRNTYPE></STMTTRN>"),
         "error: test.ofx:8:10: text 'oops' stands directly inside <STMTTRN>, which holds elements, not text\n  hint: the file is damaged; a '<' may be missing"),
        ("bad-header", "OFXHEADER:100\nDATA:OFXSGML\nCOMPRESSION:GZIP\n<OFX></OFX>",
         "error: test.ofx:3 (COMPRESSION): the OFX body is compressed (COMPRESSION:GZIP), which Kontor does not read\n  hint: download the statement again without compression"),
        ("header-only", "OFXHEADER:100\nDATA:OFXSGML\n",
         "error: test.ofx:1:1: the file has an OFX header but no <OFX> body after it: it is truncated\n  hint: download the statement again"),
        ("not-ofx", "Date,Amount\n2030-01-01,1\n",
         "error: test.ofx:1:1: the file does not start like an OFX statement (first bytes: 44 61 74 65 2C 41 6D 6F)\n  hint: an OFX/QFX file starts with an OFXHEADER:100 header block, an <?xml …?> declaration or <OFX>; check that this is the file the bank offers as OFX, Quicken or Money download"),
        ("empty", "",
         "error: test.ofx:1: the file is empty\n  hint: download the statement again"),
        ("blank", "\n\n  \n",
         "error: test.ofx:4:1: the file holds only blank lines\n  hint: download the statement again"),
    ] as [(String, String, String)])
    func refuses(name: String, input: String, expected: String) {
        let text = T.errorText(input)
        #expect(text == expected, "\(name)")
    }

    @Test func refusesInvalidUTF8WhereUTF8IsDeclared() {
        var bytes = Array(T.xml(transactions: "<STMTTRN><NAME>Caf_</NAME></STMTTRN>").utf8)
        let start = bytes.firstRange(of: Array("Caf_".utf8))!.lowerBound
        bytes[start + 3] = 0xE9
        #expect(T.firstLine(T.errorText(bytes)) == "error: test.ofx:8:19: byte 0xE9 is not valid UTF-8, but the file declares UTF-8")
    }

    @Test func refusesNonASCIIWhereASCIIIsDeclared() {
        var bytes = Array(T.xml(prolog: "<?xml version=\"1.0\" encoding=\"US-ASCII\"?>\n", transactions: "<STMTTRN><NAME>Caf_</NAME></STMTTRN>").utf8)
        let start = bytes.firstRange(of: Array("Caf_".utf8))!.lowerBound
        bytes[start + 3] = 0xE9
        #expect(T.firstLine(T.errorText(bytes)) == "error: test.ofx:7:19: byte 0xE9 is not US-ASCII, but the file declares US-ASCII")
    }

    @Test func refusesBinaryGarbage() {
        var generator = SystemRandomNumberGenerator()
        var garbage = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        garbage[0] = 0x50
        garbage[1] = 0x4B
        #expect(T.errorText(garbage)?.hasPrefix("error: test.ofx:1:1: the file does not start like an OFX statement (first bytes: 50 4B") == true)
        // A plausible start, then binary.
        let binary = Array(T.sgmlHeader.utf8) + Array("<OFX><SIGNONMSGSRSV1>".utf8) + [0x00, 0x01, 0xFF]
        #expect(T.firstLine(T.errorText(binary)) == "error: test.ofx:11:22: the file contains a NUL byte: it is binary data, not an OFX statement")
    }

    @Test func refusesUTF16() {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("<OFX>".utf8).flatMap { [$0, 0] }
        #expect(T.firstLine(T.errorText(bytes)) == "error: test.ofx:1:1: the file is UTF-16 text; Kontor reads OFX in UTF-8, US-ASCII or Windows-1252")
    }

    @Test func refusesDeepNesting() {
        let text = "<OFX>" + String(repeating: "<A>", count: 10_000)
        #expect(T.firstLine(T.errorText(text)) == "error: test.ofx:1:195: elements are nested more than 64 deep")
    }

    @Test func refusesAHugeValue() {
        let text = T.xml(transactions: "<STMTTRN><MEMO>" + String(repeating: "x", count: 2 << 20) + "</MEMO></STMTTRN>")
        #expect(T.firstLine(T.errorText(text)) == "error: test.ofx:8:16: a value is longer than 1048576 bytes")
    }

    @Test func refusesAnUnendedTag() {
        let text = "<OFX><STMTRS" + String(repeating: " ", count: 10_000) + ">"
        #expect(T.firstLine(T.errorText(text)) == "error: test.ofx:1:6: a '<' starts a tag that does not end within 4096 bytes")
    }

    /// A non-zero status of severity INFO or WARN comes with a complete statement: read.
    @Test func warningStatusesStillRead() throws {
        let text = T.replacing(T.sgml(transactions: "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20300105<TRNAMT>-1<FITID>A1</STMTTRN>"),
                               "<TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>",
                               "<TRNUID>1<STATUS><CODE>2017<SEVERITY>WARN<MESSAGE>more transactions than requested</STATUS>")
        let events = try T.events(text)
        #expect(events.compactMap { if case .transaction(let t) = $0 { t.bankID } else { nil } } == ["A1"])
    }
}

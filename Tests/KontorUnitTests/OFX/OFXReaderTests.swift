import KontorCore
import KontorRead
import Testing

@Suite struct OFXReaderTests {
    typealias T = OFXTestSupport

    static let sgmlStatement = T.sgml(transactions: """
        <STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20300105120000.000[-5:EST]<DTUSER>20300104<TRNAMT>-12.50<FITID>A1<NAME>Coffee &amp; Co<MEMO>Card 1234</STMTTRN>
        <STMTTRN>
        <TRNTYPE>CHECK
        <DTPOSTED>20300107
        <DTAVAIL>20300108
        <TRNAMT>-250,00
        <FITID>A2
        <CHECKNUM>1001
        <REFNUM>R-77
        <PAYEE><NAME>Landlord Ltd<ADDR1>Main St 1<CITY>Springfield<STATE>IL<POSTALCODE>62701</PAYEE>
        <MEMO></MEMO>
        </STMTTRN>
        <STMTTRN><TRNTYPE>credit<DTPOSTED>20300110<TRNAMT>+1500<FITID>A3<NAME>Salary</STMTTRN>
        """, balance: "<LEDGERBAL><BALAMT>1337.50<DTASOF>20300131</LEDGERBAL><AVAILBAL><BALAMT>1300.00<DTASOF>20300131</AVAILBAL>")

    /// The same events whatever the chunk size: records straddle chunk boundaries.
    @Test(arguments: [1, 2, 7, 64, 1 << 16])
    func readsSGMLWithUnclosedLeaves(chunkSize: Int) throws {
        let events = try T.events(Self.sgmlStatement, chunkSize: chunkSize)
        #expect(events.count == 5)
        let header = try #require(T.headers(events).first)
        #expect(header.account == "1234")
        #expect(header.bank == "121000248")
        #expect(header.currency == .USD)
        #expect(header.accountKind == "CHECKING")
        #expect(header.position.line == 13)
        let transactions = T.transactions(events)
        #expect(transactions.count == 3)
        let first = transactions[0]
        #expect(first.kind == "DEBIT")
        #expect(first.date == LocalDate(year: 2030, month: 1, day: 5))
        #expect(first.amount == Money(minorUnits: -1250, currency: .USD))
        #expect(first.bankID == "A1")
        #expect(first.payee == "Coffee & Co")
        #expect(first.memo == "Card 1234")
        #expect(first.position.line == 15)
        let second = transactions[1]
        #expect(second.kind == "CHECK")
        #expect(second.amount.minorUnits == -25000)
        #expect(second.valueDate == LocalDate(year: 2030, month: 1, day: 8))
        #expect(second.payee == "Landlord Ltd")
        #expect(second.creditorReference == "1001")
        #expect(second.endToEndID == "R-77")
        #expect(second.memo == nil)
        #expect(transactions[2].kind == "CREDIT")
        #expect(transactions[2].amount.minorUnits == 150_000)
        let footer = try #require(T.footers(events).first)
        #expect(footer.closing == StatedBalance(amount: Money(minorUnits: 133_750, currency: .USD),
                                                date: LocalDate(year: 2030, month: 1, day: 31), code: "LEDGERBAL"))
        #expect(footer.available?.amount.minorUnits == 130_000)
        #expect(footer.from == LocalDate(year: 2030, month: 1, day: 1))
        #expect(footer.to == LocalDate(year: 2030, month: 1, day: 31))
    }

    @Test func readsAFileWithoutHeader() throws {
        let text = T.sgml(header: "", transactions: "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20300105<TRNAMT>-1<FITID>x</STMTTRN>")
        let transactions = T.transactions(try T.events(text))
        #expect(transactions.map(\.amount.minorUnits) == [-100])
    }

    @Test func readsXMLAndSGMLTheSame() throws {
        let xml = T.xml(transactions: """
            <STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20300110</DTPOSTED><TRNAMT>1190.00</TRNAMT><FITID>F1</FITID>
            <NAME>Kunde &lt;Eins&gt; &quot;GmbH&quot; &apos;x&apos; &#233;&#x20AC;</NAME><MEMO><![CDATA[a <b> & c]]></MEMO></STMTTRN>
            <STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20300115</DTPOSTED><TRNAMT>-313.45</TRNAMT><FITID>F2</FITID><NAME>AT&T</NAME><MEMO/><!-- a comment --></STMTTRN>
            """)
        let events = try T.events(xml)
        let transactions = T.transactions(events)
        #expect(transactions.count == 2)
        #expect(transactions[0].payee == "Kunde <Eins> \"GmbH\" 'x' é€")
        #expect(transactions[0].memo == "a <b> & c")
        #expect(transactions[1].payee == "AT&T")
        #expect(transactions[1].memo == nil)
        #expect(T.headers(events).first?.currency == .EUR)
    }

    @Test func readsANamespacedRoot() throws {
        let xml = T.xml(transactions: "<STMTTRN><TRNTYPE>FEE</TRNTYPE><DTPOSTED>20300110</DTPOSTED><TRNAMT>-1</TRNAMT></STMTTRN>")
        let namespaced = T.replacing(T.replacing(xml, "<OFX>", "<ofx:OFX xmlns:ofx=\"http://ofx.net/types/2003/04\">"), "</OFX>", "</ofx:OFX>")
        #expect(T.transactions(try T.events(namespaced)).count == 1)
    }

    @Test func transcodesWindows1252() throws {
        var bytes = Array(T.sgml(transactions: "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20300105<TRNAMT>-1<NAME>Caf_ 5_</STMTTRN>").utf8)
        let name = Array("Caf_ 5_".utf8)
        let start = try #require(bytes.firstRange(of: name)).lowerBound
        bytes[start + 3] = 0xE9
        bytes[start + 6] = 0x80
        let transactions = T.transactions(try T.read(bytes).get())
        #expect(transactions.first?.payee == "Café 5€")
    }

    @Test func readsUTF8AndGuessesWithoutACharset() throws {
        let utf8 = T.sgml(header: T.replacing(T.sgmlHeader, "ENCODING:USASCII", "ENCODING:UTF-8"),
                          transactions: "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20300105<TRNAMT>-1<NAME>Café €</STMTTRN>")
        #expect(T.transactions(try T.events(utf8)).first?.payee == "Café €")
        // No header: UTF-8 when valid, else Windows-1252.
        var latin = Array(T.sgml(header: "", transactions: "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20300105<TRNAMT>-1<NAME>Caf_</STMTTRN>").utf8)
        let start = try #require(latin.firstRange(of: Array("Caf_".utf8))).lowerBound
        latin[start + 3] = 0xE9
        #expect(T.transactions(try T.read(latin).get()).first?.payee == "Café")
    }

    @Test func readsCreditCardAndSeveralStatements() throws {
        let text = """
            <OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</STATUS></SONRS></SIGNONMSGSRSV1>
            <BANKMSGSRSV1>
            <STMTTRNRS><STATUS><CODE>0</STATUS><STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>1<ACCTID>A<ACCTTYPE>SAVINGS</BANKACCTFROM>
            <BANKTRANLIST><STMTTRN><TRNTYPE>INT<DTPOSTED>20300101<TRNAMT>0.01</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS>
            <STMTTRNRS><STATUS><CODE>0</STATUS><STMTRS><CURDEF>JPY<BANKACCTFROM><BANKID>1<ACCTID>B<ACCTTYPE>CHECKING</BANKACCTFROM>
            <LEDGERBAL><BALAMT>1500<DTASOF>20300102</LEDGERBAL></STMTRS></STMTTRNRS>
            </BANKMSGSRSV1>
            <CREDITCARDMSGSRSV1><CCSTMTTRNRS><STATUS><CODE>0</STATUS><CCSTMTRS><CURDEF>USD<CCACCTFROM><ACCTID>4111</CCACCTFROM>
            <BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20300103<TRNAMT>-5.5</STMTTRN>
            <LEDGERBAL><BALAMT>-5.50<DTASOF>20300103</LEDGERBAL></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>
            """
        let events = try T.events(text)
        #expect(T.headers(events).map(\.account) == ["A", "B", "4111"])
        #expect(T.headers(events).map(\.accountKind) == ["SAVINGS", "CHECKING", "CREDITCARD"])
        #expect(T.footers(events).map { $0.closing?.amount.minorUnits } == [nil, 1500, -550])
        #expect(T.transactions(events).map(\.amount.minorUnits) == [1, -550])
        // The statement without transactions begins and ends, nothing between.
        #expect(events.count == 8)
    }

    @Test func readsInvestmentTransactions() throws {
        let text = """
            <OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><STATUS><CODE>0</STATUS><INVSTMTRS><DTASOF>20130927<CURDEF>USD
            <INVACCTFROM><BROKERID>broker.example<ACCTID>885847</INVACCTFROM>
            <INVTRANLIST><DTSTART>20130828<DTEND>20130929
            <BUYMF><INVBUY><INVTRAN><FITID>B1<DTTRADE>20130830160000.000[-5:EST]<DTSETTLE>20130903<MEMO>Buy</INVTRAN>
            <SECID><UNIQUEID>002828564<UNIQUEIDTYPE>CUSIP</SECID><UNITS>34.34341<UNITPRICE>11.79<TOTAL>-175.63</INVBUY><BUYTYPE>BUY</BUYMF>
            <TRANSFER><INVTRAN><FITID>T1<DTTRADE>20130905</INVTRAN><SECID><UNIQUEID>1<UNIQUEIDTYPE>CUSIP</SECID><UNITS>1.9</TRANSFER>
            <INVBANKTRAN><STMTTRN><TRNTYPE>DEP<DTPOSTED>20130910<TRNAMT>500<FITID>C1</STMTTRN><SUBACCTFUND>CASH</INVBANKTRAN>
            </INVTRANLIST>
            <INV401KBAL><TOTAL>99.00</INV401KBAL>
            </INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>
            """
        let events = try T.events(text)
        let header = try #require(T.headers(events).first)
        #expect(header.account == "885847")
        #expect(header.bank == "broker.example")
        #expect(header.accountKind == "INVESTMENT")
        let transactions = T.transactions(events)
        #expect(transactions.map(\.kind) == ["BUYMF", "TRANSFER", "DEP"])
        #expect(transactions.map(\.amount.minorUnits) == [-17563, 0, 50000])
        #expect(transactions.map(\.bankID) == ["B1", "T1", "C1"])
        #expect(transactions[0].valueDate == LocalDate(year: 2013, month: 9, day: 3))
    }

    @Test(arguments: [
        ("20240322000000[-3:BRT]", "2024-03-22", "2024-03-22"),
        ("20240322230000[-3:BRT]", "2024-03-22", "2024-03-23"),
        ("20240322013000.000[+2:CEST]", "2024-03-22", "2024-03-21"),
        ("20240322", "2024-03-22", "2024-03-22"),
        ("202403221120", "2024-03-22", "2024-03-22"),
        ("20240322120000.5[+5.5:IST]", "2024-03-22", "2024-03-22"),
        ("20240101003000[+1]", "2024-01-01", "2023-12-31"),
    ] as [(String, String, String)])
    func readsDates(written: String, asWritten: String, utc: String) throws {
        let text = T.sgml(transactions: "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>\(written)<TRNAMT>-1</STMTTRN>")
        let local = T.transactions(try T.read(text).get()).first?.date
        let universal = T.transactions(try T.read(text, dateBasis: .utc).get()).first?.date
        #expect(local?.description == asWritten)
        #expect(universal?.description == utc)
    }

    @Test func emptyBalanceIsNoBalance() throws {
        let text = T.sgml(transactions: "<STMTTRN><TRNTYPE>OTHER<DTPOSTED>20300105<TRNAMT>120</STMTTRN>",
                          balance: "<LEDGERBAL><BALAMT> </BALAMT><DTASOF>20300131</LEDGERBAL><AVAILBAL><BALAMT></BALAMT></AVAILBAL>")
        let footer = try #require(T.footers(try T.events(text)).first)
        #expect(footer.closing == nil)
        #expect(footer.available == nil)
    }

    /// A missing end tag of an aggregate is closed by its parent's end tag (ofxparse reads
    /// such files; the Nubank sample has one).
    @Test func closesAnUnclosedAggregate() throws {
        let text = T.replacing(T.sgml(transactions: "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20300105<TRNAMT>-1</STMTTRN>"),
                               "</BANKTRANLIST>", "")
        #expect(T.transactions(try T.events(text)).count == 1)
    }
}

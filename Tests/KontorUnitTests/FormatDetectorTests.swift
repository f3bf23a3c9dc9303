import KontorRead
import Testing

@Suite struct FormatDetectorTests {
    @Test(arguments: [
        ("date,amount,vendor,category\n2026-01-01,1,A,b\n", "x.csv", InputFormat.expenseCSV),
        ("\u{FEFF}Datum;Betrag;Payee\n", "export.txt", .expenseCSV),
        ("Booking Date\tTotal\n", "a", .expenseCSV),
        ("\"date\",\"amount\"\r\n", "a.csv", .expenseCSV),
        ("name,value\n", "a.csv", .unknown),
        // A log missing a required column is still a log: the reader names the column.
        ("date,currency,vendor,category\n", "a.csv", .expenseCSV),
        ("amount;payee;memo\n", "a.txt", .expenseCSV),
        ("date,notes\n", "a.csv", .unknown),
        ("  [ {\"date\": \"2026-01-01\"} ]", "a.json", .expenseJSON),
        ("{\"expenses\": []}", "a.txt", .expenseJSON),
        ("{\"payments\": []}", "a.json", .unknown),
        ("OFXHEADER:100\nDATA:OFXSGML\n<OFX><SIGNONMSGSRSV1>", "bank.qfx", .ofx),
        ("<?xml version=\"1.0\"?>\n<?OFX OFXHEADER=\"200\"?>\n<OFX>", "bank.xml", .ofx),
        ("<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">", "s.xml", .camt053),
        ("<Document><BkToCstmrStmt><GrpHdr>", "statement", .camt053),
        ("\u{FEFF}<?xml version=\"1.0\"?>\n<c:Document xmlns:c=\"urn:x\"><c:BkToCstmrStmt>", "s.txt", .camt053),
        ("<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"><CstmrCdtTrfInitn>", "p.xml", .unknown),
        (":20:STARTUMSE\r\n:25:12345678/0001\r\n:28C:00001/001\r\n:60F:C260901EUR1000,00\r\n", "s.sta", .mt940),
        (":20:REF\n:61:2609010901D12,50NTRFNONREF\n", "s", .mt940),
        ("hello world", "notes.csv", .unknown),
    ] as [(String, String, InputFormat)])
    func detectsText(content: String, fileName: String, expected: InputFormat) {
        #expect(FormatDetector.detect(prefix: Array(content.utf8), fileName: fileName) == expected)
    }

    @Test(arguments: [
        ([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], "a.csv", InputFormat.zip),
        ([0x1F, 0x8B, 0x08, 0x00], "a.json", .gzip),
        ([0x00, 0x01, 0x02, 0xFF, 0xFE], "a.csv", .unknown),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a.png", .unknown),
        ([], "a.csv", .unknown),
    ] as [([UInt8], String, InputFormat)])
    func detectsBinary(bytes: [UInt8], fileName: String, expected: InputFormat) {
        #expect(FormatDetector.detect(prefix: bytes, fileName: fileName) == expected)
    }

    /// An MT940 message in SWIFT framing (SOH … ETX) with a Latin-1 byte is a statement.
    @Test func latin1MT940InSWIFTFramingIsDetected() {
        let bytes: [UInt8] = [0x01] + Array("{1:F01BANKDEFFAXXX0000000000}{4:\r\n:20:STARTUMS\r\n:25:12345678/1\r\n:60F:C260301EUR1,00\r\n:61:2603020302DR1,00NTRFNONREF\r\n:86:M".utf8)
            + [0xFC] + Array("ller\r\n:62F:C260302EUR0,00\r\n-}".utf8) + [0x03]
        #expect(FormatDetector.detect(prefix: bytes, fileName: "a.txt") == .mt940)
    }

    /// A CSV header that also looks like MT940 tags: the extension decides.
    @Test(arguments: [("a.csv", InputFormat.expenseCSV), ("a.sta", .mt940), ("a", .mt940)] as [(String, InputFormat)])
    func extensionBreaksTies(fileName: String, expected: InputFormat) {
        let content = "date,amount,memo\n2026-01-01,1,:20:x :61:y\n"
        #expect(FormatDetector.detect(prefix: Array(content.utf8), fileName: fileName) == expected)
    }

    @Test func toleratesASequenceCutByThePrefix() {
        let content = Array("date,amount\n2026-01-01,1,Caf".utf8) + [0xC3]
        #expect(FormatDetector.detect(prefix: content, fileName: "a") == .expenseCSV)
    }
}

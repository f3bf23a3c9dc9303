import Foundation
import KontorConfig
import KontorCore
import KontorStore
import KontorTesting
import Testing

/// One month of one account arriving three times — OFX, then camt.053, then a bank CSV
/// that also holds the first days of the next month — posts every transaction once, and
/// each receipt lists what it skipped (docs/decisions/record-ids-and-dedupe.md).
///
/// The fixtures (`Tests/Fixtures/overlap/`) hold the same six January lines with the bank's
/// ids where the format carries them (OFX FITID, camt.053 AcctSvcrRef); two of them are
/// different payments of the same amount on the same day (electricity and gas, 120.00 on
/// 10 January).
@Suite struct OverlapIntakeTests {
    static let folder = IntakeHarness.fixtures + "/overlap"

    static func harness() throws -> IntakeHarness {
        let harness = try IntakeHarness()
        try harness.temporary.write(try String(contentsOfFile: folder + "/overlap-bank.yaml", encoding: .utf8),
                                    to: harness.workspace.sourcesDirectory + "/overlap-bank.yaml")
        return harness
    }

    @Test("OFX, then camt.053, then CSV: each transaction posted once; the receipts list the skipped lines")
    func threeFormats() async throws {
        let harness = try Self.harness()
        try harness.drop(file: Self.folder + "/2026-01.ofx")
        #expect(try await harness.run().map(\.status) == [.imported])
        let ofx = try harness.receipt("2026-01.ofx")
        #expect(ofx["posted"]?.intValue == 6, "both 120.00 payments of 10 January are kept")
        #expect(ofx["skipped"] == [])

        try harness.drop(file: Self.folder + "/2026-01.camt053.xml")
        #expect(try await harness.run().map(\.status) == [.imported])
        let camt = try harness.receipt("2026-01.camt053.xml")
        #expect(camt["posted"]?.intValue == 0)
        let camtSkipped = try #require(camt["skipped"]?.arrayValue)
        #expect(camtSkipped.count == 6)
        // Each skipped line names the transaction it repeats: six different ones.
        #expect(Set(camtSkipped.compactMap { $0["already_posted_as"]?.intValue }).count == 6)
        #expect(camtSkipped.allSatisfy { $0["record"]?.stringValue?.hasPrefix("bank:Assets:Bank:Checking:camt:2026") == true })
        #expect(camt["statements"]?.arrayValue?.first?["closing"] == "3185.61")

        try harness.drop(file: Self.folder + "/2026-01-to-02-05.csv")
        #expect(try await harness.run().map(\.status) == [.imported])
        let csv = try harness.receipt("2026-01-to-02-05.csv")
        #expect(csv["format"] == "csv:overlap-bank")
        #expect(csv["posted"]?.intValue == 2, "only the two February lines are new")
        let csvSkipped = try #require(csv["skipped"]?.arrayValue)
        #expect(csvSkipped.map { $0["line"]?.intValue } == [2, 3, 4, 5, 6, 7])
        #expect(Set(csvSkipped.compactMap { $0["already_posted_as"]?.intValue })
                == Set(camtSkipped.compactMap { $0["already_posted_as"]?.intValue }))
        #expect(try harness.posted() == 8)

        // Dropping any of them again changes nothing.
        try harness.drop(file: Self.folder + "/2026-01.camt053.xml", named: "again.xml")
        #expect(try await harness.run().map(\.status) == [.duplicate])
        #expect(try harness.posted() == 8)
    }

    @Test("the reverse order posts the same: camt.053 first, then OFX, then CSV")
    func reverseOrder() async throws {
        let harness = try Self.harness()
        for name in ["2026-01.camt053.xml", "2026-01.ofx", "2026-01-to-02-05.csv"] {
            try harness.drop(file: Self.folder + "/" + name)
            #expect(try await harness.run().map(\.status) == [.imported], "\(name)")
        }
        #expect(try harness.receipt("2026-01.camt053.xml")["posted"]?.intValue == 6)
        #expect(try harness.receipt("2026-01.ofx")["posted"]?.intValue == 0)
        #expect(try harness.receipt("2026-01-to-02-05.csv")["posted"]?.intValue == 2)
        #expect(try harness.posted() == 8)
    }

    @Test("two identical-looking payments in one file are both kept; a later file of another format matches them one to one")
    func sameDaySameAmount() async throws {
        let harness = try Self.harness()
        let header = "Buchungstag;Wertstellung;Beguenstigter/Zahlungspflichtiger;Verwendungszweck;Betrag;Waehrung;Kontonummer\n"
        let line = "10.03.2026;10.03.2026;Parkhaus;Ticket;-4,00;EUR;\(IntakeHarness.iban)\n"
        try harness.drop(header + line + line, named: "march.csv")
        #expect(try await harness.run().map(\.status) == [.imported])
        #expect(try harness.receipt("march.csv")["posted"]?.intValue == 2)

        // An OFX of the same day with three such payments: two are known, the third is new.
        let ofx = try String(contentsOfFile: Self.folder + "/2026-01.ofx", encoding: .utf8)
        let head = ofx.components(separatedBy: "<STMTTRN>")[0]
        let tail = "</BANKTRANLIST>\r\n</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n"
        let lines = (1...3).map { "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260310<TRNAMT>-4.00<FITID>P\($0)<NAME>Parkhaus</STMTTRN>\r\n" }
        try harness.drop(head + lines.joined() + tail, named: "march.ofx")
        #expect(try await harness.run().map(\.status) == [.imported])
        let receipt = try harness.receipt("march.ofx")
        #expect(receipt["posted"]?.intValue == 1)
        #expect(receipt["skipped"]?.arrayValue?.count == 2)
        #expect(try harness.posted() == 3)
    }

    @Test("a date that comes back later in an unsorted file is counted with its earlier lines, skipped ones included")
    func unsortedFileCountsAReturningDate() async throws {
        let harness = try Self.harness()
        let header = "Buchungstag;Wertstellung;Beguenstigter/Zahlungspflichtiger;Verwendungszweck;Betrag;Waehrung;Kontonummer\n"
        let parking = "10.03.2026;10.03.2026;Parkhaus;Ticket;-4,00;EUR;\(IntakeHarness.iban)\n"
        let bakery = "11.03.2026;11.03.2026;Baeckerei;Brot;-3,10;EUR;\(IntakeHarness.iban)\n"
        // One parking payment of 10 March is known from an earlier file.
        try harness.drop(header + parking, named: "first.csv")
        #expect(try await harness.run().map(\.status) == [.imported])

        // 10 March, 11 March, 10 March again, 10 March again: the first is the known one,
        // the second and third 10 March payments are new (k = 2 and 3, counted after the
        // date came back).
        try harness.drop(header + parking + bakery + parking + parking, named: "unsorted.csv")
        #expect(try await harness.run().map(\.status) == [.imported])
        let receipt = try harness.receipt("unsorted.csv")
        #expect(receipt["posted"]?.intValue == 3)
        #expect(receipt["skipped"]?.arrayValue?.map { $0["line"]?.intValue } == [2])
        #expect(try harness.posted() == 4)

        // An OFX of the same days with the three parking payments and the bakery: all known.
        let ofx = try String(contentsOfFile: Self.folder + "/2026-01.ofx", encoding: .utf8)
        let head = ofx.components(separatedBy: "<STMTTRN>")[0]
        let tail = "</BANKTRANLIST>\r\n</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n"
        var lines = (1...3).map { "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260310<TRNAMT>-4.00<FITID>P\($0)<NAME>Parkhaus</STMTTRN>\r\n" }
        lines.insert("<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260311<TRNAMT>-3.10<FITID>B1<NAME>Baeckerei</STMTTRN>\r\n", at: 1)
        try harness.drop(head + lines.joined() + tail, named: "march.ofx")
        #expect(try await harness.run().map(\.status) == [.imported])
        #expect(try harness.receipt("march.ofx")["posted"]?.intValue == 0)
        #expect(try harness.posted() == 4)
    }

    /// A camt.053 statement of `month` (2026) whose entries carry only `NtryRef` 1, 2, … —
    /// numbers within the statement, as many banks write them — with the given amounts.
    static func camtNumberedPerStatement(month: Int, amounts: [String]) -> String {
        let day = String(format: "2026-%02d-10", month)
        let entries = amounts.enumerated().map { index, amount in
            """
                  <Ntry><NtryRef>\(index + 1)</NtryRef><Amt Ccy="EUR">\(amount)</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
                    <BookgDt><Dt>\(day)</Dt></BookgDt>
                    <NtryDtls><TxDtls><RltdPties><Cdtr><Nm>Lieferant \(index + 1)</Nm></Cdtr></RltdPties></TxDtls></NtryDtls></Ntry>

            """
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
              <GrpHdr><MsgId>M\(month)</MsgId><CreDtTm>2026-\(String(format: "%02d", month))-28T06:00:00</CreDtTm></GrpHdr>
              <Stmt><Id>S\(month)</Id><Acct><Id><IBAN>\(IntakeHarness.iban)</IBAN></Id><Ccy>EUR</Ccy></Acct>

            """ + entries + "  </Stmt>\n</BkToCstmrStmt></Document>\n"
    }

    @Test("entry references numbered per statement (NtryRef 1, 2, …) do not make next month's lines look posted")
    func entryReferencesAreNotBankIDs() async throws {
        let harness = try Self.harness()
        try harness.drop(Self.camtNumberedPerStatement(month: 1, amounts: ["10.00", "20.00"]), named: "january.xml")
        #expect(try await harness.run().map(\.status) == [.imported])
        try harness.drop(Self.camtNumberedPerStatement(month: 2, amounts: ["30.00", "40.00"]), named: "february.xml")
        #expect(try await harness.run().map(\.status) == [.imported])
        let february = try harness.receipt("february.xml")
        #expect(february["posted"]?.intValue == 2)
        #expect(february["skipped"] == [])
        #expect(try harness.posted() == 4)
        #expect(try harness.ledger().accountBalance(business: .acme, account: "Assets:Bank:Checking")[.EUR] == -10_000)
    }

    /// An OFX statement of the overlap account holding `lines` (date, amount, FITID).
    static func ofx(_ lines: [(String, String, String)]) -> String {
        let head = try! String(contentsOfFile: folder + "/2026-01.ofx", encoding: .utf8)
        let start = head.range(of: "<STMTTRN>")!.lowerBound
        let end = head.range(of: "</BANKTRANLIST>")!.lowerBound
        let body = lines.map { date, amount, fitid in
            "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>\(date)<TRNAMT>\(amount)<FITID>\(fitid)<NAME>Kiosk<MEMO>x</STMTTRN>\n"
        }.joined()
        // No stated balance: the lines are made up.
        var text = String(head[..<start]) + body + String(head[end...])
        if let balance = text.range(of: "<LEDGERBAL>"), let close = text.range(of: "</LEDGERBAL>") {
            text.removeSubrange(balance.lowerBound..<close.upperBound)
        }
        return text
    }

    @Test("a bank that reuses a FITID for a second line: a later file skips only as many as were posted")
    func reusedBankIDCountsOccurrences() async throws {
        let harness = try Self.harness()
        try harness.drop(Self.ofx([("20260303", "-10.00", "F1")]), named: "first.ofx")
        #expect(try await harness.run().map(\.status) == [.imported])
        try harness.drop(Self.ofx([("20260303", "-10.00", "F1"), ("20260304", "-25.00", "F1")]), named: "second.ofx")
        #expect(try await harness.run().map(\.status) == [.imported])
        let second = try harness.receipt("second.ofx")
        #expect(second["posted"]?.intValue == 1, "the line the first file did not have")
        #expect(second["skipped"]?.arrayValue?.count == 1)
        try harness.drop(Self.ofx([("20260303", "-10.00", "F1"), ("20260304", "-25.00", "F1"), ("20260305", "-1.00", "F2")]),
                         named: "third.ofx")
        #expect(try await harness.run().map(\.status) == [.imported])
        #expect(try harness.receipt("third.ofx")["posted"]?.intValue == 1)
        #expect(try harness.ledger().accountBalance(business: .acme, account: "Assets:Bank:Checking")[.EUR] == -3_600)
    }
}

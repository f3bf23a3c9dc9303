import Foundation
import KontorCore
import KontorRead
import Testing

/// Reads every OFX sample of `../shared/samples/{ofx1,ofx2}` and compares it with its
/// `.expected.json`; reads the hand-written positive samples of `ofx/` and checks them by
/// hand; pins the rejection of `ofx/negative/`.
///
/// Dates: Kontor books the date as the bank wrote it. Where the expectation comes from
/// ofxtools it has both `earliest_date` (as written) and `earliest_date_utc`; where it
/// comes from ofxparse it has only UTC dates (ofxparse shifts to UTC). So each file is
/// read twice: as written against `earliest_date`/`latest_date`, and with
/// ``OFXReader/DateBasis/utc`` against the `_utc` keys, whichever the file has.
@Suite struct OFXConformanceTests {
    static func read(_ path: String, dateBasis: OFXReader.DateBasis = .asWritten) throws -> [StatementEvent] {
        var source = MemoryByteSource(Array(try Data(contentsOf: URL(fileURLWithPath: path))), chunkSize: 4096)
        var events: [StatementEvent] = []
        try OFXReader(dateBasis: dateBasis).read(&source, fileName: (path as NSString).lastPathComponent) { events.append($0) }
        return events
    }

    @Test func samplesMatchTheirExpectations() throws {
        guard let samples = ConformanceHarness.samples else {
            print("ofx conformance: ../shared/samples is absent; skipped")
            return
        }
        var passed = 0
        var failures: [String] = []
        for folder in ["ofx1", "ofx2"] {
            let directory = samples + "/" + folder
            let files = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { !$0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
            for file in files {
                let path = directory + "/" + file
                var problems: [String] = []
                let prefix = Array(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(FormatDetector.prefixLength))
                let detected = FormatDetector.detect(prefix: prefix, fileName: file)
                if detected != .ofx { problems.append("detected as \(detected.rawValue), not ofx") }
                do {
                    let written = ConformanceHarness.summarize(try Self.read(path))
                    let utc = ConformanceHarness.summarize(try Self.read(path, dateBasis: .utc))
                    problems += try ConformanceHarness.differences(written, expectedFile: path + ".expected.json")
                    for problem in try ConformanceHarness.differences(utc, expectedFile: path + ".expected.json",
                                                                      dateKeys: ("earliest_date_utc", "latest_date_utc"))
                    where !problems.contains(problem) {
                        problems.append(problem + " (UTC)")
                    }
                } catch {
                    problems.append(ErrorRenderer.text(error))
                }
                if problems.isEmpty {
                    passed += 1
                } else {
                    failures.append("\(folder)/\(file):\n    " + problems.joined(separator: "\n    "))
                }
            }
        }
        print("ofx conformance: \(passed) passed, \(failures.count) failed")
        for failure in failures { print(failure) }
        #expect(passed > 0)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// `ofx/statement-1.02.qfx`: OFX 1.02 SGML, header block, unclosed leaves.
    @Test func readsTheHandWrittenOFX1Sample() throws {
        guard let samples = ConformanceHarness.samples else { return }
        let events = try Self.read(samples + "/ofx/statement-1.02.qfx")
        #expect(events == [
            .begin(StatementHeader(position: SourcePosition(line: 11, column: 195, path: "/OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS"),
                                   account: "1234", bank: "121000248", currency: .USD, accountKind: "CHECKING")),
            .transaction(BankTransaction(position: SourcePosition(line: 11, column: 336, recordID: "A1"),
                                         date: LocalDate(year: 2030, month: 1, day: 5)!,
                                         amount: Money(minorUnits: -1250, currency: .USD), bankID: "A1", payee: "Coffee", kind: "DEBIT")),
            .end(StatementFooter(position: SourcePosition(line: 11, column: 490),
                                 closing: StatedBalance(amount: Money(minorUnits: 10000, currency: .USD),
                                                        date: LocalDate(year: 2030, month: 1, day: 31), code: "LEDGERBAL"),
                                 from: LocalDate(year: 2030, month: 1, day: 1), to: LocalDate(year: 2030, month: 1, day: 31))),
        ])
    }

    /// `ofx/statement-2.2.ofx`: OFX 2.2 XML; 1000.00 + 1190.00 − 313.45 = LEDGERBAL 1876.55 EUR.
    @Test func readsTheHandWrittenOFX2Sample() throws {
        guard let samples = ConformanceHarness.samples else { return }
        let events = try Self.read(samples + "/ofx/statement-2.2.ofx")
        let eur = CurrencyCode.EUR
        #expect(events == [
            .begin(StatementHeader(position: SourcePosition(line: 16, column: 7, path: "/OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS"),
                                   account: "0532013000", bank: "37040044", currency: eur, accountKind: "CHECKING")),
            .transaction(BankTransaction(position: SourcePosition(line: 26, column: 11, recordID: "20300110-000001"),
                                         date: LocalDate(year: 2030, month: 1, day: 10)!, amount: Money(minorUnits: 119_000, currency: eur),
                                         bankID: "20300110-000001", payee: "Kunde Eins GmbH", memo: "Invoice INV-2030-0001", kind: "CREDIT")),
            .transaction(BankTransaction(position: SourcePosition(line: 34, column: 11, recordID: "20300115-000002"),
                                         date: LocalDate(year: 2030, month: 1, day: 15)!, amount: Money(minorUnits: -31_345, currency: eur),
                                         bankID: "20300115-000002", payee: "Lieferant Eins AG", memo: "Vendor invoice V-7781", kind: "DEBIT")),
            .end(StatementFooter(position: SourcePosition(line: 47, column: 7),
                                 closing: StatedBalance(amount: Money(minorUnits: 187_655, currency: eur),
                                                        date: LocalDate(year: 2030, month: 1, day: 31), code: "LEDGERBAL"),
                                 from: LocalDate(year: 2030, month: 1, day: 1), to: LocalDate(year: 2030, month: 1, day: 31))),
        ])
    }

    /// `ofx/negative/statement-2.2-bad-amount-trntype.ofx`: the amount `1.190,00` (line 29)
    /// is refused first; with it fixed, TRNTYPE `WITHDRAWAL` (line 35) is refused.
    @Test func rejectsTheNegativeSample() throws {
        guard let samples = ConformanceHarness.samples else { return }
        let path = samples + "/ofx/negative/statement-2.2-bad-amount-trntype.ofx"
        do {
            _ = try Self.read(path)
            Issue.record("the negative sample was read without error")
        } catch {
            #expect(ErrorRenderer.text(error) == """
                error: statement-2.2-bad-amount-trntype.ofx:29:21 /OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN/TRNAMT: \
                TRNAMT '1.190,00' has both '.' and ','; it is ambiguous which one is the decimal separator (OFX amounts have no thousands separators)
                  hint: \(OFXAmountHint.text)
                """)
        }
        let fixed = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        var source = MemoryByteSource(fixed.replacingOccurrences(of: "1.190,00", with: "1190.00"))
        do {
            try OFXReader().read(&source, fileName: "fixed.ofx") { _ in }
            Issue.record("WITHDRAWAL was accepted")
        } catch {
            #expect(error.position?.line == 35)
            #expect(error.message == "TRNTYPE 'WITHDRAWAL' is not an OFX transaction type")
        }
    }
}

enum OFXAmountHint {
    static let text = "OFX amounts are written like -1190.00 or -1190,00: an optional sign, one decimal separator, no thousands separators"
}

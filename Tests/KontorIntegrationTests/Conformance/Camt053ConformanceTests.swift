import Foundation
import KontorCore
import KontorRead
import Testing

/// Every camt.053 sample against what an established parser read from it
/// (`../shared/samples/camt053/*.expected.json`, pycamt), the positive ISO 20022 samples
/// against their SOURCES line, and the negative ones.
@Suite struct Camt053ConformanceTests {
    static func read(_ path: String) throws(KontorError) -> [StatementEvent] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KontorError(.notFound, "cannot read \(path)")
        }
        var source = MemoryByteSource(Array(data), chunkSize: 1000)
        var events: [StatementEvent] = []
        try Camt053Reader().read(&source, fileName: (path as NSString).lastPathComponent) { events.append($0) }
        return events
    }

    @Test func samplesMatchTheirExpectedResults() throws {
        guard let samples = ConformanceHarness.samples else {
            print("camt053 conformance: ../shared/samples is absent, nothing compared")
            return
        }
        let folder = samples + "/camt053"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasSuffix(".expected.json") }.sorted()
        var passed = 0
        var failures: [String] = []
        for file in files {
            let path = folder + "/" + file
            do {
                let problems = try ConformanceHarness.differences(ConformanceHarness.summarize(Self.read(path)),
                                                                  expectedFile: path + ".expected.json")
                if problems.isEmpty { passed += 1 } else { failures.append(file + ": " + problems.joined(separator: "; ")) }
            } catch {
                failures.append("\(file): \(error)")
            }
        }
        print("camt053 conformance: \(passed) passed, \(failures.count) failed")
        for failure in failures { print("  " + failure) }
        #expect(failures.isEmpty)
        #expect(!files.isEmpty, "the camt053 samples folder is empty")
    }

    /// `SOURCES.md`: OPBD 1000.00 + 1190.00 CRDT − 313.45 DBIT = CLBD 1876.55 EUR.
    @Test(arguments: ["camt.053.001.02-sample.xml", "camt.053.001.08-sample.xml"])
    func isoSamplesMatchTheirSourcesLine(_ file: String) throws {
        guard let samples = ConformanceHarness.samples else { return }
        let events = try Self.read(samples + "/iso20022/" + file)
        let summaries = ConformanceHarness.summarize(events)
        try #require(summaries.count == 1)
        let summary = summaries[0]
        #expect(summary.account == "DE89370400440532013000")
        #expect(summary.currency == "EUR")
        #expect(summary.count == 2)
        #expect(summary.opening == Decimal(string: "1000.00"))
        #expect(summary.sum == Decimal(string: "876.55"))
        #expect(summary.closing == Decimal(string: "1876.55"))
        let amounts = events.compactMap { event -> Money? in
            if case .transaction(let transaction) = event { return transaction.amount } else { return nil }
        }
        #expect(amounts == [Money(minorUnits: 119_000, currency: .EUR), Money(minorUnits: -31_345, currency: .EUR)])
        let ids = events.compactMap { event -> String? in
            if case .transaction(let transaction) = event { return transaction.endToEndID } else { return nil }
        }
        #expect(ids == ["INV-2030-0001", "KONTOR-E2E-0001"])
    }

    @Test func xsdErrorSampleIsRefusedWithThePath() throws {
        guard let samples = ConformanceHarness.samples else { return }
        let path = samples + "/iso20022/negative/camt.053.001.08-xsd-errors.xml"
        #expect(throws: KontorError(
            .badInput, "CdtDbtInd is \"DEBIT\", but camt.053 allows only CRDT (credit) or DBIT (debit)",
            hint: "the file does not follow the camt.053 schema; ask the bank for a valid export",
            at: SourcePosition(file: "camt.053.001.08-xsd-errors.xml", line: 54,
                               path: "/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/CdtDbtInd"))) {
            _ = try Self.read(path)
        }
    }

    /// XSD-valid but off by 0.01: the reader reads it; the pipeline's statement check
    /// (issue 3 point 2) is what must reject it.
    @Test func unbalancedSampleIsReadWithItsFigures() throws {
        guard let samples = ConformanceHarness.samples else { return }
        let summaries = ConformanceHarness.summarize(try Self.read(samples + "/iso20022/negative/camt.053.001.02-unbalanced.xml"))
        try #require(summaries.count == 1)
        #expect(summaries[0].opening == Decimal(string: "1000.00"))
        #expect(summaries[0].sum == Decimal(string: "876.55"))
        #expect(summaries[0].closing == Decimal(string: "1876.56"))
    }
}

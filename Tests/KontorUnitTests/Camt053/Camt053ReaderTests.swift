import KontorCore
import KontorRead
import Testing

/// The camt.053 reader on hand-made statements: every rule it applies and every error it
/// reports, pinned by golden files in `Fixtures/camt053/`.
@Suite struct Camt053ReaderTests {
    static let goldenCases = [
        // What is read.
        "batch_and_status", "version08_prefixed", "no_namespace", "trailing_zero_decimals", "latin1_declared",
        // Content errors, each with its element path.
        "debit_indicator", "excess_decimals", "signed_amount", "missing_currency", "unknown_currency", "missing_amount",
        "unknown_status", "missing_date", "bad_date", "no_statement", "no_currency", "pain001", "html_root",
        // Broken and hostile files.
        "truncated", "doctype_xxe", "doctype_external", "billion_laughs", "undefined_entity", "latin1_declared_utf8",
        "binary_garbage", "not_xml", "empty",
    ]

    @Test(arguments: goldenCases)
    func golden(_ name: String) throws {
        let bytes = try Golden.input("camt053", name + ".xml")
        try Golden.check(Camt053Golden.render(bytes, fileName: name + ".xml"), folder: "camt053", name: name + ".xml")
    }

    /// Chunk boundaries never change what is read.
    @Test(arguments: [1, 2, 3, 64, 1 << 16])
    func chunkSizeDoesNotMatter(_ chunkSize: Int) throws {
        let bytes = try Golden.input("camt053", "batch_and_status.xml")
        #expect(Camt053Golden.render(bytes, fileName: "a.xml", chunkSize: chunkSize)
                == Camt053Golden.render(bytes, fileName: "a.xml", chunkSize: 4096))
    }

    @Test func roundsExcessDecimalsOnlyWhenAsked() throws {
        let bytes = try Golden.input("camt053", "excess_decimals.xml")
        var source = MemoryByteSource(bytes)
        var amounts: [Money] = []
        try Camt053Reader(rounding: .halfUp).read(&source, fileName: "a.xml") { event in
            if case .transaction(let transaction) = event { amounts.append(transaction.amount) }
        }
        #expect(amounts == [Money(minorUnits: 1000, currency: .EUR), Money(minorUnits: -501, currency: .EUR)])
    }

    /// Positions number the repeating records: the fifth entry of the second statement.
    @Test func positionsNameStatementAndEntry() throws {
        let entry = "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-01-01</Dt></BookgDt></Ntry>\n"
        let statement = "<Stmt><Acct><Ccy>EUR</Ccy></Acct>\n" + String(repeating: entry, count: 5) + "</Stmt>\n"
        var source = MemoryByteSource("<Document>\n<BkToCstmrStmt>\n" + statement + statement + "</BkToCstmrStmt>\n</Document>\n")
        var positions: [SourcePosition] = []
        try Camt053Reader().read(&source, fileName: "s.xml") { event in
            if case .transaction(let transaction) = event { positions.append(transaction.position) }
        }
        #expect(positions.count == 10)
        #expect(positions.last == SourcePosition(file: "s.xml", line: 15, path: "/Document/BkToCstmrStmt/Stmt[2]/Ntry[5]"))
    }
}

import KontorCore
import KontorRead
import Testing

/// Hostile input for the camt.053 reader (issue 3 acceptance): each is refused with a
/// clear message and position after reading only a bounded part of the stream, which is
/// what keeps time and memory bounded however large the input claims to be. (The
/// DOCTYPE/XXE/entity-bomb files are golden cases in ``Camt053ReaderTests``.)
@Suite struct Camt053HostileInputTests {
    /// A stream of `head`, then `unit` repeated `count` times, then `tail`, generated on
    /// the fly; it counts the bytes handed out.
    struct GeneratedSource: ByteSource {
        let head: [UInt8], unit: [UInt8], tail: [UInt8]
        var remainingUnits: Int
        var delivered = 0
        private var stage = 0

        init(head: String, unit: String, count: Int, tail: String = "") {
            self.head = Array(head.utf8)
            self.unit = Array(unit.utf8)
            self.tail = Array(tail.utf8)
            remainingUnits = count
        }

        mutating func nextChunk() throws(KontorError) -> ArraySlice<UInt8>? {
            var chunk: [UInt8]
            switch stage {
            case 0:
                stage = 1
                chunk = head
            case 1 where remainingUnits > 0:
                let units = min(remainingUnits, max(1, 4096 / max(1, unit.count)))
                remainingUnits -= units
                chunk = []
                chunk.reserveCapacity(units * unit.count)
                for _ in 0..<units { chunk += unit }
            case 1, 2:
                stage = 3
                chunk = tail
            default:
                return nil
            }
            if chunk.isEmpty { return try nextChunk() }
            delivered += chunk.count
            return chunk[...]
        }
    }

    func read(_ source: inout GeneratedSource, reader: Camt053Reader = Camt053Reader(),
              onEvent: (StatementEvent) -> Void = { _ in }) -> KontorError? {
        do {
            try reader.read(&source, fileName: "hostile.xml") { event in onEvent(event) }
            return nil
        } catch {
            return error
        }
    }

    @Test func deepNestingIsRefusedAtTheDepthCap() throws {
        var source = GeneratedSource(head: "<Document><BkToCstmrStmt><Stmt>", unit: "<a>", count: 10_000,
                                     tail: String(repeating: "</a>", count: 10_000) + "</Stmt></BkToCstmrStmt></Document>")
        let error = try #require(read(&source))
        #expect(error.message == "elements nest deeper than 64 levels")
        #expect(error.position?.line == 1)
        #expect(error.position?.path?.hasPrefix("/Document/BkToCstmrStmt/Stmt[1]/a/a/") == true)
        #expect(error.position?.path?.split(separator: "/").count == 64)
        #expect(source.delivered < 64 << 10)
    }

    /// A billion `<a>` levels: still refused after a few kilobytes.
    @Test func endlessNestingStopsEarly() throws {
        var source = GeneratedSource(head: "<Document><BkToCstmrStmt><Stmt>", unit: "<a>", count: 1 << 30)
        #expect(read(&source)?.message == "elements nest deeper than 64 levels")
        #expect(source.delivered < 64 << 10)
    }

    @Test func inputOverTheSizeCapIsRefused() throws {
        let entry = "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-01-01</Dt></BookgDt></Ntry>\n"
        var source = GeneratedSource(head: "<Document><BkToCstmrStmt><Stmt><Acct><Ccy>EUR</Ccy></Acct>\n", unit: entry,
                                     count: 1 << 30)
        var transactions = 0
        let error = try #require(read(&source, reader: Camt053Reader(maximumInputBytes: 1 << 20)) { event in
            if case .transaction = event { transactions += 1 }
        })
        #expect(error.message == "the file is larger than 1048576 bytes, the limit for an XML statement")
        #expect(error.position?.path?.hasPrefix("/Document/BkToCstmrStmt/Stmt[1]") == true)
        // Streaming: entries were emitted while the file was still being read.
        #expect(transactions > 5_000)
        #expect(source.delivered <= (1 << 20) + 8192)
    }

    /// An endless text node: libxml2's own 10 MB text limit (kept by never setting
    /// XML_PARSE_HUGE) ends it.
    @Test func endlessTextIsRefused() throws {
        var source = GeneratedSource(head: "<Document><BkToCstmrStmt><Stmt><Id>", unit: "AAAAAAAA", count: 1 << 30)
        let error = try #require(read(&source))
        #expect(error.message == "a value in the file is larger than the XML parser accepts (xmlSAX2Characters: huge text node)")
        #expect(error.position?.path == "/Document/BkToCstmrStmt/Stmt[1]/Id")
        #expect(error.position?.line == 1)
        #expect(source.delivered < 12_000_000)
    }

    /// The same refusals hold when the bomb is not behind a DOCTYPE the reader sees first:
    /// a DOCTYPE anywhere before the root is refused before any element is reported.
    @Test func doctypeIsRefusedBeforeAnyEvent() throws {
        var source = GeneratedSource(head: "<?xml version=\"1.0\"?>\n<!DOCTYPE Document [<!ENTITY a \"b\">]>\n<Document><BkToCstmrStmt>",
                                     unit: "<Stmt><Acct><Ccy>EUR</Ccy></Acct></Stmt>", count: 1 << 30)
        var events = 0
        let error = try #require(read(&source) { _ in events += 1 })
        #expect(error.message.contains("DOCTYPE"))
        #expect(events == 0)
        #expect(source.delivered < 64 << 10)
    }
}

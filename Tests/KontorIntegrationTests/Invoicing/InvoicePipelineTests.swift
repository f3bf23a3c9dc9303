import Foundation
import KontorCore
import KontorInvoicing
import KontorPackage
import KontorStore
import Testing

@Suite struct InvoicePipelineTests {
    @Test func clientsAreStoredAndUpdated() async throws {
        let ws = try InvoiceWorkspace()
        let outcome = try await ws.process(InvoiceWorkspace.clientsYAML, named: "clients.yaml", channel: .clients)
        #expect(outcome.status == .imported)
        #expect(try ws.store.clients(business: InvoiceWorkspace.acme).map(\.id) == ["globex", "initech"])
        let changed = InvoiceWorkspace.clientsYAML.replacingOccurrences(of: "ap@globex.example", with: "invoices@globex.example")
        try await ws.process(changed, named: "clients-2.yaml", channel: .clients)
        let globex = try #require(try ws.store.client(business: InvoiceWorkspace.acme, id: "globex"))
        #expect(globex.version == 2)
        #expect(globex.data.contains("invoices@globex.example"))
        #expect(try ws.store.client(business: InvoiceWorkspace.acme, id: "initech")?.version == 1)
    }

    @Test func issuedInvoicePostsBalancedAndWritesItsPackage() async throws {
        let ws = try InvoiceWorkspace()
        try await ws.clients()
        let outcome = try await ws.process(InvoiceWorkspace.request(key: "r1", lines: 3), named: "r1.yaml", channel: .invoices)
        #expect(outcome.status == .imported, "\(String(describing: outcome.error))")
        let invoices = try ws.invoices()
        #expect(invoices.map(\.number) == ["INV-2026-00001"])
        #expect(invoices[0].status == "issued")
        // 3 × 2 × 10.50 = 63.00 net, 11.97 tax.
        #expect(invoices[0].payable == 7_497)
        #expect(try ws.store.accountBalance(business: InvoiceWorkspace.acme, account: "Assets:Receivables") == [.EUR: 7_497])
        #expect(try ws.store.accountBalance(business: InvoiceWorkspace.acme, account: "Income:Sales") == [.EUR: -6_300])
        #expect(try ws.store.accountBalance(business: InvoiceWorkspace.acme, account: "Liabilities:Tax:Output") == [.EUR: -1_197])
        let package = ws.outbox("invoices/INV-2026-00001.zip")
        #expect(DurableFile.exists(package))
        let entries = try ArchiveReader().entries(ofFileAt: package).map(\.name)
        #expect(Set(entries) == ["INV-2026-00001.json", "INV-2026-00001.xml", "INV-2026-00001.html", "INV-2026-00001.pdf", "manifest.json"])
        let events = try ws.store.invoiceEvents(invoice: invoices[0].id)
        #expect(events.map(\.event) == ["issued"])
    }

    @Test func numbersAreGapFreeWhenAnIssueFailsMidway() async throws {
        let ws = try InvoiceWorkspace()
        try await ws.clients()
        try await ws.process(InvoiceWorkspace.request(key: "a"), named: "a.yaml", channel: .invoices)
        // The second request of this file names an unknown client: the first was already
        // numbered inside the transaction, and the whole file rolls back.
        let failing = InvoiceWorkspace.request(key: "b") + """
              - key: c
                client: nobody
                issue_date: 2026-11-02
                lines:
                  - { description: X, quantity: 1, unit_price: 1, tax_category: S, tax_rate: 19 }

            """
        let rejected = try await ws.process(failing, named: "b.yaml", channel: .invoices)
        #expect(rejected.status == .rejected)
        #expect(rejected.error?.message.contains("unknown client 'nobody'") == true)
        #expect(DurableFile.exists(ws.outbox("rejected/b.yaml.error.json")))
        try await ws.process(InvoiceWorkspace.request(key: "d"), named: "d.yaml", channel: .invoices)
        #expect(try ws.invoices().compactMap(\.number) == ["INV-2026-00001", "INV-2026-00002"])
        #expect(!DurableFile.exists(ws.outbox("invoices/INV-2026-00003.zip")))
    }

    @Test func seriesAndYearsCountSeparately() async throws {
        let ws = try InvoiceWorkspace()
        try await ws.clients()
        try await ws.process(InvoiceWorkspace.request(key: "a") + InvoiceWorkspace.request(key: "b", extra: "    series: EXP")
            .replacingOccurrences(of: "invoices:\n", with: ""), named: "a.yaml", channel: .invoices)
        try await ws.process(InvoiceWorkspace.request(key: "c", date: "2027-01-04"), named: "c.yaml", channel: .invoices)
        #expect(try ws.invoices().compactMap(\.number) == ["EXP-2026-0001", "INV-2026-00001", "INV-2027-00001"])
    }

    @Test func sameRequestTwiceIsHandledOnce() async throws {
        let ws = try InvoiceWorkspace()
        try await ws.clients()
        try await ws.process(InvoiceWorkspace.request(key: "a"), named: "a.yaml", channel: .invoices)
        let duplicate = try await ws.process(InvoiceWorkspace.request(key: "a"), named: "a-again.yaml", channel: .invoices)
        #expect(duplicate.status == .duplicate)
        // The same key in a different file is skipped, not issued again.
        let again = try await ws.process(InvoiceWorkspace.request(key: "a", lines: 2), named: "a-changed.yaml", channel: .invoices)
        #expect(again.status == .imported)
        #expect(try ws.invoices().count == 1)
        let receipt = try String(contentsOfFile: again.receiptPath, encoding: .utf8)
        #expect(receipt.contains("already handled"))
    }

    @Test func draftIsIssuedOrVoidedByChangeRequests() async throws {
        let ws = try InvoiceWorkspace()
        try await ws.clients()
        try await ws.process(InvoiceWorkspace.request(key: "d1", extra: "    status: draft") + InvoiceWorkspace.request(key: "d2", extra: "    status: draft")
            .replacingOccurrences(of: "invoices:\n", with: ""), named: "drafts.yaml", channel: .invoices)
        #expect(try ws.invoices().map(\.status) == ["draft", "draft"])
        #expect(try ws.invoices().allSatisfy { $0.number == nil })
        try await ws.process("""
            changes:
              - { key: x1, action: issue, invoice: d1, date: 2026-11-05 }
              - { key: x2, action: void, invoice: d2, date: 2026-11-05, reason: not needed }
            """, named: "changes.yaml", channel: .invoices)
        let rows = try ws.invoices()
        #expect(rows.map(\.status) == ["issued", "void"])
        #expect(rows[0].number == "INV-2026-00001")
        #expect(rows[0].issueDate == "2026-11-05")
        #expect(try ws.store.invoiceEvents(invoice: rows[0].id).map(\.event) == ["drafted", "issued"])
        #expect(try ws.store.invoiceEvents(invoice: rows[1].id).map(\.event) == ["drafted", "voided"])
        // Voiding an issued invoice is refused and rejects the file.
        let refused = try await ws.process("changes:\n  - { key: x3, action: void, invoice: INV-2026-00001, date: 2026-11-06 }\n",
                                           named: "void-issued.yaml", channel: .invoices)
        #expect(refused.status == .rejected)
        #expect(refused.error?.message.contains("cannot be voided") == true)
    }

    @Test func creditNotesCancelFullyOrPartlyAndDueDatesMove() async throws {
        let ws = try InvoiceWorkspace()
        try await ws.clients()
        try await ws.process(InvoiceWorkspace.request(key: "a", lines: 2) + InvoiceWorkspace.request(key: "b")
            .replacingOccurrences(of: "invoices:\n", with: ""), named: "a.yaml", channel: .invoices)
        try await ws.process("""
            changes:
              - key: c1
                action: credit
                invoice: INV-2026-00001
                date: 2026-11-10
                reason: One item returned
                lines:
                  - { description: Item 1, quantity: 2, unit_price: 10.50, tax_category: S, tax_rate: 19 }
              - { key: c2, action: credit, invoice: b, date: 2026-11-10, reason: Cancelled }
              - { key: c3, action: change_due_date, invoice: INV-2026-00001, date: 2026-11-11, due_date: 2027-01-31 }
            """, named: "changes.yaml", channel: .invoices)
        let first = try #require(try ws.store.invoice(business: InvoiceWorkspace.acme, numberOrKey: "INV-2026-00001"))
        #expect(first.status == "issued")
        #expect(first.credited == 2_499)
        #expect(first.open == 2_499)
        #expect(first.dueDate == "2027-01-31")
        let second = try #require(try ws.store.invoice(business: InvoiceWorkspace.acme, numberOrKey: "INV-2026-00002"))
        #expect(second.status == "credited")
        let notes = try ws.invoices { $0.kind = "credit-note" }
        #expect(notes.compactMap(\.number) == ["CN-2026-00001", "CN-2026-00002"])
        #expect(DurableFile.exists(ws.outbox("invoices/CN-2026-00001.zip")))
        // The document of an issued invoice never changes: its due date stays as issued.
        let document = try StorageCodec.decode(InvoiceDocument.self, from: first.document)
        #expect(document.dueDate.description == "2026-12-02" || document.dueDate.description == "2026-11-16")
        #expect(try ws.store.invoiceEvents(invoice: first.id).map(\.event) == ["issued", "credited", "due-date-changed"])
        // Receivables equal the sum of open balances.
        let open = try ws.store.openInvoices(business: InvoiceWorkspace.acme).reduce(0) { $0 + $1.open }
        #expect(try ws.store.accountBalance(business: InvoiceWorkspace.acme, account: "Assets:Receivables") == [.EUR: open])
        // Crediting more than is open is refused.
        let refused = try await ws.process("changes:\n  - { key: c4, action: credit, invoice: INV-2026-00002, date: 2026-11-12, reason: again }\n",
                                           named: "again.yaml", channel: .invoices)
        #expect(refused.status == .rejected)
    }

    @Test func sameStateGivesByteIdenticalPackages() async throws {
        var packages: [[UInt8]] = []
        for _ in 0..<2 {
            let ws = try InvoiceWorkspace()
            try await ws.clients()
            try await ws.process(InvoiceWorkspace.request(key: "a", lines: 40), named: "a.yaml", channel: .invoices)
            packages.append(Array(try Data(contentsOf: URL(fileURLWithPath: ws.outbox("invoices/INV-2026-00001.zip")))))
        }
        #expect(packages[0].count > 10_000)
        #expect(packages[0] == packages[1])
    }

    @Test func requestErrorsRejectTheFileWithPosition() async throws {
        let ws = try InvoiceWorkspace()
        try await ws.clients()
        let outcome = try await ws.process(InvoiceWorkspace.request(key: "a").replacingOccurrences(of: "tax_rate: 19", with: "tax_rate: 19, discount: 1.005"),
                                           named: "bad.yaml", channel: .invoices)
        #expect(outcome.status == .rejected)
        let report = try String(contentsOfFile: ws.outbox("rejected/bad.yaml.error.json"), encoding: .utf8)
        #expect(report.contains("more decimals than EUR invoices allow"))
        #expect(report.contains("bad.yaml"))
        #expect(try ws.invoices().isEmpty)
        #expect(try ws.store.accountBalance(business: InvoiceWorkspace.acme, account: "Assets:Receivables").isEmpty)
    }

    @Test func aRequestRejectedForAMissingClientPassesOnceTheClientExists() async throws {
        let ws = try InvoiceWorkspace()
        let early = try await ws.process(InvoiceWorkspace.request(key: "a"), named: "a.yaml", channel: .invoices)
        #expect(early.status == .rejected)
        try await ws.clients()
        let again = try await ws.process(InvoiceWorkspace.request(key: "a"), named: "a.yaml", channel: .invoices)
        #expect(again.status == .imported)
        #expect(try ws.invoices().compactMap(\.number) == ["INV-2026-00001"])
    }
}

import Foundation
import KontorCore
import KontorStore
import Testing

/// The invoice tables as payment matching will use them: allocations recorded with their
/// evidence, the lifecycle columns moved, open balances queried; issued rows refuse edits.
@Suite struct InvoiceStoreTests {
    let business = BusinessID("acme")!

    func store() throws -> LedgerStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kontor-invoice-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try LedgerStore.open(path: directory + "/kontor.sqlite")
        try store.register(business: business, name: "Acme", baseCurrency: .EUR)
        return store
    }

    func arrival(_ name: String) -> FileArrival {
        FileArrival(business: business, digest: FileDigest(hex: String(repeating: String(name.first!), count: 64)), name: name,
                    channel: .invoices, size: 10, receivedAt: "2026-11-26T00:00:00Z", spoolPath: "/spool/\(name)")
    }

    func plan(_ id: Int64) -> FilePlan { FilePlan(finalPath: "/archive/\(id)", receiptPath: "/receipts/\(id).json") }

    func invoice(_ number: String, payable: Int64) -> NewInvoice {
        NewInvoice(key: "k-\(number)", kind: "invoice", series: "INV", number: number, clientID: "globex",
                   issueDate: LocalDate(iso: "2026-11-02")!, dueDate: LocalDate(iso: "2026-11-16")!, currency: .EUR, payable: payable,
                   taxTotal: 0, status: "issued", document: "{}", transactionID: nil, packagePath: nil)
    }

    @Test func paymentsAreAllocatedAndOpenBalancesFollow() throws {
        let store = try store()
        _ = try store.importFile(arrival("a.yaml"), format: "invoice-request", plan: plan) { batch in
            let first = try batch.insert(invoice("INV-1", payable: 10_000))
            _ = try batch.insert(invoice("INV-2", payable: 5_000))
            try batch.recordPayment(invoice: first, amount: Money(minorUnits: 4_000, currency: .EUR), date: LocalDate(iso: "2026-11-20")!,
                                    transactionID: nil, evidence: ["kind": "reference", "score": 100])
            try batch.updateLifecycle(first, status: "partially-paid", paid: 4_000, credited: 0)
        } outputs: { _, _ in [] }
        let open = try store.openInvoices(business: business)
        #expect(open.map(\.number) == ["INV-1", "INV-2"])
        #expect(open.map(\.open) == [6_000, 5_000])
        let first = try #require(try store.invoice(business: business, numberOrKey: "INV-1"))
        let payments = try store.invoicePayments(invoice: first.id)
        #expect(payments.map(\.amount) == [4_000])
        #expect(payments.first?.evidence.contains("\"kind\":\"reference\"") == true)
    }

    @Test func anIssuedInvoiceCannotBeReissuedOrNumberedTwice() throws {
        let store = try store()
        #expect(throws: KontorError.self) {
            _ = try store.importFile(arrival("b.yaml"), format: "invoice-request", plan: plan) { batch in
                let id = try batch.insert(invoice("INV-1", payable: 100))
                try batch.issueDraft(id, as: invoice("INV-9", payable: 1))
            } outputs: { _, _ in [] }
        }
        #expect(throws: KontorError.self) {
            _ = try store.importFile(arrival("c.yaml"), format: "invoice-request", plan: plan) { batch in
                _ = try batch.insert(invoice("INV-1", payable: 100))
                var duplicate = invoice("INV-1", payable: 100)
                duplicate.key = "other"
                _ = try batch.insert(duplicate)
            } outputs: { _, _ in [] }
        }
        #expect(try store.invoices(InvoiceQuery(business: business)).isEmpty, "both files rolled back")
    }

    @Test func countersAdvancePerSeriesAndPeriodAndRollBack() throws {
        let store = try store()
        let (_, numbers) = try store.importFile(arrival("d.yaml"), format: "invoice-request", plan: plan) { batch in
            [try batch.nextInvoiceSequence(series: "INV", period: "2026"), try batch.nextInvoiceSequence(series: "INV", period: "2026"),
             try batch.nextInvoiceSequence(series: "INV", period: "2027"), try batch.nextInvoiceSequence(series: "EXP", period: "2026")]
        } outputs: { _, _ in [] }
        #expect(numbers == [1, 2, 1, 1])
        #expect(throws: KontorError.self) {
            _ = try store.importFile(arrival("e.yaml"), format: "invoice-request", plan: plan) { batch in
                _ = try batch.nextInvoiceSequence(series: "INV", period: "2026")
                throw KontorError(.badInput, "fails after numbering")
            } outputs: { _, _ in [] }
        }
        let (_, next) = try store.importFile(arrival("f.yaml"), format: "invoice-request", plan: plan) { batch in
            try batch.nextInvoiceSequence(series: "INV", period: "2026")
        } outputs: { _, _ in [] }
        #expect(next == 3)
    }
}
